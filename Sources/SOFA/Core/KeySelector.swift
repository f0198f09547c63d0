import HDL
import SortingNetworks

/// Stages 1-2 of the attention core for one tile of up to R query rows (docs/ATTENTION-CORE-DESIGN.md sections
/// 2-3): loads the rows' q into a `DLZSPredictorArray` (R rows x L_p lanes), streams keys 0..N-1 past it,
/// feeds each row's predicted score to that row's `SADSCore`, and serializes each segment's kept key indices
/// into per-row marks, one key index per row per cycle, which the core writes into its kept bitmaps.
///
/// Use: pulse `start` with the tile's registers (sampled then, so they may change during the tile): `key_count`
/// N, `active_rows` R_a (rows 0..R_a-1 are the tile's queries; the others mark nothing), `segment_length` L,
/// `kept_per_segment` k_s, `clip`, `radius`. Then deliver each active row's q once on `q` (row index + d_max
/// int8, any row order) and keys 0..N-1 in ascending order on `key` (key index + d_max int8). Both are ready/valid
/// streams under the usual rule: once `valid` is up, `valid` and `bits` hold until `ready`. A q row or key is
/// taken in d_max / L_p beats, `ready` on its last beat; `ready` never depends on `valid`, so a registered-read
/// memory that reads its next word in the cycle an item is taken (or while nothing is offered) streams at full
/// rate. Marks (`mark_valid[r]`, `mark_index[r]`) come out segment by segment, each segment's keys in SADS order
/// (descending predicted score, ties to the lower index); they are always accepted. `kept_count[r]` counts row r's
/// marks of the tile and is final at `done`. `done` pulses for one cycle when the last segment's result is out of
/// SADS and no row marks any more; `start` is taken in that cycle or any later cycle with `busy` low (a `start` while
/// `busy` is ignored).
///
/// Registers: N and R_a saturate at N_max and R; L = 0 acts as 1; k_s >= winners keeps up to `winners` per
/// segment (the hardware's SADS width; k_s = 0 marks nothing); `radius` is in predicted-score units and every value
/// >= 2^scoreWidth - 1 means "never clip". N = 0 or R_a = 0 mark nothing and finish without waiting for keys
/// or q rows. Q must be zero beyond the head dimension in use (zeros contribute nothing to a score). Counters:
/// `busy_cycles` (cycles with `busy`), `keys_streamed` (keys taken), wrapping, cleared by `clear_counters`.
///
/// Timing (cycle 0: the cycle `start` is taken; S = d_max / L_p beats per key; lambda_p = `predictorLatency` =
/// 1 + predictor pipeline; lambda_s = `sadsLatency`; L the segment length, l = N - L (ceil(N / L) - 1) the last
/// segment's length; c_last(r) the entries row r keeps in its last segment, after k_s and clipping):
/// - `q_ready` can first be high in cycle 1; `key_ready` from the cycle after the last q row is taken. Key j,
///   taken in cycle a_j (its last beat), reaches SADS in a_j + lambda_p; a segment's result leaves SADS lambda_s
///   cycles after its last key arrived there, and its entries are marked one per cycle from that cycle on.
/// - The last key's hold: the serializers read each result from SADS's output registers, which the next result
///   replaces, so with two or more segments the tile's last key is taken no earlier than m = min(k_s, winners, L)
///   cycles after the previous segment's last key (a_{N-1} >= a_{N-1-l} + m): the previous segment's c_prev <= m
///   marks are out before the last result arrives. Earlier segments are L >= c cycles apart anyway.
/// - `done` rises in D = a_{N-1} + lambda_p + lambda_s + max over active rows of c_last(r): the cycle after the
///   last mark (or the cycle the last result arrives, when it marks nothing).
/// - Both streams without gaps (valid whenever ready, from cycle 1):
///   D = S (R_a + N) + h + lambda_p + lambda_s + max_r c_last(r), with h = max(0, m - S l) the last key's
///   hold (h = 0 with one segment). `busy` is high in cycles 1 ... D - 1. N = 0: D = the cycle after the last q row.
///   `doneCycle(...)` computes both forms; docs/ATTENTION-CORE-DESIGN.md ("Stage 1-2 timing") states them for the
///   core's cycle model.
public struct KeySelector: Module {
    /// R: query rows per tile (predictor rows, SADS cores, serializers).
    public var rows: Int
    /// d_max: elements per q and k (int8).
    public var headDim: Int
    /// L_p: predictor lanes per row; a key takes headDim / predictorLanes beats.
    public var predictorLanes: Int
    /// N_max: the most keys a tile streams (sets the index and count widths).
    public var maxKeys: Int
    /// SADS entries held per segment (the runtime k_s <= winners).
    public var winners: Int
    /// W: SADS network width (W - winners new scores per round).
    public var sadsWidth: Int
    /// The network family of SADS's new-score network.
    public var family: NetworkFamily
    public var rounding: LZRounding
    /// The predictor's pipeline (0...2, `ScoreArrayShape.pipeline`).
    public var predictorPipeline: Int
    /// A register stage every this many layers of SADS's new-score network (0: combinational).
    public var sadsPipeline: Int
    /// Bits of `busy_cycles` and `keys_streamed`.
    public var counterWidth: Int

