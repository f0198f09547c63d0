/// A 128-bit content hash (two independent FNV-1a lanes) naming cached simulator builds and sweep records.
/// Not cryptographic: it only has to tell different inputs apart, and give the same answer on every machine
/// and run (which `Hasher` does not).
public struct ContentHash: Sendable {
    private var a: UInt64 = 0xcbf2_9ce4_8422_2325
    private var b: UInt64 = 0x6c62_272e_07bb_0142

    public init() {}

    public mutating func add(_ s: String) {
        for byte in s.utf8 {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 &+ 0x9e37_79b9
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        a = (a ^ 0xff) &* 0x0000_0100_0000_01b3
        b = (b ^ 0xfe) &* 0x0000_0100_0000_01b3
    }

    /// 32 lowercase hex digits; the first 16 are 64-bit FNV-1a of the input.
    public var hex: String {
        let ha = String(a, radix: 16), hb = String(b, radix: 16)
        return String(repeating: "0", count: 16 - ha.count) + ha + String(repeating: "0", count: 16 - hb.count) + hb
    }
}
