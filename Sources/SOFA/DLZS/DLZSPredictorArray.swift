import HDL

/// The DLZS predictor array (SOFA-SPEC section 2): R rows of `lanes` shift-add PEs. Queries are loaded once
/// through LZ encoders (the codes are held); keys stream past, one `lanes`-wide slice per beat, broadcast to
/// every row; after headDim / lanes beats each row holds the predicted score
/// P = sum_t sgn(q_t) * (k_t << e(q_t)) of its query against that key. No multiplier anywhere.
/// Timing and ports: `ScoreArrayShape`, `ScoreArrayIO`.
public struct DLZSPredictorArray: Module {
    public var shape: ScoreArrayShape
    public var rounding: LZRounding

    public init(shape: ScoreArrayShape = ScoreArrayShape(), rounding: LZRounding = .floor) {
        self.shape = shape
        self.rounding = rounding
    }

    public var latency: Int { shape.latency }

    public func validate() throws { try shape.validate() }

    public func ports(_ p: Ports) -> ScoreArrayIO { ScoreArrayIO.declare(p, shape) }

    public func body(_ m: Scope, _ io: ScoreArrayIO) -> Block {
        let row = DLZSRow(shape: shape)
        // One LZ encoder per lane on the load path, shared by all rows (one row slice is loaded per cycle).
        let encoders = (0..<shape.lanes).map { m.instance("lz_\($0)", LZEncoder(width: shape.dataWidth, rounding: rounding)) }
        for l in 0..<shape.lanes { encoders[l].q <== io.loadQ[l] }
        let codes = encoders.enumerated().map { m.named("code_\($0)", concat($1.sign, $1.zero, $1.exponent)) }

        let slice = shape.sliceCounter(m)
        shape.countSlices(slice, io)
        let beat = shape.beats(m, io, slice: slice)
        let stage = shape.accumulateControls(m, beat)
        let rows = (0..<shape.rows).map { m.instance("row_\($0)", row) }
        for (r, instance) in rows.enumerated() {
            instance.loadEnable <== io.loadValid && io.loadRow == Unsigned(r, width: shape.rowAddressWidth)
            instance.loadSlice <== io.loadSlice
            instance.load <== codes
            instance.k <== beat.k
            instance.slice <== beat.slice
            instance.accumulate <== stage.valid
            instance.first <== stage.first
            io.score[r] <== instance.score
        }
        shape.results(m, io, valid: stage.valid, last: stage.last, index: stage.index)
    }
}

extension DLZSPredictorArray: DeclaredGenerator {
    public static var defaults: DLZSPredictorArray { DLZSPredictorArray() }
    public static let summary = "DLZS predictor array: R rows x L shift-add lanes, no multiplier"
    public static var parameters: [GeneratorParameter<DLZSPredictorArray>] {
        ScoreArrayShape.parameters.map { $0.lifted(through: \.shape) }
            + [.choice("rounding", \.rounding, help: "LZ encoder rounding")]
    }
    public var figures: [GeneratorFigure] { shape.figures }
}
