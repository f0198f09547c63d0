/// 64-bit FNV-1a: names point records after their full configuration. It must be the same on every machine
/// and every run (shards on different hosts must agree on file names), which `Hasher` is not.
struct StableHash {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        for byte in text.utf8 {
            state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        state = (state ^ 0xff) &* 0x0000_0100_0000_01b3
    }

    /// 16 lowercase hex digits.
    var hex: String {
        let digits = String(state, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
