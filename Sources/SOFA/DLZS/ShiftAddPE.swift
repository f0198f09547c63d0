import HDL

/// One DLZS lane: q * k approximated as sgn(q) * (k << e(q)) with a barrel shifter instead of a multiplier.
///
/// The negation is split to save an incrementer per lane: `term` is the shifted k, bit-inverted when the
/// product is negative, and `negate` is 1 then; the row adds every lane's `negate` into its adder tree,
/// since -x = ~x + 1. A zero q gives term 0 and negate 0.
public struct ShiftAddPE: Module {
    public var dataWidth: Int
    public var exponentWidth: Int

    public init(dataWidth: Int = 8) {
        self.dataWidth = dataWidth
        self.exponentWidth = LZEncoder.exponentWidth(forInputWidth: dataWidth)
    }

    /// |k << e| <= 2^(w-1) << (w-1): 2w - 1 bits signed hold every shifted k, and its inverse.
    public var termWidth: Int { 2 * dataWidth - 1 }

    public func validate() throws {
        try require((2...16).contains(dataWidth), "dataWidth must be 2...16, got \(dataWidth)")
    }

    public struct IO {
        public var sign: Bit, zero: Bit, exponent: Unsigned, k: Signed
        public var term: Signed, negate: Bit
    }

    public func ports(_ p: Ports) -> IO {
        IO(sign: p.input("sign", .bit), zero: p.input("zero", .bit), exponent: p.input("exponent", .uint(exponentWidth)),
           k: p.input("k", .sint(dataWidth)), term: p.output("term", .sint(termWidth)), negate: p.output("negate", .bit))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        // The encoder never gives an exponent above dataWidth - 1, so the top bits of the wide shift are copies
        // of the sign: dropping them loses nothing.
        let shifted = m.named("shifted", (io.k << io.exponent).truncated(to: termWidth))
        let masked = m.named("masked", mux(io.zero, Signed(0, width: termWidth), shifted))
        let negative = m.named("negative", io.sign && !io.zero)
        io.term <== mux(negative, ~masked, masked)
        io.negate <== negative
    }
}