    public init(rows: Int = 16, headDim: Int = 32, predictorLanes: Int = 32, maxKeys: Int = 256, winners: Int = 64,
                sadsWidth: Int = 80, family: NetworkFamily = .oddEvenMerge, rounding: LZRounding = .floor,
                predictorPipeline: Int = 1, sadsPipeline: Int = 2, counterWidth: Int = 32) {
        self.rows = rows
        self.headDim = headDim
        self.predictorLanes = predictorLanes
        self.maxKeys = maxKeys
        self.winners = winners
        self.sadsWidth = sadsWidth
        self.family = family
        self.rounding = rounding
        self.predictorPipeline = predictorPipeline
        self.sadsPipeline = sadsPipeline
        self.counterWidth = counterWidth
    }

    /// q and k are int8 (SOFA-SPEC 1).
    public static let dataWidth = 8
    /// Bits of the `radius` input (a core register).
    public static let radiusWidth = 32

    // MARK: Blocks and widths

    public var predictorShape: ScoreArrayShape {
        ScoreArrayShape(rows: rows, lanes: predictorLanes, headDim: headDim, dataWidth: Self.dataWidth,
                        indexWidth: keyIndexWidth, pipeline: predictorPipeline)
    }
    public var predictor: DLZSPredictorArray { DLZSPredictorArray(shape: predictorShape, rounding: rounding) }
    public var sads: SADSCore {
        SADSCore(width: sadsWidth, winners: winners, family: family, keyWidth: scoreWidth, indexWidth: keyIndexWidth,
                 lengthWidth: keyCountWidth, pipelineEvery: sadsPipeline)
    }
    public var serializer: KeptKeySerializer { KeptKeySerializer(entries: winners, indexWidth: keyIndexWidth) }

    /// S: beats per q row and per key.
    public var beatsPerKey: Int { headDim / predictorLanes }
    /// lambda_p: cycles from a key's last beat to its scores at the SADS inputs.
    public var predictorLatency: Int { predictorShape.latency }
    /// lambda_s: cycles from a segment's last score to its result.
    public var sadsLatency: Int { sads.latency }
    /// Bits of a predicted score (and of the SADS keys).
    public var scoreWidth: Int { predictorShape.scoreWidth }
    public var keyIndexWidth: Int { bitsFor(maxKeys - 1) }
    /// Bits of N, L and the kept counts (0...N_max).
    public var keyCountWidth: Int { bitsFor(maxKeys) }
    public var rowIndexWidth: Int { bitsFor(rows - 1) }
    public var rowCountWidth: Int { bitsFor(rows) }
    /// Bits of k_s (0...winners).
    public var keptWidth: Int { bitsFor(winners) }

