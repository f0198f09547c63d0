/// A deterministic random number generator (SplitMix64) for reproducible stimulus: the same seed gives
/// the same sequence on every machine and Swift version.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    public let seed: UInt64
    private var state: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        self.state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniformly random value of `width` bits (as unsigned).
    public mutating func bits(_ width: Int) -> UInt64 {
        width >= 64 ? next() : next() & ((1 << UInt64(width)) - 1)
    }

    /// A uniformly random two's-complement value of `width` bits.
    public mutating func signedBits(_ width: Int) -> Int {
        let v = Int(bitPattern: UInt(bits(width)))
        return width < 64 && v >= 1 << (width - 1) ? v - (1 << width) : v
    }

    /// A seed from the environment variable `HDLSIM_SEED`, else `fallback`: lets a failing test be rerun
    /// with the seed it printed.
    public static func seed(default fallback: UInt64) -> UInt64 {
        if let text = ProcessInfoEnvironment.value("HDLSIM_SEED"), let s = UInt64(text) { return s }
        return fallback
    }
}
