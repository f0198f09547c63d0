import HDL

/// The number formats of one SU-FA row (docs/SU-FA.md section 1), as generator parameters. The defaults are
/// those of the bit-accurate model's `SUFAFormat` (a test checks they agree); the generator keeps its own copy so
/// the RTL does not depend on the model it is checked against.
///
/// - exp2 unit: input u with `exp2IntegerBits` I [6] and `exp2FractionBits` F_u [10]; `exp2TableBits` T [4],
///   `exp2MantissaBits` P [10] (mantissa M on P + 1 bits), `exp2ShiftBits` S [5] (results below 2^-32 read as 0).
/// - softmax constant c = c_m * 2^-c_e: a `constantMantissaBits` B [16] mantissa and a `constantShiftBits` [6]
///   shift register (runtime inputs of the row).
/// - p, l and o: `weightFraction` F [16] fraction bits; the rescale factor r: `rescaleFraction` F_r [24].
/// - the output O: signed, `outputFraction` F_out [8] fraction bits, 8 + F_out bits in all.
public struct SUFARowFormat: Hashable, Sendable {
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

    /// The same limits as the model's `SUFAFormat.validate`, with the generator's parameter names.
    public func validate() throws {
        try exp2Unit.validate()
        try require((16...32).contains(constantMantissaBits),
                    "constant mantissa bits must be 16...32 (16 significant bits at least), got \(constantMantissaBits)")
        try require((1...7).contains(constantShiftBits), "constant shift bits must be 1...7, got \(constantShiftBits)")
        try require(minimumConstantShift <= maximumConstantShift,
                    "constant shift bits \(constantShiftBits) cannot hold a shift of \(minimumConstantShift) (exp2 fraction bits + 1)")
        try require((1...32).contains(weightFraction), "weight fraction bits must be 1...32, got \(weightFraction)")
        try require((1...40).contains(rescaleFraction), "rescale fraction bits must be 1...40, got \(rescaleFraction)")
        try require((0...24).contains(outputFraction), "output fraction bits must be 0...24, got \(outputFraction)")
    }

    /// The exp2 unit this format describes (combinational: the row registers around it).
    public var exp2Unit: Exp2Unit {
        Exp2Unit(integerBits: exp2IntegerBits, fractionBits: exp2FractionBits, tableBits: exp2TableBits,
                 mantissaBits: exp2MantissaBits, shiftBits: exp2ShiftBits, pipelineStages: 0)
    }

    /// u: I + F_u bits; its largest code is the saturation value.
    public var exponentInputWidth: Int { exp2IntegerBits + exp2FractionBits }
    /// c_e >= F_u + 1, so the product diff * c_m always has a bit to round at.
    public var minimumConstantShift: Int { exp2FractionBits + 1 }
    public var maximumConstantShift: Int { (1 << constantShiftBits) - 1 }
    /// O: 8 integer bits (|O| <= 128) and F_out fraction bits, signed.
    public var outputWidth: Int { 8 + outputFraction }

    /// The aligned exp2 result is kept as a mantissa and a left shift (docs/SU-FA.md section 3): for a target of G
    /// fraction bits, M itself with shift G - P - n when P + n <= G, else round(M / 2^(P + n - G)) with shift 0.
    /// Either way the mantissa is at most 2^min(P, G): min(P, max(F, F_r)) + 1 bits cover p and r.
    public var weightMantissaWidth: Int { min(exp2MantissaBits, max(weightFraction, rescaleFraction)) + 1 }
    /// The largest left shift of an aligned mantissa: G - P for the larger target (0 when P >= G).
    public var largestWeightShift: Int { max(0, max(weightFraction, rescaleFraction) - exp2MantissaBits) }
    public var weightShiftWidth: Int { bitsFor(largestWeightShift) }

    // MARK: Widths (docs/SU-FA.md section 6)

    /// s = q . k: |s| <= d * 2^14, 16 + ceil(log2 d) bits signed.
    public static func scoreWidth(headDim d: Int) -> Int { 16 + log2Ceil(d) }
    /// |m - s| <= d * (128 * 128 + 128 * 127) = d * 32640.
    public static func differenceWidth(headDim d: Int) -> Int { bitsFor(d * 32640) }
    /// l <= N * 2^F: F + bits(N) unsigned.
    public func sumWidth(maxKeys n: Int) -> Int { weightFraction + bitsFor(n) }
    /// o in [-128 N, 127 N] * 2^F: 8 + F + ceil(log2 N) bits signed.
    public func accumulatorWidth(maxKeys n: Int) -> Int { 8 + weightFraction + log2Ceil(n) }
}