    public func validate() throws {
        try validateParameters()
        try require(headDim % predictorLanes == 0,
                    "head-dim (\(headDim)) must be a multiple of predictor-lanes (\(predictorLanes))")
        try require(winners < sadsWidth, "winners (\(winners)) must be below sads-width (\(sadsWidth)): each SADS round brings new scores in")
        try require(winners <= maxKeys, "winners (\(winners)) must not exceed max-keys (\(maxKeys))")
        try predictor.validate()
        try sads.validate()
    }

    // MARK: Ports

    /// One q row: which row of the tile, and its d_max elements (element 0 in the low bits).
    public struct QueryRow: Bundle {
        public var row: Unsigned
        public var data: [Signed]
    }

    /// One key: its index, and its d_max elements (element 0 in the low bits).
    public struct KeyRow: Bundle {
        public var index: Unsigned
        public var data: [Signed]
    }

    public struct IO {
        public var start: Bit
        public var keyCount: Unsigned, activeRows: Unsigned, segmentLength: Unsigned, keptPerSegment: Unsigned
        public var clip: Bit, radius: Unsigned
        public var query: Decoupled<QueryRow>
        public var key: Decoupled<KeyRow>
        public var markValid: [Bit], markIndex: [Unsigned], keptCount: [Unsigned]
        public var busy: Bit, done: Bit
        public var clearCounters: Bit, busyCycles: Unsigned, keysStreamed: Unsigned
    }

    public func ports(_ p: Ports) -> IO {
        let element = SignedShape.sint(Self.dataWidth)
        let query = BundleShape { f in
            QueryRow(row: f.field("row", .uint(rowIndexWidth)), data: f.field("data", .vec(headDim, element).packed()))
        }
        let key = BundleShape { f in
            KeyRow(index: f.field("index", .uint(keyIndexWidth)), data: f.field("data", .vec(headDim, element).packed()))
        }
        return IO(
            start: p.input("start", .bit), keyCount: p.input("key_count", .uint(keyCountWidth)),
            activeRows: p.input("active_rows", .uint(rowCountWidth)),
            segmentLength: p.input("segment_length", .uint(keyCountWidth)),
            keptPerSegment: p.input("kept_per_segment", .uint(keptWidth)), clip: p.input("clip", .bit),
            radius: p.input("radius", .uint(Self.radiusWidth)),
            query: p.input("q", .decoupled(query)), key: p.input("key", .decoupled(key)),
            markValid: p.output("mark_valid", .vec(rows, .bit).packed()),
            markIndex: p.output("mark_index", .vec(rows, .uint(keyIndexWidth)).packed()),
            keptCount: p.output("kept_count", .vec(rows, .uint(keyCountWidth)).packed()),
            busy: p.output("busy", .bit), done: p.output("done", .bit),
            clearCounters: p.input("clear_counters", .bit),
            busyCycles: p.output("busy_cycles", .uint(counterWidth)),
            keysStreamed: p.output("keys_streamed", .uint(counterWidth)))
    }

    /// idle -> loadQueries (R_a q rows) -> streamKeys (N keys) -> drain (until the last segment's marks are out).
    public enum Phase: HardwareEnum { case idle, loadQueries, streamKeys, drain }

    // MARK: Logic

