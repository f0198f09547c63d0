import HDL

/// One predictor row (one query): holds the LZ codes of its q (all `slices` x `lanes` of them), and per beat
/// adds `lanes` shift-add terms of the current key slice into its accumulator. Codes are written through the
/// load port; they and the accumulator have no reset (data, not control: the array's valid says when the
/// score is meaningful).
public struct DLZSRow: Module {
    public var shape: ScoreArrayShape

    public init(shape: ScoreArrayShape) {
        self.shape = shape
    }

    var pe: ShiftAddPE { ShiftAddPE(dataWidth: shape.dataWidth) }
    /// A code: sign, zero flag, exponent (most significant first).
    var codeWidth: Int { 2 + pe.exponentWidth }

    public func validate() throws { try shape.validate() }

    public struct IO {
        public var loadEnable: Bit, loadSlice: Unsigned, loadCode: [Unsigned]
        public var k: [Signed], slice: Unsigned, accumulate: Bit, first: Bit
        public var score: Signed
    }

    public func ports(_ p: Ports) -> IO {
        IO(loadEnable: p.input("load_enable", .bit), loadSlice: p.input("load_slice", .uint(shape.sliceWidth)),
           loadCode: p.input("load_code", .vec(shape.lanes, .uint(codeWidth))),
           k: p.input("k", .vec(shape.lanes, .sint(shape.dataWidth))), slice: p.input("slice", .uint(shape.sliceWidth)),
           accumulate: p.input("accumulate", .bit), first: p.input("first", .bit),
           score: p.output("score", .sint(shape.scoreWidth)))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let lanes = shape.lanes, slices = shape.slices, ew = pe.exponentWidth
        let codes = m.reg("codes", .vec(slices, .vec(lanes, .uint(codeWidth))))
        for s in 0..<slices {
            When(io.loadEnable && io.loadSlice == Unsigned(s, width: shape.sliceWidth)) {
                codes[s] <== io.loadCode
            }
        }
        let pes = (0..<lanes).map { m.instance("pe_\($0)", pe) }
        for l in 0..<lanes {
            let code = slices == 1 ? codes[0][l] : m.named("code_\(l)", select(codes.map { $0[l] }, at: io.slice))
            pes[l].sign <== code[ew + 1]
            pes[l].zero <== code[ew]
            pes[l].exponent <== code[ew - 1, 0]
            pes[l].k <== io.k[l]
        }
        // Inverted terms plus the count of inversions = the exact sum of the signed terms.
        let corrections = pes.map { $0.negate.asUnsignedValue() }.sum()
        let sum = m.named("sum", pes.map(\.term).sum() + corrections.toSigned())
        let addend = shape.pipeline >= 2 ? m.regNext(sum, name: "sum_q") : sum
        let acc = m.reg("acc", .sint(shape.scoreWidth))
        When(io.accumulate) {
            acc <== mux(io.first, Signed(0, width: shape.scoreWidth), acc) &+ addend.resized(to: shape.scoreWidth)
        }
        io.score <== acc
    }
}
