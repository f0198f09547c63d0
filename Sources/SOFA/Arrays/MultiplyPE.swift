import HDL

/// One exact lane of the formal-compute (MAC) array: the full q * k product.
public struct MultiplyPE: Module {
    public var dataWidth: Int

    public init(dataWidth: Int = 8) {
        self.dataWidth = dataWidth
    }

    public func validate() throws {
        try require((2...16).contains(dataWidth), "dataWidth must be 2...16, got \(dataWidth)")
    }

    public func ports(_ p: Ports) -> (q: Signed, k: Signed, product: Signed) {
        (p.input("q", .sint(dataWidth)), p.input("k", .sint(dataWidth)), p.output("product", .sint(2 * dataWidth)))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        io.product <== io.q * io.k
    }
}