    public func body(_ m: Scope, _ io: IO) -> Block {
                let phase = m.fsm("phase", initial: Phase.idle)
        let predictor = m.instance("predictor", self.predictor)
        let cores = (0..<rows).map { m.instance("sads_\($0)", sads) }
        let serializers = (0..<rows).map { m.instance("serializer_\($0)", serializer) }

        // The tile's registers, sampled at start (saturated where the hardware has a limit).
        let keyCount = m.reg("tile_keys", .uint(keyCountWidth), reset: 0)
        let activeRows = m.reg("tile_rows", .uint(rowCountWidth), reset: 0)
        let segmentLength = m.reg("tile_segment_length", .uint(keyCountWidth), reset: 0)
        let keptPerSegment = m.reg("tile_kept_per_segment", .uint(keptWidth), reset: 0)
        let clip = m.reg("tile_clip", .bit, reset: false)
        let radius = m.reg("tile_radius", .uint(scoreWidth), reset: 0)
        let startKeys = m.named("start_keys", saturated(io.keyCount, at: maxKeys))
        let startRows = m.named("start_rows", saturated(io.activeRows, at: rows))
        let neverClip = (1 << scoreWidth) - 1
        let startRadius = m.named("start_radius", mux(io.radius >= Unsigned(neverClip, width: Self.radiusWidth),
                                                      Unsigned(neverClip, width: scoreWidth), io.radius.truncated(to: scoreWidth)))

        // Start, and the end of the tile: the last segment's result is out of SADS and no row marks any more.
        let rowsEnded = m.reg("rows_ended", .bit, reset: false)
        let rowEndNow = m.named("row_end_now", cores[0].outValid && cores[0].outRowEnd)
        let marking = m.named("marking", serializers.map(\.markValid).any())
        let finished = m.named("finished", phase.isIn(.drain) && (rowsEnded || rowEndNow) && !marking)
        let accepting = m.named("accepting", phase.isIn(.idle) || finished)
        let launch = m.named("launch", io.start && accepting)

        // Stage 1a: q rows into the predictor, S beats each.
        let queryBeat = m.named("query_beat", phase.isIn(.loadQueries) && io.query.valid)
        let querySlice = beatCounter(m, "query_slice")
        advance(querySlice, on: queryBeat)
        io.query.ready <== phase.isIn(.loadQueries) && querySlice.last
        predictor.loadValid <== queryBeat
        predictor.loadRow <== io.query.bits.row
        predictor.loadSlice <== querySlice.slice
        predictor.loadQ <== sliceLanes(io.query.bits.data, slice: querySlice.slice)
        let rowsLoaded = m.reg("rows_loaded", .uint(rowCountWidth), reset: 0)
        let lastQuery = m.named("last_query", rowsLoaded + Unsigned(1, width: 1) == activeRows)

        // Stage 1b: keys past the predictor, S beats each; the tile's last key is flagged alongside its scores.
        // The last key's hold: the last segment's result replaces the previous one in SADS's output registers, which
        // the serializers read, so it must come no earlier than c_prev <= m = min(k_s, winners, L) cycles after it:
        // the last key's beats start only once its last beat will come m or more cycles after the previous
        // segment's last key was taken (the hold counts down m - S from then).
        let keysTaken = m.reg("keys_taken", .uint(keyCountWidth), reset: 0)
        let lastKey = m.named("last_key", keysTaken + Unsigned(1, width: 1) == keyCount)
        let segmentPosition = m.reg("segment_position", .uint(keyCountWidth), reset: 0)
        let segmentEnds = m.named("segment_ends", segmentPosition + Unsigned(1, width: 1) >= segmentLength)
        let hold = m.reg("last_key_hold", .uint(keptWidth), reset: 0)
        let spacing = m.named("last_key_spacing", lastKeySpacing(keptPerSegment: keptPerSegment, segmentLength: segmentLength))
        let blocked = m.named("last_key_blocked", lastKey && hold != 0)
        let keyBeat = m.named("key_beat", phase.isIn(.streamKeys) && io.key.valid && !blocked)
        let keySlice = beatCounter(m, "key_slice")
        advance(keySlice, on: keyBeat)
        io.key.ready <== phase.isIn(.streamKeys) && keySlice.last && !blocked
        predictor.kValid <== keyBeat
        predictor.k <== sliceLanes(io.key.bits.data, slice: keySlice.slice)
        predictor.kIndex <== io.key.bits.index
        var scoreLast = m.named("last_key_taken", io.key.fire && lastKey)
        for stage in 0..<predictorLatency {
            scoreLast = m.regNext(scoreLast, name: "last_key_delay_\(stage)", reset: 0)
        }

        // Stage 2: every row's score into its SADS core; segment results into the row's serializer.
        let laneKept = (0..<winners).map { m.named("lane_kept_\($0)", keptPerSegment > Unsigned($0, width: keptWidth)) }
        for r in 0..<rows {
            let core = cores[r], out = serializers[r]
            core.inValid <== predictor.scoreValid
            core.inKey <== predictor.score[r]
            core.inIndex <== predictor.scoreIndex
            core.inLast <== scoreLast
            core.segmentLength <== segmentLength
            core.clip <== clip
            core.radius <== radius
            let active = m.named("row_active_\(r)", activeRows > Unsigned(r, width: rowCountWidth))
            // Kept lanes are a prefix: masking lane 0 silences an inactive row.
            out.load <== core.outValid
            out.clear <== launch
            out.keep <== (0..<winners).map { $0 == 0 ? core.outKeep[0] && laneKept[0] && active : core.outKeep[$0] && laneKept[$0] }
            out.index <== core.outIndex
            io.markValid[r] <== out.markValid
            io.markIndex[r] <== out.markIndex
        }

        // The phases.
        When(cores[0].outValid && cores[0].outRowEnd) { rowsEnded <== true }
        When(io.query.fire) {
            rowsLoaded <== rowsLoaded &+ 1
            When(lastQuery) {
                When(keyCount == 0) { phase.goto(.drain) }.otherwise { phase.goto(.streamKeys) }
            }
        }
        When(io.key.fire) {
            keysTaken <== keysTaken &+ 1
            When(segmentEnds) { segmentPosition <== 0 }.otherwise { segmentPosition <== segmentPosition &+ 1 }
            When(lastKey) { phase.goto(.drain) }
        }
        When(io.key.fire && segmentEnds && !lastKey) { hold <== spacing }
        .elseWhen(hold != 0) { hold <== hold &- 1 }
        When(launch) {
            keyCount <== startKeys
            activeRows <== startRows
            segmentLength <== io.segmentLength
            keptPerSegment <== io.keptPerSegment
            clip <== io.clip
            radius <== startRadius
            rowsLoaded <== 0
            keysTaken <== 0
            segmentPosition <== 0
            hold <== 0
            rowsEnded <== startKeys == 0
            When(startRows != 0) { phase.goto(.loadQueries) }
            .elseWhen(startKeys != 0) { phase.goto(.streamKeys) }
            .otherwise { phase.goto(.drain) }
        }.elseWhen(finished) { phase.goto(.idle) }

        // Per-row kept counts of the tile, and the counters.
        for r in 0..<rows {
            let count = m.reg("kept_count_\(r)", .uint(keyCountWidth), reset: 0)
            When(launch) { count <== 0 }.elseWhen(serializers[r].markValid) { count <== count &+ 1 }
            io.keptCount[r] <== count
        }
        let busy = m.named("busy_now", !accepting)
        let busyCycles = m.reg("busy_cycle_count", .uint(counterWidth), reset: 0)
        let keysStreamed = m.reg("keys_streamed_count", .uint(counterWidth), reset: 0)
        When(io.clearCounters) {
            busyCycles <== 0
            keysStreamed <== 0
        }.otherwise {
            When(busy) { busyCycles <== busyCycles &+ 1 }
            When(io.key.fire) { keysStreamed <== keysStreamed &+ 1 }
        }
        io.busy <== busy
        io.done <== finished
        io.busyCycles <== busyCycles
        io.keysStreamed <== keysStreamed
    }

