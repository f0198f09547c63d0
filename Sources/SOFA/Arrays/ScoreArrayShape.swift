import HDL

/// The streaming shape shared by the DLZS predictor array and the exact MAC array, so the two compare like
/// for like: `rows` queries are held (R), each cycle one `lanes`-wide slice (L) of a key arrives and is
/// broadcast to every row, and a row's score is complete after headDim / lanes slices.
///
/// Timing (one key = `slices` consecutive beats with `k_valid`): `score_valid` pulses `latency` cycles after
/// the key's last beat, for one cycle, with every row's score and the key's `k_index`. Beats are counted
/// from reset; `pipeline` adds a register stage after the inputs (1) and after the adder trees (2).
public struct ScoreArrayShape: Hashable, Sendable {
    public var rows: Int
    public var lanes: Int
    public var headDim: Int
    /// Bits of q and k (two's complement); the spec uses int8.
    public var dataWidth: Int
    /// Bits of the key index carried alongside the scores.
    public var indexWidth: Int
    /// 0: inputs straight into the lanes; 1: + an input register; 2: + a register after the adder trees.
    public var pipeline: Int

    public init(rows: Int = 128, lanes: Int = 32, headDim: Int = 32, dataWidth: Int = 8, indexWidth: Int = 16, pipeline: Int = 1) {
        self.rows = rows
        self.lanes = lanes
        self.headDim = headDim
        self.dataWidth = dataWidth
        self.indexWidth = indexWidth
        self.pipeline = pipeline
    }

    public func validate() throws {
        try GeneratorParameter.check(self, Self.parameters)
        try require(headDim % lanes == 0, "headDim (\(headDim)) must be a multiple of lanes (\(lanes))")
    }

    /// Beats per key.
    public var slices: Int { headDim / lanes }
    /// Cycles from a key's last beat to its `score_valid`.
    public var latency: Int { 1 + pipeline }

    /// The largest |q * k| (and |sgn(q) * (k << e)|): (-2^(w-1))^2 = 2^(2w-2).
    var termBound: Int { 1 << (2 * dataWidth - 2) }
    /// Bits of a score: a signed width that holds +-headDim * termBound (no overflow is possible).
    public var scoreWidth: Int { Constant.minimalWidth(headDim * termBound, signed: true) }

    var rowAddressWidth: Int { bitsFor(rows - 1) }
    var sliceWidth: Int { bitsFor(slices - 1) }


    var parameterSummary: String { "R=\(rows) L=\(lanes) d=\(headDim)" }
}

/// The ports of both arrays.
public struct ScoreArrayIO {
    /// Load port: writes q's `lanes` elements of slice `load_slice` for row `load_row`.
    public var loadValid: Bit
    public var loadRow: Unsigned
    public var loadSlice: Unsigned
    public var loadQ: [Signed]
    /// Stream port: one slice of one key per beat, broadcast to all rows.
    public var kValid: Bit
    public var k: [Signed]
    public var kIndex: Unsigned
    /// Results: every row's score of the key `score_index`, for one cycle.
    public var scoreValid: Bit
    public var scoreIndex: Unsigned
    public var score: [Signed]

    static func declare(_ p: Ports, _ s: ScoreArrayShape) -> ScoreArrayIO {
        ScoreArrayIO(
            loadValid: p.input("load_valid", .bit), loadRow: p.input("load_row", .uint(s.rowAddressWidth)),
            loadSlice: p.input("load_slice", .uint(s.sliceWidth)), loadQ: p.input("load_q", .vec(s.lanes, .sint(s.dataWidth))),
            kValid: p.input("k_valid", .bit), k: p.input("k", .vec(s.lanes, .sint(s.dataWidth))),
            kIndex: p.input("k_index", .uint(s.indexWidth)),
            scoreValid: p.output("score_valid", .bit), scoreIndex: p.output("score_index", .uint(s.indexWidth)),
            score: p.output("score", .vec(s.rows, .sint(s.scoreWidth))))
    }
}

/// The beat stream after the optional input register: the key slice, its position in the key, its index.
struct ScoreArrayBeat {
    var valid: Bit
    var first: Bit
    var last: Bit
    var k: [Signed]
    var index: Unsigned
    var slice: Unsigned
}

