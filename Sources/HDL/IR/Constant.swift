/// A fixed-width bit pattern of any width (little-endian 64-bit words, bits above `width` always zero).
///
/// Literals, reset values and `Is(...)` case labels are stored this way; Swift integers only convert in
/// when they fit, so wide constants never wrap silently.
public struct Constant: Hashable, Sendable, CustomStringConvertible {
    public let width: Int
    public private(set) var words: [UInt64]

    /// The bit pattern of `value` in `width` bits (two's complement for negative values).
    /// Call `Constant.fits(_:width:signed:)` first when the caller must reject out-of-range values.
    public init(_ value: Int, width: Int) {
        precondition(width >= 1, "Constant width must be positive")
        self.width = width
        let count = (width + 63) / 64
        var words = [UInt64](repeating: value < 0 ? ~0 : 0, count: count)
        words[0] = UInt64(bitPattern: Int64(value))
        self.words = words
        mask()
    }

    /// A constant from little-endian words; bits above `width` are dropped.
    public init(words: [UInt64], width: Int) {
        precondition(width >= 1, "Constant width must be positive")
        self.width = width
        let count = (width + 63) / 64
        var w = Array(words.prefix(count))
        while w.count < count { w.append(0) }
        self.words = w
        mask()
    }

    public static func zero(width: Int) -> Constant { Constant(0, width: width) }
    public static func ones(width: Int) -> Constant { Constant(-1, width: width) }

    private mutating func mask() {
        let rem = width % 64
        if rem != 0 { words[words.count - 1] &= (UInt64(1) << UInt64(rem)) - 1 }
    }

    public func bit(_ i: Int) -> Bool { (words[i / 64] >> UInt64(i % 64)) & 1 == 1 }

    public var isZero: Bool { words.allSatisfy { $0 == 0 } }
    public var isAllOnes: Bool { self == .ones(width: width) }

    /// The low 64 bits.
    public var low64: UInt64 { words[0] }

    /// The value as a signed integer when `signed` (sign bit = bit `width - 1`), else unsigned; nil when it
    /// does not fit in `Int`.
    public func intValue(signed: Bool) -> Int? {
        if signed && bit(width - 1) {
            // Negative: every bit above 63 must be one and bit 63 must be one as well.
            if width > 64 {
                for i in 63..<width where !bit(i) { return nil }
                return Int(Int64(bitPattern: words[0]))
            }
            let ext = width == 64 ? words[0] : words[0] | ~((UInt64(1) << UInt64(width)) - 1)
            return Int(Int64(bitPattern: ext))
        }
        for i in 1..<words.count where words[i] != 0 { return nil }
        if words[0] > UInt64(Int.max) { return nil }
        return Int(words[0])
    }

    /// Minimal width that holds `value` (at least 1): unsigned for non-negative values unless `signed`.
    public static func minimalWidth(_ value: Int, signed: Bool) -> Int {
        if signed {
            let v = value < 0 ? ~value : value
            return (Int.bitWidth - v.leadingZeroBitCount) + 1
        }
        precondition(value >= 0)
        return max(1, Int.bitWidth - value.leadingZeroBitCount)
    }

    /// True when `value` is representable in `width` bits with the given signedness.
    public static func fits(_ value: Int, width: Int, signed: Bool) -> Bool {
        if !signed && value < 0 { return false }
        return minimalWidth(value, signed: signed) <= width
    }

    /// A slice `[lo, lo + width)`.
    public func slice(lo: Int, width w: Int) -> Constant {
        var out = [UInt64](repeating: 0, count: (w + 63) / 64)
        for i in 0..<w where bit(lo + i) { out[i / 64] |= UInt64(1) << UInt64(i % 64) }
        return Constant(words: out, width: w)
    }

    /// Zero- or sign-extension to `newWidth` (>= width).
    public func extended(to newWidth: Int, signed: Bool) -> Constant {
        let fill = signed && bit(width - 1)
        var out = [UInt64](repeating: 0, count: (newWidth + 63) / 64)
        for i in 0..<newWidth where i < width ? bit(i) : fill { out[i / 64] |= UInt64(1) << UInt64(i % 64) }
        return Constant(words: out, width: newWidth)
    }

    /// Lower-case hex digits of the whole pattern, most significant first, no leading zeros beyond the width.
    public var hexDigits: String {
        let digits = (width + 3) / 4
        var s = ""
        s.reserveCapacity(digits)
        for d in stride(from: digits - 1, through: 0, by: -1) {
            var nibble = 0
            for b in 0..<4 where d * 4 + b < width && bit(d * 4 + b) { nibble |= 1 << b }
            s.append(Character(String(nibble, radix: 16)))
        }
        return s
    }

    /// A sized Verilog literal: decimal up to 64 bits (`8'd5`), hex above (`70'h3f...`).
    public var verilog: String {
        if width <= 64 { return "\(width)'d\(words[0])" }
        return "\(width)'h\(hexDigits)"
    }

    public var description: String { verilog }
}
