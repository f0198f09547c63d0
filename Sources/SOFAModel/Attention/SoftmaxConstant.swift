import Foundation

/// The base-2 softmax constant c = sq * sk * log2(e) / sqrt(d) (ATTENTION-CORE 2) as the core holds it: a
/// normalized B-bit mantissa and a right shift, c = mantissa * 2^-shift with 2^(B-1) <= mantissa < 2^B.
///
/// A fixed-point register would keep only 3 to 7 significant bits of MiniLM's c (9e-5 ... 2e-3) with 16 fraction
/// bits; the mantissa keeps B = 16 whatever the scale: the relative error of c is at most 2^-B (half a unit in the
/// last place of a mantissa >= 2^(B-1)). The shift register's width bounds the range (`acceptedRange`).
public struct SoftmaxConstant: Sendable, Hashable, CustomStringConvertible {
    public var mantissa: Int
    public var shift: Int

    /// Raw register values; `check(_:)` says whether a format takes them.
    public init(mantissa: Int, shift: Int) {
        self.mantissa = mantissa
        self.shift = shift
    }

    /// c rounded to the nearest representable value (halves away from zero), or an error when c is outside the
    /// format's range or not a positive finite number.
    public init(_ c: Double, format: SUFAFormat) throws {
        let range = Self.acceptedRange(format)
        try require(c.isFinite && c > 0, "softmax constant c = \(c) is not a positive finite number")
        let b = format.constantMantissaBits
        // c * 2^shift in [2^(B-1), 2^B): shift = B - 1 - floor(log2 c).
        var e = b - 1 - Int(c.exponent)
        var m = Int((c * exp2(Double(e))).rounded(.toNearestOrAwayFromZero))
        if m == 1 << b {   // rounded up to the next power of two
            m >>= 1
            e -= 1
        }
        try require(e >= format.minimumConstantShift && e <= format.maximumConstantShift,
                    "softmax constant c = \(c) is outside the range the core takes, [\(range.lowerBound), \(range.upperBound)) "
                    + "(\(format.constantMantissaBits)-bit mantissa, shift \(format.minimumConstantShift)...\(format.maximumConstantShift))")
        mantissa = m
        shift = e
    }

    /// c for per-tensor scales sq, sk and head dimension d.
    public init(queryScale: Double, keyScale: Double, headDim: Int, format: SUFAFormat) throws {
        try self.init(Self.exactValue(queryScale: queryScale, keyScale: keyScale, headDim: headDim), format: format)
    }

    /// sq * sk * log2(e) / sqrt(d) in Double.
    public static func exactValue(queryScale: Double, keyScale: Double, headDim: Int) -> Double {
        queryScale * keyScale * (1 / M_LN2) / Double(headDim).squareRoot()
    }

    /// The c values a format takes: [(2^(B-1) - 1/4) * 2^-maxShift, (2^B - 1/2) * 2^-minShift), those whose
    /// rounded mantissa and shift fit the registers (the lower end rounds up to 2^(B-1) * 2^-maxShift).
    public static func acceptedRange(_ format: SUFAFormat) -> Range<Double> {
        let b = Double(format.constantMantissaBits)
        return ((exp2(b - 1) - 0.25) * exp2(-Double(format.maximumConstantShift)))
            ..< ((exp2(b) - 0.5) * exp2(-Double(format.minimumConstantShift)))
    }

    /// Throws unless the registers hold a normalized mantissa and a shift the format takes.
    public func check(_ format: SUFAFormat) throws {
        let b = format.constantMantissaBits
        try require(mantissa >= 1 << (b - 1) && mantissa < 1 << b,
                    "softmax constant mantissa \(mantissa) is not a normalized \(b)-bit value")
        try require(shift >= format.minimumConstantShift && shift <= format.maximumConstantShift,
                    "softmax constant shift \(shift) is outside \(format.minimumConstantShift)...\(format.maximumConstantShift)")
    }

    /// The value the registers hold.
    public var value: Double { Double(mantissa) * exp2(-Double(shift)) }

    /// The exp2 unit's input code for a score difference diff >= 0 (m - s_j, or s_j - m on a miss):
    /// u = round(diff * mantissa / 2^(shift - F_u)), halves up, saturated to the largest code 2^(I + F_u) - 1.
    /// So x = diff * c in units of 2^-F_u; the saturated code underflows to p = 0 unless the exp2 unit's shift
    /// output is as wide as its integer part.
    public func exponentInput(difference diff: Int, format: SUFAFormat) -> Int {
        precondition(diff >= 0, "score differences entering exp2 are non-negative")
        let u = FixedPoint.roundShiftRight(diff * mantissa, by: shift - format.exp2FractionBits)
        return min(u, format.largestExponentInput)
    }

    public var description: String { "\(mantissa) * 2^-\(shift) (\(value))" }
}
