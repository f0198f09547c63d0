/// The number formats of stage 3 (SU-FA), every one a generator parameter; docs/SU-FA.md defines the arithmetic
/// and proves the widths. Defaults in brackets.
///
/// - exp2 unit (SOFA-SPEC 4, `Exp2Approximation`): input code u with `exp2IntegerBits` [6] integer and
///   `exp2FractionBits` F_u [10] fraction bits; output mantissa / 2^P / 2^shift, P = `exp2MantissaBits` [10],
///   `exp2TableBits` [4], `exp2ShiftBits` [5] (results below 2^-32 read as 0).
/// - softmax constant c = mantissa * 2^-shift: a `constantMantissaBits` B [16] mantissa, normalized (top bit set),
///   and a `constantShiftBits` [6] shift register; 16 significant bits, relative precision 2^-16, for any c in
///   [2^(B-1) * 2^-(2^shiftBits - 1), 2^(B - F_u - 1)) = [2^-48, 32).
/// - p, l and o: fixed point with `weightFraction` F [16] fraction bits (p <= 1, so p has F + 1 bits).
/// - the rescale factor r: fixed point with `rescaleFraction` F_r [24] fraction bits.
/// - the output O: signed, `outputFraction` [8] fraction bits, 8 + outputFraction bits in all (|O| <= 128).
public struct SUFAFormat: Sendable, Hashable {
    public var exp2IntegerBits: Int
    public var exp2FractionBits: Int
    public var exp2TableBits: Int
    public var exp2MantissaBits: Int
    public var exp2ShiftBits: Int
    public var constantMantissaBits: Int
    public var constantShiftBits: Int
    public var weightFraction: Int
    public var rescaleFraction: Int
    public var outputFraction: Int

    public init(exp2IntegerBits: Int = 6, exp2FractionBits: Int = 10, exp2TableBits: Int = 4, exp2MantissaBits: Int = 10,
                exp2ShiftBits: Int = 5, constantMantissaBits: Int = 16, constantShiftBits: Int = 6,
                weightFraction: Int = 16, rescaleFraction: Int = 24, outputFraction: Int = 8) {
        self.exp2IntegerBits = exp2IntegerBits
        self.exp2FractionBits = exp2FractionBits
        self.exp2TableBits = exp2TableBits
        self.exp2MantissaBits = exp2MantissaBits
        self.exp2ShiftBits = exp2ShiftBits
        self.constantMantissaBits = constantMantissaBits
        self.constantShiftBits = constantShiftBits
        self.weightFraction = weightFraction
        self.rescaleFraction = rescaleFraction
        self.outputFraction = outputFraction
    }

    public func validate() throws {
        // The exp2 unit's own limits (Exp2Unit.validate).
        try require((1...16).contains(exp2IntegerBits), "exp2 integer bits must be 1...16, got \(exp2IntegerBits)")
        try require((1...16).contains(exp2FractionBits), "exp2 fraction bits must be 1...16, got \(exp2FractionBits)")
        try require((0...min(exp2FractionBits, 10)).contains(exp2TableBits),
                    "exp2 table bits must be 0...min(fraction bits, 10), got \(exp2TableBits)")
        try require((2...24).contains(exp2MantissaBits), "exp2 mantissa bits must be 2...24, got \(exp2MantissaBits)")
        try require((1...exp2IntegerBits).contains(exp2ShiftBits), "exp2 shift bits must be 1...integer bits, got \(exp2ShiftBits)")
        try require((16...32).contains(constantMantissaBits),
                    "constant mantissa bits must be 16...32 (16 significant bits at least), got \(constantMantissaBits)")
        try require((1...7).contains(constantShiftBits), "constant shift bits must be 1...7, got \(constantShiftBits)")
        try require(minimumConstantShift <= maximumConstantShift,
                    "constant shift bits \(constantShiftBits) cannot hold a shift of \(minimumConstantShift) (exp2 fraction bits + 1)")
        try require((1...32).contains(weightFraction), "weight fraction bits must be 1...32, got \(weightFraction)")
        try require((1...40).contains(rescaleFraction), "rescale fraction bits must be 1...40, got \(rescaleFraction)")
        // The divider's quotient is at most 32 bits (SoftmaxDivider.validate).
        try require((0...24).contains(outputFraction), "output fraction bits must be 0...24, got \(outputFraction)")
    }

    /// The exp2 unit's model.
    public var exp2: Exp2Approximation {
        Exp2Approximation(integerBits: exp2IntegerBits, fractionBits: exp2FractionBits, tableBits: exp2TableBits,
                          mantissaBits: exp2MantissaBits, shiftBits: exp2ShiftBits)
    }

    /// The end-of-row divider's model: o and l both have F fraction bits, the quotient `outputWidth` bits.
    public var divider: RoundedQuotient {
        RoundedQuotient(numeratorFraction: weightFraction, denominatorFraction: weightFraction,
                        quotientWidth: outputWidth, quotientFraction: outputFraction)
    }

    // MARK: Widths (docs/SU-FA.md, "Widths")

    /// The exp2 unit's input u: I + F_u bits; the largest code is the saturation value.
    public var exponentInputWidth: Int { exp2IntegerBits + exp2FractionBits }
    public var largestExponentInput: Int { (1 << exponentInputWidth) - 1 }
    /// c's shift: the product diff * c_m is shifted right by shift - F_u >= 1, so rounding always has a bit to round.
    public var minimumConstantShift: Int { exp2FractionBits + 1 }
    public var maximumConstantShift: Int { (1 << constantShiftBits) - 1 }
    /// p (and a weight p * 2^F <= 2^F): F + 1 bits unsigned.
    public var weightWidth: Int { weightFraction + 1 }
    /// r <= 1: F_r + 1 bits unsigned.
    public var rescaleWidth: Int { rescaleFraction + 1 }
    /// O: 8 integer bits (|O| <= 128) and `outputFraction` fraction bits, signed.
    public var outputWidth: Int { 8 + outputFraction }

    /// The exact score q . k: |s| <= d * 2^14, 16 + ceil(log2 d) bits signed (SOFA-SPEC 1-2).
    public static func scoreWidth(headDim d: Int) -> Int { 16 + FixedPoint.ceilLog2(d) }
    /// m - s_j (or s_j - m) >= 0: at most d * (128 * 128 + 128 * 127) = d * 32640 < d * 2^15.
    public static func differenceWidth(headDim d: Int) -> Int { FixedPoint.bitLength(d * 32640) }
    /// diff * c_m, before the shift to u.
    public func exponentProductWidth(headDim d: Int) -> Int { Self.differenceWidth(headDim: d) + constantMantissaBits }
    /// l <= (keys processed) * 2^F: F + ceil(log2(N + 1)) bits unsigned.
    public func sumWidth(maxKeys n: Int) -> Int { weightFraction + FixedPoint.bitLength(n) }
    /// o in [-128 N, 127 N] * 2^F: 8 + F + ceil(log2 N) bits signed.
    public func accumulatorWidth(maxKeys n: Int) -> Int { 8 + weightFraction + FixedPoint.ceilLog2(n) }
}
