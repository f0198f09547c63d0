import Foundation

/// The SU-FA exp2 unit's arithmetic (SOFA-SPEC section 4), bit for bit: 2^x for x = -u / 2^fractionBits.
///
/// u splits into n = floor(u / 2^F) and the fraction f = u mod 2^F; 2^x = 2^(-f / 2^F) / 2^n. The factor
/// 2^(-f / 2^F) comes from a table of 2^(-i / 2^T) on the top T fraction bits (entries rounded to nearest
/// on P fraction bits, plus entry 2^T = 1/2) and linear interpolation on the other F - T bits, rounded to
/// nearest with ties up. Results with n >= 2^shiftBits underflow to 0.
public struct Exp2Approximation: Sendable {
    public let integerBits: Int
    public let fractionBits: Int
    public let tableBits: Int
    public let mantissaBits: Int
    public let shiftBits: Int
    /// 2^P * 2^(-i / 2^T) rounded to nearest, i = 0 ... 2^T.
    public let table: [Int]

    public struct Result: Hashable, Sendable {
        /// The fraction factor times 2^mantissaBits, in [2^(P-1), 2^P]; 0 on underflow.
        public var mantissa: Int
        /// The integer part n of -x (0 on underflow).
        public var shift: Int
        public var underflow: Bool

        public init(mantissa: Int, shift: Int, underflow: Bool) {
            self.mantissa = mantissa
            self.shift = shift
            self.underflow = underflow
        }
    }

    public init(integerBits: Int = 6, fractionBits: Int = 10, tableBits: Int = 4, mantissaBits: Int = 10, shiftBits: Int = 5) {
        self.integerBits = integerBits
        self.fractionBits = fractionBits
        self.tableBits = tableBits
        self.mantissaBits = mantissaBits
        self.shiftBits = shiftBits
        let segments = Double(1 << tableBits)
        table = (0...(1 << tableBits)).map { i in
            Int((exp2(Double(mantissaBits) - Double(i) / segments)).rounded(.toNearestOrAwayFromZero))
        }
    }

    /// Input codes: 0 ..< 2^(I + F).
    public var inputCount: Int { 1 << (integerBits + fractionBits) }

    /// The exact value the unit approximates for input code u.
    public func exact(_ u: Int) -> Double { exp2(-Double(u) / Double(1 << fractionBits)) }

    public func evaluate(_ u: Int) -> Result {
        let n = u >> fractionBits
        if n >= 1 << shiftBits { return Result(mantissa: 0, shift: 0, underflow: true) }
        let f = u & ((1 << fractionBits) - 1)
        let lowBits = fractionBits - tableBits
        let i = f >> lowBits
        let w = f & ((1 << lowBits) - 1)
        // Weighted mean of the two neighbouring entries with weights (2^lowBits - w) and w, to nearest.
        let scaled = table[i] * ((1 << lowBits) - w) + table[i + 1] * w
        let mantissa = lowBits == 0 ? scaled : (scaled + (1 << (lowBits - 1))) >> lowBits
        return Result(mantissa: mantissa, shift: n, underflow: false)
    }

    /// The value the result stands for: mantissa / 2^P / 2^shift (0 on underflow).
    public func value(_ r: Result) -> Double {
        r.underflow ? 0 : Double(r.mantissa) / exp2(Double(mantissaBits + r.shift))
    }

    /// |value / exact - 1| for input code u (0 on underflow, where the spec bound does not apply).
    public func relativeError(_ u: Int) -> Double {
        let r = evaluate(u)
        return r.underflow ? 0 : abs(value(r) / exact(u) - 1)
    }
}