    /// The last key's hold after the previous segment's last key: max(0, m - S), m = min(k_s, winners, L).
    private func lastKeySpacing(keptPerSegment: Unsigned, segmentLength: Unsigned) -> Unsigned {
        let w = keptWidth
        let kept = mux(keptPerSegment > Unsigned(winners, width: w), Unsigned(winners, width: w), keptPerSegment)
        let most = mux(segmentLength < kept.extended(to: keyCountWidth), segmentLength.truncated(to: w), kept)
        guard beatsPerKey > 1 else { return mux(most != 0, most &- 1, Unsigned(0, width: w)) }
        let beats = Unsigned(beatsPerKey, width: max(w, bitsFor(beatsPerKey)))
        return mux(most.extended(to: beats.width) > beats, (most.extended(to: beats.width) &- beats).truncated(to: w),
                   Unsigned(0, width: w))
    }

    /// `value`, or `limit` when it is larger.
    private func saturated(_ value: Unsigned, at limit: Int) -> Unsigned {
        guard limit < (1 << value.width) - 1 else { return value }
        return mux(value > Unsigned(limit, width: value.width), Unsigned(limit, width: value.width), value)
    }

    /// Which beat of its item a stream is at (0 ... S-1); `last` on the item's last beat, where the stream's
    /// `ready` is high. One beat per item needs no register.
    private struct BeatCounter {
        var slice: Unsigned
        var last: Bit
        var register: Unsigned?
    }