extension ScoreArrayShape {
    /// The slice counter: which beat of its key the current input is (0 ... slices-1), counted from reset.
    func sliceCounter(_ m: Scope) -> Unsigned {
        m.reg("slice", .uint(sliceWidth), reset: 0)
    }

    @HardwareBuilder
    func countSlices(_ slice: Unsigned, _ io: ScoreArrayIO) -> Block {
        When(io.kValid) {
            When(slice == Unsigned(slices - 1, width: sliceWidth)) { slice <== 0 }.otherwise { slice <== slice &+ 1 }
        }
    }

    /// The beats the rows see: the inputs, registered once when `pipeline >= 1`.
    func beats(_ m: Scope, _ io: ScoreArrayIO, slice: Unsigned) -> ScoreArrayBeat {
        let first = m.named("first_slice", slice == 0)
        let last = m.named("last_slice", slice == Unsigned(slices - 1, width: sliceWidth))
        guard pipeline >= 1 else {
            return ScoreArrayBeat(valid: io.kValid, first: first, last: last, k: io.k, index: io.kIndex, slice: slice)
        }
        return ScoreArrayBeat(
            valid: m.regNext(io.kValid, name: "beat_valid", reset: 0),
            first: m.regNext(first, name: "beat_first"),
            last: m.regNext(last, name: "beat_last"),
            k: io.k.enumerated().map { m.regNext($1, name: "beat_k_\($0)") },
            index: m.regNext(io.kIndex, name: "beat_index"),
            slice: m.regNext(slice, name: "beat_slice"))
    }

    /// The accumulate-stage controls: the beat's valid/first, one cycle later when the adder trees are registered.
    func accumulateControls(_ m: Scope, _ beat: ScoreArrayBeat) -> (valid: Bit, first: Bit, last: Bit, index: Unsigned) {
        guard pipeline >= 2 else { return (beat.valid, beat.first, beat.last, beat.index) }
        return (m.regNext(beat.valid, name: "sum_valid", reset: 0), m.regNext(beat.first, name: "sum_first"),
                m.regNext(beat.last, name: "sum_last"), m.regNext(beat.index, name: "sum_index"))
    }

    /// The output stage: `score_valid` pulses and `score_index` is captured when a key's last beat reaches
    /// the accumulators (the rows' accumulators are the scores).
    @HardwareBuilder
    func results(_ m: Scope, _ io: ScoreArrayIO, valid: Bit, last: Bit, index: Unsigned) -> Block {
        let complete = m.named("complete", valid && last)
        let doneIndex = m.reg("done_index", .uint(indexWidth), reset: 0)
        When(complete) { doneIndex <== index }
        io.scoreValid <== m.regNext(complete, name: "done", reset: 0)
        io.scoreIndex <== doneIndex
    }
}

extension ScoreArrayShape {
    /// Lane operations (a multiply or a shift-add, with its share of the adder tree) per cycle while keys
    /// stream: every lane of every row, every beat.
    public var termsPerCycle: Int { rows * lanes }
}

extension ScoreArrayShape {
    /// The shape's parameters, declared once for both arrays (each lifts them through its `shape`).
    public static var parameters: [GeneratorParameter<ScoreArrayShape>] {
        [.integer("rows", \.rows, 1...1024, size: true, help: "R: queries held in parallel"),
         .integer("lanes", \.lanes, 1...256, size: true, help: "L: key elements per beat (a divisor of head-dim)"),
         .integer("head-dim", \.headDim, 1...4096, help: "d: elements per query and key"),
         .integer("data-width", \.dataWidth, 2...16, help: "bits of q and k"),
         .integer("index-width", \.indexWidth, 1...32, help: "bits of the key index carried with the scores"),
         .integer("pipeline", \.pipeline, 0...2, help: "0: none, 1: input register, 2: + adder-tree register")]
    }

    /// Both arrays' figures: cycles from a key's last beat to its scores, lane operations per cycle, beats per key
    /// and the score width.
    public var figures: [GeneratorFigure] {
        [GeneratorFigure("latency", latency), GeneratorFigure("ops_per_cycle", termsPerCycle),
         GeneratorFigure("beats_per_key", slices), GeneratorFigure("score_bits", scoreWidth)]
    }
}
