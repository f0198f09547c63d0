/// The DLZS code of one q element (SOFA-SPEC section 2), computed with plain integers.
public struct LZCode: Hashable, Sendable {
    /// q < 0.
    public var negative: Bool
    /// q == 0: the term q * k is 0.
    public var zero: Bool
    /// |q| ~ 2^exponent.
    public var exponent: Int

    public enum Rounding: String, Sendable, CaseIterable {
        /// floor(log2 |q|)
        case floor
        /// floor(log2 |q|) + the bit just below the leading one
        case nearest
    }

    public init(negative: Bool, zero: Bool, exponent: Int) {
        self.negative = negative
        self.zero = zero
        self.exponent = exponent
    }

    /// The code of `q` (any Int; the spec's int8 range -128...127 gives exponents 0...7).
    public init(_ q: Int, rounding: Rounding = .floor) {
        let magnitude = q.magnitude
        negative = q < 0
        zero = q == 0
        guard magnitude != 0 else {
            exponent = 0
            return
        }
        let floorLog2 = UInt.bitWidth - 1 - magnitude.leadingZeroBitCount
        switch rounding {
        case .floor:
            exponent = floorLog2
        case .nearest:
            let below = floorLog2 > 0 ? Int((magnitude >> UInt(floorLog2 - 1)) & 1) : 0
            exponent = floorLog2 + below
        }
    }

    /// The DLZS approximation of q * k: sgn(q) * (k << e), 0 when q is 0.
    public func term(_ k: Int) -> Int {
        if zero { return 0 }
        let shifted = k * (1 << exponent)
        return negative ? -shifted : shifted
    }
}
