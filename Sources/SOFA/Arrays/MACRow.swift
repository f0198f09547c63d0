import HDL

/// One exact row (one query) of the MAC array: holds its q (all `slices` x `lanes` elements) and per beat adds
/// `lanes` exact products of the current key slice into its accumulator. The same storage, control and
/// timing as `DLZSRow`, with multipliers in place of the shift-add lanes.
public struct MACRow: Module {
    public var shape: ScoreArrayShape

    public init(shape: ScoreArrayShape) {
        self.shape = shape
    }

    public func validate() throws { try shape.validate() }

    public struct IO {
        public var loadEnable: Bit, loadSlice: Unsigned, loadQ: [Signed]
        public var k: [Signed], slice: Unsigned, accumulate: Bit, first: Bit
        public var score: Signed
    }

    public func ports(_ p: Ports) -> IO {
        IO(loadEnable: p.input("load_enable", .bit), loadSlice: p.input("load_slice", .uint(shape.sliceWidth)),
           loadQ: p.input("load_q", .vec(shape.lanes, .sint(shape.dataWidth))),
           k: p.input("k", .vec(shape.lanes, .sint(shape.dataWidth))), slice: p.input("slice", .uint(shape.sliceWidth)),
           accumulate: p.input("accumulate", .bit), first: p.input("first", .bit),
           score: p.output("score", .sint(shape.scoreWidth)))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let lanes = shape.lanes, slices = shape.slices
        let q = m.reg("q", .vec(slices, .vec(lanes, .sint(shape.dataWidth))))
        for s in 0..<slices {
            When(io.loadEnable && io.loadSlice == Unsigned(s, width: shape.sliceWidth)) {
                q[s] <== io.loadQ
            }
        }
        let pes = (0..<lanes).map { m.instance("pe_\($0)", MultiplyPE(dataWidth: shape.dataWidth)) }
        for l in 0..<lanes {
            pes[l].q <== (slices == 1 ? q[0][l] : m.named("q_\(l)", select(q.map { $0[l] }, at: io.slice)))
            pes[l].k <== io.k[l]
        }
        let sum = m.named("sum", pes.map(\.product).sum())
        let addend = shape.pipeline >= 2 ? m.regNext(sum, name: "sum_q") : sum
        let acc = m.reg("acc", .sint(shape.scoreWidth))
        When(io.accumulate) {
            acc <== mux(io.first, Signed(0, width: shape.scoreWidth), acc) &+ addend.resized(to: shape.scoreWidth)
        }
        io.score <== acc
    }
}
