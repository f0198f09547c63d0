import HDL

/// The exact int8 MAC array: the same streaming shape, ports and timing as `DLZSPredictorArray`
/// (`ScoreArrayShape`), computing the exact score s = sum_t q_t * k_t with R x L multipliers. It is both the
/// formal-compute array of the SU-FA stage and the like-for-like baseline the predictor's area is compared to.
public struct MACArray: Module {
    public var shape: ScoreArrayShape

    public init(shape: ScoreArrayShape = ScoreArrayShape(lanes: 4)) {
        self.shape = shape
    }

    public var latency: Int { shape.latency }

    public func validate() throws { try shape.validate() }

    public func ports(_ p: Ports) -> ScoreArrayIO { ScoreArrayIO.declare(p, shape) }

    public func body(_ m: Scope, _ io: ScoreArrayIO) -> Block {
        let row = MACRow(shape: shape)
        let slice = shape.sliceCounter(m)
        shape.countSlices(slice, io)
        let beat = shape.beats(m, io, slice: slice)
        let stage = shape.accumulateControls(m, beat)
        let rows = (0..<shape.rows).map { m.instance("row_\($0)", row) }
        for (r, instance) in rows.enumerated() {
            instance.loadEnable <== io.loadValid && io.loadRow == Unsigned(r, width: shape.rowAddressWidth)
            instance.loadSlice <== io.loadSlice
            instance.load <== io.loadQ
            instance.k <== beat.k
            instance.slice <== beat.slice
            instance.accumulate <== stage.valid
            instance.first <== stage.first
            io.score[r] <== instance.score
        }
        shape.results(m, io, valid: stage.valid, last: stage.last, index: stage.index)
    }
}

extension MACArray: DeclaredGenerator {
    public static var defaults: MACArray { MACArray() }
    public static let summary = "exact int8 MAC array with the DLZS array's streaming shape"
    public static var parameters: [GeneratorParameter<MACArray>] {
        ScoreArrayShape.parameters.map { $0.lifted(through: \.shape) }
    }
    public var figures: [GeneratorFigure] { shape.figures }
}
