import HDL

/// One processing element of `SystolicArray`: forwards its `a` (rightward) and `b` (downward) operands
/// through registers, accumulates `a * b` while `valid`, and in `drain` mode shifts accumulators along
/// the row (each cell takes its left neighbour's) so results leave at the right edge.
public struct SystolicCell: Module {
    public var dataWidth: Int
    public var accumulatorWidth: Int

    public init(dataWidth: Int = 8, accumulatorWidth: Int = 24) {
        self.dataWidth = dataWidth
        self.accumulatorWidth = accumulatorWidth
    }

    public func validate() throws {
        try require((2...32).contains(dataWidth), "dataWidth must be 2...32, got \(dataWidth)")
        try require(accumulatorWidth >= 2 * dataWidth && accumulatorWidth <= 128,
                    "accumulatorWidth must be 2*dataWidth...128, got \(accumulatorWidth)")
    }

    public struct IO {
        public var aIn: Signed, bIn: Signed, validIn: Bit, clear: Bit, drain: Bit, accIn: Signed
        public var aOut: Signed, bOut: Signed, validOut: Bit, accOut: Signed
    }

    public func ports(_ p: Ports) -> IO {
        IO(aIn: p.input("a_in", .sint(dataWidth)), bIn: p.input("b_in", .sint(dataWidth)),
           validIn: p.input("valid_in", .bit), clear: p.input("clear", .bit), drain: p.input("drain", .bit),
           accIn: p.input("acc_in", .sint(accumulatorWidth)),
           aOut: p.output("a_out", .sint(dataWidth)), bOut: p.output("b_out", .sint(dataWidth)),
           validOut: p.output("valid_out", .bit), accOut: p.output("acc_out", .sint(accumulatorWidth)))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let acc = m.reg("acc", .sint(accumulatorWidth), reset: 0)
        io.aOut <== m.regNext(io.aIn, name: "a_q")
        io.bOut <== m.regNext(io.bIn, name: "b_q")
        io.validOut <== m.regNext(io.validIn, name: "valid_q", reset: 0)
        When(io.clear) {
            acc <== 0
        }.elseWhen(io.drain) {
            acc <== io.accIn
        }.elseWhen(io.validIn) {
            acc <== acc &+ (io.aIn * io.bIn).extended(to: accumulatorWidth)
        }
        io.accOut <== acc
    }
}

/// An output-stationary rows x columns systolic array of `SystolicCell`s: row operands enter on the left,
/// column operands at the top, each shifted one cell per cycle; after `drain`, row r's accumulators leave
/// through `result_r`, rightmost column first.
public struct SystolicArray: Module {
    public var rows: Int
    public var columns: Int
    public var dataWidth: Int
    public var accumulatorWidth: Int

    public init(rows: Int = 4, columns: Int = 4, dataWidth: Int = 8, accumulatorWidth: Int = 24) {
        self.rows = rows
        self.columns = columns
        self.dataWidth = dataWidth
        self.accumulatorWidth = accumulatorWidth
    }

    public func validate() throws {
        try validateParameters()
        try require(accumulatorWidth >= 2 * dataWidth,
                    "accumulatorWidth must be at least 2 * dataWidth = \(2 * dataWidth) (the product must fit), got \(accumulatorWidth)")
    }

    public struct IO {
        public var a: [Signed], b: [Signed], valid: [Bit], clear: Bit, drain: Bit, result: [Signed]
    }

    public func ports(_ p: Ports) -> IO {
        IO(a: p.input("a", .vec(rows, .sint(dataWidth))), b: p.input("b", .vec(columns, .sint(dataWidth))),
           valid: p.input("valid", .vec(rows, .bit)), clear: p.input("clear", .bit), drain: p.input("drain", .bit),
           result: p.output("result", .vec(rows, .sint(accumulatorWidth))))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let cell = SystolicCell(dataWidth: dataWidth, accumulatorWidth: accumulatorWidth)
        let grid = (0..<rows).map { r in (0..<columns).map { c in m.instance("pe_\(r)_\(c)", cell) } }
        for r in 0..<rows {
            for c in 0..<columns {
                let pe = grid[r][c]
                pe.aIn <== (c == 0 ? io.a[r] : grid[r][c - 1].aOut)
                pe.validIn <== (c == 0 ? io.valid[r] : grid[r][c - 1].validOut)
                pe.accIn <== (c == 0 ? Signed(0, width: accumulatorWidth) : grid[r][c - 1].accOut)
                pe.bIn <== (r == 0 ? io.b[c] : grid[r - 1][c].bOut)
                pe.clear <== io.clear
                pe.drain <== io.drain
            }
            io.result[r] <== grid[r][columns - 1].accOut
        }
    }
}

extension SystolicArray: DeclaredGenerator {
    public static var defaults: SystolicArray { SystolicArray() }
    public static let summary = "output-stationary systolic array of signed MAC cells"
    public static var parameters: [GeneratorParameter<SystolicArray>] {
        [.integer("rows", \.rows, 1...1024, size: true, help: "rows (row operands enter on the left)"),
         .integer("columns", \.columns, 1...1024, size: true, help: "columns (column operands enter at the top)"),
         .integer("data-width", \.dataWidth, 2...32, help: "operand width"),
         .integer("accumulator-width", \.accumulatorWidth, 4...128, help: "accumulator width (at least 2 x data-width)")]
    }
}