    private func beatCounter(_ m: Scope, _ name: String) -> BeatCounter {
        let width = predictorShape.sliceWidth
        guard beatsPerKey > 1 else {
            return BeatCounter(slice: Unsigned(0, width: width), last: Bit(booleanLiteral: true), register: nil)
        }
        let slice = m.reg(name, .uint(width), reset: 0)
        let last = m.named("\(name)_last", slice == Unsigned(beatsPerKey - 1, width: width))
        return BeatCounter(slice: slice, last: last, register: slice)
    }

    /// Advances a beat counter with each beat, back to 0 after an item's last.
    @HardwareBuilder
    private func advance(_ counter: BeatCounter, on beat: Bit) -> Block {
        if let slice = counter.register {
            When(beat) {
                When(counter.last) { slice <== 0 }.otherwise { slice <== slice &+ 1 }
            }
        }
    }

    /// The predictor lanes' elements at beat `slice`: lane l takes element slice * L_p + l.
    private func sliceLanes(_ data: [Signed], slice: Unsigned) -> [Signed] {
        (0..<predictorLanes).map { l in
            beatsPerKey == 1 ? data[l] : select((0..<beatsPerKey).map { data[$0 * predictorLanes + l] }, at: slice)
        }
    }
}

extension KeySelector: DeclaredGenerator {
    public static var defaults: KeySelector { KeySelector() }
    public static let summary = "attention core stages 1-2: DLZS predictor, one SADS core and mark serializer per query row"
    public static var parameters: [GeneratorParameter<KeySelector>] {
        [.integer("rows", \.rows, 1...1024, size: true, help: "R: query rows per tile"),
         .integer("head-dim", \.headDim, 1...1024, help: "d_max: elements per q and k (int8)"),
         .integer("predictor-lanes", \.predictorLanes, 1...256, size: true, help: "L_p: predictor lanes per row (a divisor of head-dim)"),
         .integer("max-keys", \.maxKeys, 1...65536, help: "N_max: the most keys per tile"),
         .integer("winners", \.winners, 1...255, help: "SADS entries held per segment (runtime k_s <= winners)"),
         .integer("sads-width", \.sadsWidth, 2...256, help: "W: SADS network width, above winners"),
         .choice("family", \.family, help: "SADS new-score network"),
         .choice("rounding", \.rounding, help: "DLZS exponent rounding"),
         .integer("predictor-pipeline", \.predictorPipeline, 0...2, help: "0: none, 1: input register, 2: + adder-tree register"),
         .integer("sads-pipeline", \.sadsPipeline, 0...1024, help: "a register stage every this many layers of the SADS network"),
         .integer("counter-width", \.counterWidth, 1...64, help: "bits of the busy-cycle and key counters")]
    }
    public var figures: [GeneratorFigure] {
        [GeneratorFigure("predictor_latency", predictorLatency), GeneratorFigure("sads_latency", sadsLatency),
         GeneratorFigure("beats_per_key", beatsPerKey), GeneratorFigure("score_bits", scoreWidth)]
    }
}
