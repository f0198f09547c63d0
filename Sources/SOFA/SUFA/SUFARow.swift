import HDL

/// Stage 3 of SOFA for one query row (docs/SU-FA.md, bit for bit): online softmax over the row's keys in the
/// order they arrive, computing each score itself with `lanes` MAC lanes, then the end-of-row division.
///
/// **Streams** (`Decoupled`: a beat moves when `valid` and `ready` are both 1; a `valid` may drop at any cycle and a
/// `ready` may stay 0 for any time):
/// - `q` (`q_bits_<lane>`): a row's query, ceil(d_use / L) beats of L int8 elements, element e = beat * L + lane.
///   The row's `head_dim` (d_use; 0 or more than d reads as d) and softmax constant (`constant_mantissa` c_m,
///   `constant_shift` c_e: c = c_m * 2^-c_e) are sampled with its first beat. Two queries are held: the next
///   row's loads while this row's keys are scored.
/// - `key` (`key_bits_data_<lane>`, `key_bits_last`): per key, ceil(d_use / L) beats of k_j; `last` on the row's
///   last key (read on its final beat). Every row has at least one key.
/// - `value` (`value_bits_<lane>`): per key, ceil(d_use / L) beats of v_j, keys in the same order as on `key`.
/// - `out` (`out_bits_data`, `out_bits_index`, `out_bits_last`): the row's O[i] = o[i] / l, signed with
///   `outputFraction` fraction bits, elements 0 ..< d_use in order, `index` = i, `last` on the row's last.
/// Lanes past d_use in a row's last beat are ignored (their data may be anything).
///
/// **Schedule**: the lanes do one beat per cycle, of a key's score pass (s_j += q . k beat) or of a key's value
/// pass (o[i] updated for the beat's elements: first, hit or miss; docs/SU-FA.md section 4). Score beats go first:
/// the score passes run ahead of the value passes by up to `lookahead` keys, so a key's exp2 and alignment overlap
/// the next key's score pass and every value pass finds its weight ready. A key costs 2 * ceil(d_use / L) lane
/// cycles and, while beats are offered, every cycle is a lane cycle (a lone key waits `weightLatency` - 1 cycles
/// for its weight: nothing else to do). Each lane multiplies in the beat's cycle and shifts and adds in the next
/// (`SUFALane`), where o, l and the score sum are written. The weight pipeline after a score: the score's last beat
/// sum; compare with the running maximum and |m - s|; |m - s| * c_m; u = sat(round(...)); exp2 and the aligner into
/// the weight queue (a register after each).
/// `value_ready` depends combinationally on `key_valid` (that priority); `key_ready` and `q_ready` on registers
/// only; no `*_ready` depends on `out_ready`. The value beats of key j must not wait for key j + lookahead's k
/// beats to be taken (a feeder that interleaves k_{j+1} before v_j, or keeps the streams apart, is fine).
///
/// **End of row**: after the row's last value beat, (o, l) are copied into `SUFAOutputStage`'s snapshot and
/// divided there in the background while the lanes go on with the next row's keys (the accumulators are free
/// again in the copy cycle); the next row's first value pass waits only while the previous snapshot still has
/// elements to start.
///
/// **State**: o[d] and l in registers. Every cycle touches L elements of o (a read and a write per lane) and the
/// copy takes all d at once, so at d <= 128 with L = 4 a RAM would have d / L <= 32 words of L * W_o bits and
/// would need extra read ports (the copy, the miss's read of o): flip-flops cost less there.
///
/// **Counters** (wrapping, `counterWidth` bits, cleared by `clear_counters` or reset): `rescales` (misses),
/// `exp2_evaluations` (keys after a row's first), `divisions` (quotients started: d_use per row), `lane_busy`
/// (MAC-lane cycles doing a beat's element, d_use per pass: 2 d_use per key).
public struct SUFARow: Module, Sendable {
    /// d: the largest head dimension (head_dim in use may be smaller per row).
    public var headDim: Int
    /// L: MAC lanes and int8 elements per beat; a divisor of headDim.
    public var lanes: Int
    /// N_max: the most keys a row may have (sizes l and o, docs/SU-FA.md section 6).
    public var maxKeys: Int
    /// Divider instances in the output stage; a row's division takes ceil(d / dividers) * (9 + F_out) cycles.
    public var dividers: Int
    public var format: SUFARowFormat
    public var counterWidth: Int

    public init(headDim: Int = 32, lanes: Int = 4, maxKeys: Int = 256, dividers: Int = 2, format: SUFARowFormat = SUFARowFormat(),
                counterWidth: Int = 32) {
        self.headDim = headDim
        self.lanes = lanes
        self.maxKeys = maxKeys
        self.dividers = dividers
        self.format = format
        self.counterWidth = counterWidth
    }

    // MARK: Figures

    /// Beats per pass at the full head dimension: d / L.
    public var beatsPerPass: Int { headDim / lanes }
    /// Lane cycles per key: a score pass and a value pass.
    public var cyclesPerKey: Int { 2 * beatsPerPass }
    /// Cycles from a key's final score beat to the first cycle its value pass can use the weight: the lanes' second
    /// stage (the score), the difference, the product |m - s| * c_m, u, then exp2 and the aligner into the weight queue.
    public static let weightLatency = 6
    /// Keys whose score pass may start before the oldest one's value pass has ended: enough for the lanes to stay
    /// busy through the weight latency at the full head dimension.
    public var lookahead: Int { (Self.weightLatency + beatsPerPass - 1) / beatsPerPass + 1 }
    /// Cycles from a row's last value beat to its first output element when the output stage is empty.
    public var rowLatency: Int { 4 + outputStage.divider.latency }
    /// Cycles the dividers take per row at the full head dimension.
    public var divisionCycles: Int { outputStage.divisionCycles }
    /// The division hides behind the next row's keys when that row has at least this many (full head dimension).
    public var keysToHideDivision: Int { (divisionCycles + cyclesPerKey - 1) / cyclesPerKey }

    // MARK: Widths (docs/SU-FA.md section 6)

    public var scoreWidth: Int { SUFARowFormat.scoreWidth(headDim: headDim) }
    public var differenceWidth: Int { SUFARowFormat.differenceWidth(headDim: headDim) }
    public var sumWidth: Int { format.sumWidth(maxKeys: maxKeys) }
    public var accumulatorWidth: Int { format.accumulatorWidth(maxKeys: maxKeys) }
    var factorWidth: Int { max(8, format.weightMantissaWidth + 1) }
    var beatWidth: Int { bitsFor(beatsPerPass - 1) }
    var dimWidth: Int { bitsFor(headDim) }
    var lookaheadWidth: Int { bitsFor(lookahead) }

    var outputStage: SUFAOutputStage {
        SUFAOutputStage(headDim: headDim, dividers: dividers, accumulatorWidth: accumulatorWidth, sumWidth: sumWidth,
                        weightFraction: format.weightFraction, outputFraction: format.outputFraction)
    }

    var lane: SUFALane {
        SUFALane(accumulatorWidth: accumulatorWidth, factorWidth: factorWidth, shiftWidth: format.weightShiftWidth,
                 weightFraction: format.weightFraction, rescaleFraction: format.rescaleFraction)
    }

    public func validate() throws {
        try validateParameters()
        try require(headDim % lanes == 0, "lanes must divide the head dimension (\(headDim)), got \(lanes)")
        try require(dividers <= headDim, "dividers must be at most the head dimension (\(headDim)), got \(dividers)")
        try format.validate()
        try require(accumulatorWidth <= 48,
                    "o needs \(accumulatorWidth) bits (more than the divider's 48): lower the weight fraction or max keys")
        try require(sumWidth <= 48, "l needs \(sumWidth) bits (more than the divider's 48): lower the weight fraction or max keys")
        try outputStage.validate()
    }

    public struct IO {
        public var q: Decoupled<[Signed]>
        public var headDim: Unsigned, constantMantissa: Unsigned, constantShift: Unsigned
        public var key: Decoupled<SUFAKeyBeat>
        public var value: Decoupled<[Signed]>
        public var out: Decoupled<SUFAOutputElement>
        public var clearCounters: Bit
        public var rescales: Unsigned, exp2Evaluations: Unsigned, divisions: Unsigned, laneBusy: Unsigned
        public var idle: Bit
    }

    public func ports(_ p: Ports) -> IO {
        IO(q: p.input("q", .decoupled(.vec(lanes, .sint(8)))),
           headDim: p.input("head_dim", .uint(dimWidth)),
           constantMantissa: p.input("constant_mantissa", .uint(format.constantMantissaBits)),
           constantShift: p.input("constant_shift", .uint(format.constantShiftBits)),
           key: p.input("key", .decoupled(SUFAKeyBeat.shape(lanes: lanes))),
           value: p.input("value", .decoupled(.vec(lanes, .sint(8)))),
           out: p.output("out", .decoupled(SUFAOutputElement.shape(width: format.outputWidth, indexWidth: bitsFor(headDim - 1)))),
           clearCounters: p.input("clear_counters", .bit),
           rescales: p.output("rescales", .uint(counterWidth)), exp2Evaluations: p.output("exp2_evaluations", .uint(counterWidth)),
           divisions: p.output("divisions", .uint(counterWidth)), laneBusy: p.output("lane_busy", .uint(counterWidth)),
           idle: p.output("idle", .bit))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let d = headDim, l = lanes, beats = beatsPerPass
        let dimW = dimWidth, beatW = beatWidth

        let outOfRange: Bit = (1 << dimW) - 1 > d ? io.headDim == 0 || io.headDim > dim(d) : io.headDim == 0
        let dimIn = m.named("head_dim_in_use", mux(outOfRange, Unsigned(d, width: dimW), io.headDim))

        // MARK: Queries: two banks, filled by q beats, used by the score passes in order.
        let qBank = (0..<2).map { m.reg("q\($0)", .vec(d, .sint(8))) }
        let qDim = (0..<2).map { m.reg("q\($0)_dim", .uint(dimW)) }
        let qMantissa = (0..<2).map { m.reg("q\($0)_constant_mantissa", .uint(format.constantMantissaBits)) }
        let qShift = (0..<2).map { m.reg("q\($0)_constant_shift", .uint(format.constantShiftBits)) }
        let qWrite = m.reg("q_write", .bit, reset: false)
        let qRead = m.reg("q_read", .bit, reset: false)
        let qCount = m.reg("q_count", .uint(2), reset: 0)
        let loadBeat = m.reg("load_beat", .uint(beatW), reset: 0)
        let loadBase = m.reg("load_base", .uint(dimW), reset: 0)
        io.q.ready <== qCount != Unsigned(2, width: 2)
        let loadFire = m.named("load_fire", io.q.valid && qCount != Unsigned(2, width: 2))
        let loadFirst = m.named("load_first", loadBeat == beat(0))
        let loadDim = m.named("load_dim", mux(loadFirst, dimIn, mux(qWrite, qDim[1], qDim[0])))
        let loadFinal = m.named("load_final", loadBase + dim(l) >= loadDim)

        // MARK: Weight queue: a key's (operation, aligned mantissa, shift, last, d_use), head at entry 0.
        let queueDepth = lookahead
        let entryOperation = m.reg("entry_operation", .vec(queueDepth, .enumeration(SUFALaneOperation.self)))
        let entryWeight = m.reg("entry_weight", .vec(queueDepth, .uint(format.weightMantissaWidth)))
        let entryShift = m.reg("entry_shift", .vec(queueDepth, .uint(format.weightShiftWidth)))
        let entryLast = m.reg("entry_last", .vec(queueDepth, .bit))
        let entryDim = m.reg("entry_dim", .vec(queueDepth, .uint(dimW)))
        let entries = m.reg("entries", .uint(lookaheadWidth), reset: 0)
        let inflight = m.reg("inflight", .uint(lookaheadWidth), reset: 0)

        // MARK: Value side: o and l of the row in the accumulators, one beat per cycle when a weight is ready.
        let accumulators = m.reg("o", .vec(d, .sint(accumulatorWidth)))
        let sum = m.reg("l", .uint(sumWidth))
        let accumulatorDim = m.reg("o_dim", .uint(dimW))
        let rowFinished = m.reg("row_finished", .bit, reset: false)
        let valueBeat = m.reg("value_beat", .uint(beatW), reset: 0)
        let valueBase = m.reg("value_base", .uint(dimW), reset: 0)
        let output = m.instance("output", outputStage)
        let headOperation = entryOperation[0]
        let headDimension = entryDim[0]
        // The second lane stage: the value beat of the cycle before, writing o and l now.
        let bValid = m.reg("b_valid", .bit, reset: false)
        let bBeat = m.reg("b_beat", .uint(beatW))
        let bDim = m.reg("b_dim", .uint(dimW))
        let bFirstBeat = m.reg("b_first_beat", .bit)
        let bRowEnd = m.reg("b_row_end", .bit)
        let bOperation = m.reg("b_operation", .enumeration(SUFALaneOperation.self))
        let bWeight = m.reg("b_weight", .uint(format.weightMantissaWidth))
        let bShift = m.reg("b_shift", .uint(format.weightShiftWidth))
        // The accumulators are free for a new row unless they hold a finished one the snapshot cannot take yet, or
        // the second stage is finishing one now.
        let accumulatorsFree = m.named("accumulators_free", (!rowFinished || output.load.ready) && !(bValid && bRowEnd))
        // A miss multiplies o[i] in the first stage: not while the second stage writes the same elements (passes of
        // one beat back to back).
        let missHazard = m.named("miss_hazard", bValid && bBeat == valueBeat)
        let valueAvailable = m.named("value_available", entries != Unsigned(0, width: lookaheadWidth)
                                     && (headOperation != SUFALaneOperation.first || accumulatorsFree)
                                     && (headOperation != SUFALaneOperation.miss || !missHazard))
        let valueFinal = m.named("value_final", valueBase + dim(l) >= headDimension)

        // MARK: Score side: the head query bank, one k beat per cycle when the lanes are not doing a value beat.
        let scoreBeat = m.reg("score_beat", .uint(beatW), reset: 0)
        let scoreBase = m.reg("score_base", .uint(dimW), reset: 0)
        let scoreSum = m.reg("score_sum", .sint(scoreWidth))
        let rowOpen = m.reg("row_open", .bit, reset: false)
        let scoreDim = m.named("score_dim", mux(qRead, qDim[1], qDim[0]))
        let scoreStarting = m.named("score_starting", scoreBeat == beat(0))
        let scoreAvailable = m.named("score_available", qCount != Unsigned(0, width: 2)
                                     && (!scoreStarting || inflight < Unsigned(queueDepth, width: lookaheadWidth)))
        io.key.ready <== scoreAvailable
        let scoreGo = m.named("score_go", io.key.valid && scoreAvailable)
        let scoreFinal = m.named("score_final", scoreBase + dim(l) >= scoreDim)
        // Score beats go first: the score passes run ahead (up to the lookahead), so the last keys' weights are ready
        // before the value passes need them.
        io.value.ready <== valueAvailable && !scoreGo
        let valueGo = m.named("value_go", io.value.valid && valueAvailable && !scoreGo)

        // MARK: The lanes, shared by both passes.
        let units = (0..<l).map { m.instance("lane_\($0)", lane) }
        var scoreActive: [Bit] = [], valueActive: [Bit] = []
        for (i, unit) in units.enumerated() {
            let sActive = m.named("score_active_\(i)", scoreBase + dim(i) < scoreDim)
            let vActive = m.named("value_active_\(i)", valueBase + dim(i) < headDimension)
            scoreActive.append(sActive)
            valueActive.append(vActive)
            let query = mux(qRead, select((0..<beats).map { qBank[1][$0 * l + i] }, at: scoreBeat),
                            select((0..<beats).map { qBank[0][$0 * l + i] }, at: scoreBeat))
            unit.operation <== mux(valueGo, headOperation, SUFALaneOperation.score.hardware)
            unit.data <== mux(valueGo, io.value.bits[i], mux(sActive, io.key.bits.data[i], Signed(0, width: 8)))
            unit.factor <== mux(valueGo, entryWeight[0].toSigned().extended(to: factorWidth), query.extended(to: factorWidth))
            unit.shift <== mux(valueGo, entryShift[0], Unsigned(0, width: format.weightShiftWidth))
            unit.accumulator <== select((0..<beats).map { accumulators[$0 * l + i] }, at: valueBeat)
            unit.current <== select((0..<beats).map { accumulators[$0 * l + i] }, at: bBeat)
        }

        // MARK: q loads.
        When(loadFire) {
            for w in 0..<2 {
                When(w == 1 ? qWrite : !qWrite) {
                    When(loadFirst) {
                        qDim[w] <== dimIn
                        qMantissa[w] <== io.constantMantissa
                        qShift[w] <== io.constantShift
                    }
                    for b in 0..<beats {
                        When(loadBeat == beat(b)) {
                            for i in 0..<l {
                                qBank[w][b * l + i] <== mux(loadDim > dim(b * l + i), io.q.bits[i], Signed(0, width: 8))
                            }
                        }
                    }
                }
            }
            When(loadFinal) {
                loadBeat <== 0
                loadBase <== 0
                qWrite <== !qWrite
            }.otherwise {
                loadBeat <== loadBeat &+ 1
                loadBase <== loadBase &+ dim(l)
            }
        }
        let qPush = m.named("q_push", loadFire && loadFinal)
        let qPop = m.named("q_pop", scoreGo && scoreFinal && io.key.bits.last)
        When(qPush && !qPop) { qCount <== qCount &+ 1 }.elseWhen(qPop && !qPush) { qCount <== qCount &- 1 }
        When(qPop) { qRead <== !qRead }

        // MARK: Score passes. The lanes' products come out one cycle after the beat; the beat's sum is added then.
        let sbValid = m.regNext(scoreGo, name: "sb_valid", reset: 0)
        let sbStarting = m.regNext(scoreStarting, name: "sb_starting", enable: scoreGo)
        let sbFinal = m.regNext(scoreFinal, name: "sb_final", enable: scoreGo)
        let sbFirst = m.regNext(!rowOpen, name: "sb_first", enable: scoreGo)
        let sbLast = m.regNext(io.key.bits.last, name: "sb_last", enable: scoreGo)
        let sbMantissa = m.regNext(mux(qRead, qMantissa[1], qMantissa[0]), name: "sb_constant_mantissa", enable: scoreGo)
        let sbShift = m.regNext(mux(qRead, qShift[1], qShift[0]), name: "sb_constant_shift", enable: scoreGo)
        let sbDim = m.regNext(scoreDim, name: "sb_dim", enable: scoreGo)
        let beatSum = m.named("beat_sum", units.map(\.term).sum())
        let scoreNext = m.named("score_next", (mux(sbStarting, Signed(0, width: scoreWidth), scoreSum) + beatSum).resized(to: scoreWidth))
        let keyScored = m.named("key_scored", sbValid && sbFinal)
        When(sbValid) { scoreSum <== scoreNext }
        When(scoreGo) {
            When(scoreFinal) {
                scoreBeat <== 0
                scoreBase <== 0
                rowOpen <== !io.key.bits.last
            }.otherwise {
                scoreBeat <== scoreBeat &+ 1
                scoreBase <== scoreBase &+ dim(l)
            }
        }

        // MARK: Weight pipeline. Stage 0: the finished score, with its row's registers.
        let s0Valid = m.regNext(keyScored, name: "s0_valid", reset: 0)
        let s0Score = m.regNext(scoreNext, name: "s0_score", enable: keyScored)
        let s0First = m.regNext(sbFirst, name: "s0_first", enable: keyScored)
        let s0Last = m.regNext(sbLast, name: "s0_last", enable: keyScored)
        let s0Mantissa = m.regNext(sbMantissa, name: "s0_constant_mantissa", enable: keyScored)
        let s0Shift = m.regNext(sbShift, name: "s0_constant_shift", enable: keyScored)
        let s0Dim = m.regNext(sbDim, name: "s0_dim", enable: keyScored)

        // Stage 1: hit or miss against the running maximum, and |m - s|.
        let runningMax = m.reg("running_max", .sint(scoreWidth))
        let exceeds = m.named("exceeds", s0Score > runningMax)
        let operation = m.named("operation", mux(s0First, SUFALaneOperation.first.hardware,
                                                 mux(exceeds, SUFALaneOperation.miss.hardware, SUFALaneOperation.hit.hardware)))
        let signedDifference = m.named("signed_difference", runningMax - s0Score)
        let magnitude = mux(signedDifference.msb, -signedDifference, signedDifference.extended(to: scoreWidth + 2))
        let difference = m.named("difference", mux(s0First, Unsigned(0, width: differenceWidth),
                                                   magnitude.asUnsigned().truncated(to: differenceWidth)))
        When(s0Valid && (s0First || exceeds)) { runningMax <== s0Score }
        let s1Valid = m.regNext(s0Valid, name: "s1_valid", reset: 0)
        let s1Operation = m.regNext(operation, name: "s1_operation", enable: s0Valid)
        let s1Difference = m.regNext(difference, name: "s1_difference", enable: s0Valid)
        let s1Last = m.regNext(s0Last, name: "s1_last", enable: s0Valid)
        let s1Mantissa = m.regNext(s0Mantissa, name: "s1_constant_mantissa", enable: s0Valid)
        let s1Shift = m.regNext(s0Shift, name: "s1_constant_shift", enable: s0Valid)
        let s1Dim = m.regNext(s0Dim, name: "s1_dim", enable: s0Valid)

        // Stages 2 and 3: the exp2 input code u (a register after its multiplier).
        let exponentInput = m.instance("exponent_input", SUFAExponentInput(differenceWidth: differenceWidth, format: format))
        exponentInput.difference <== s1Difference
        exponentInput.constantMantissa <== s1Mantissa
        exponentInput.constantShift <== s1Shift
        let eValid = m.regNext(s1Valid, name: "e_valid", reset: 0)
        let eOperation = m.regNext(s1Operation, name: "e_operation", enable: s1Valid)
        let eLast = m.regNext(s1Last, name: "e_last", enable: s1Valid)
        let eDim = m.regNext(s1Dim, name: "e_dim", enable: s1Valid)
        let s2Valid = m.regNext(eValid, name: "s2_valid", reset: 0)
        let s2Operation = m.regNext(eOperation, name: "s2_operation", enable: eValid)
        let s2Code = m.regNext(exponentInput.code, name: "s2_code", enable: eValid)
        let s2Last = m.regNext(eLast, name: "s2_last", enable: eValid)
        let s2Dim = m.regNext(eDim, name: "s2_dim", enable: eValid)

        // Stage 4: exp2 and the aligner (p on a hit, r on a miss) into the weight queue.
        let exp2 = m.instance("exp2", format.exp2Unit)
        exp2.u <== s2Code
        let aligner = m.instance("aligner", SUFAWeightAligner(format: format))
        aligner.mantissa <== exp2.mantissa
        aligner.exponent <== exp2.shift
        aligner.rescale <== s2Operation == SUFALaneOperation.miss

        let pop = m.named("pop", valueGo && valueFinal)
        let slot = m.named("slot", mux(pop, entries &- 1, entries))
        for i in 0..<queueDepth {
            if i + 1 < queueDepth {
                When(pop) {
                    entryOperation[i] <== entryOperation[i + 1]
                    entryWeight[i] <== entryWeight[i + 1]
                    entryShift[i] <== entryShift[i + 1]
                    entryLast[i] <== entryLast[i + 1]
                    entryDim[i] <== entryDim[i + 1]
                }
            }
            When(s2Valid && slot == Unsigned(i, width: lookaheadWidth)) {
                entryOperation[i] <== s2Operation
                entryWeight[i] <== aligner.weight
                entryShift[i] <== aligner.shift
                entryLast[i] <== s2Last
                entryDim[i] <== s2Dim
            }
        }
        When(s2Valid && !pop) { entries <== entries &+ 1 }.elseWhen(pop && !s2Valid) { entries <== entries &- 1 }
        let passStarts = m.named("pass_starts", scoreGo && scoreStarting)
        When(passStarts && !pop) { inflight <== inflight &+ 1 }.elseWhen(pop && !passStarts) { inflight <== inflight &- 1 }

        // MARK: Value passes: the beat's elements of o and, on a pass's first beat, l, written in the second stage.
        let weight = bWeight, weightShift = bShift
        let f = format.weightFraction, fr = format.rescaleFraction
        let one = Unsigned(1 << f, width: sumWidth)
        let hitSum = sum &+ (weight.resized(to: sumWidth) &<< weightShift)
        let sumProduct = m.named("l_times_weight", sum * weight)
        let rescaledSum = m.named("rescaled_l", (sumProduct.resized(to: sumWidth + fr + 1) &<< weightShift)
                                  + Unsigned(1 << (fr - 1), width: fr))
        let missSum = (rescaledSum >> fr).resized(to: sumWidth) &+ one
        When(valueGo) {
            When(valueFinal) {
                valueBeat <== 0
                valueBase <== 0
            }.otherwise {
                valueBeat <== valueBeat &+ 1
                valueBase <== valueBase &+ dim(l)
            }
        }
        bValid <== valueGo
        When(valueGo) {
            bBeat <== valueBeat
            bDim <== headDimension
            bFirstBeat <== valueBeat == beat(0)
            bRowEnd <== valueFinal && entryLast[0]
            bOperation <== headOperation
            bWeight <== entryWeight[0]
            bShift <== entryShift[0]
        }
        When(bValid) {
            accumulatorDim <== bDim
            When(bFirstBeat) {
                Switch(bOperation) {
                    Is(SUFALaneOperation.first) { sum <== one }
                    Is(SUFALaneOperation.hit) { sum <== hitSum }
                    Is(SUFALaneOperation.miss) { sum <== missSum }
                    Default {}
                }
            }
            for b in 0..<beats {
                When(bBeat == beat(b)) {
                    for i in 0..<l {
                        When(bDim > dim(b * l + i)) { accumulators[b * l + i] <== units[i].next }
                    }
                }
            }
        }

        // MARK: End of row: the snapshot copy, the division and the output stream.
        output.load.valid <== rowFinished
        output.load.bits.accumulators <== accumulators
        output.load.bits.sum <== sum
        output.load.bits.dim <== accumulatorDim
        When(output.load.fire) { rowFinished <== false }
        When(bValid && bRowEnd) { rowFinished <== true }
        io.out <== output.out

        // MARK: Counters.
        let cw = counterWidth
        let rescales = m.reg("rescale_count", .uint(cw), reset: 0)
        let evaluations = m.reg("exp2_count", .uint(cw), reset: 0)
        let divisions = m.reg("division_count", .uint(cw), reset: 0)
        let laneBusy = m.reg("lane_busy_count", .uint(cw), reset: 0)
        let activeLanes = m.named("active_lanes", mux(valueGo, valueActive.map { $0.asUnsignedValue() }.sum(),
                                                        scoreActive.map { $0.asUnsignedValue() }.sum()))
        When(io.clearCounters) {
            rescales <== 0
            evaluations <== 0
            divisions <== 0
            laneBusy <== 0
        }.otherwise {
            When(s2Valid && s2Operation == SUFALaneOperation.miss) { rescales <== rescales &+ 1 }
            When(s2Valid && s2Operation != SUFALaneOperation.first) { evaluations <== evaluations &+ 1 }
            divisions <== divisions &+ output.divisions.resized(to: cw)
            When(scoreGo || valueGo) { laneBusy <== laneBusy &+ activeLanes.resized(to: cw) }
        }
        io.rescales <== rescales
        io.exp2Evaluations <== evaluations
        io.divisions <== divisions
        io.laneBusy <== laneBusy
        io.idle <== qCount == Unsigned(0, width: 2) && loadBeat == beat(0) && inflight == Unsigned(0, width: lookaheadWidth)
            && !bValid && !rowFinished && !output.busy
    }
}

extension SUFARow {
    /// A beat number as a constant of the beat counters' width.
    func beat(_ b: Int) -> Unsigned { Unsigned(b, width: beatWidth) }
    /// An element count or index as a constant.
    func dim(_ x: Int) -> Unsigned { Unsigned(x, width: bitsFor(x)) }

    /// MAC operations per cycle in steady state (one per lane).
    public var operationsPerCycle: Int { lanes }
}

extension SUFARow: DeclaredGenerator {
    public static var defaults: SUFARow { SUFARow() }
    public static let summary = "SU-FA row: one query's online softmax over streamed k/v beats, MAC lanes, exp2, division"
    public static var parameters: [GeneratorParameter<SUFARow>] {
        [.integer("head-dim", \.headDim, 1...128, size: true, help: "d: the largest head dimension (head_dim in use is a runtime input)"),
         .integer("lanes", \.lanes, 1...128, size: true, help: "L: MAC lanes, int8 elements per beat (a divisor of head-dim)"),
         .integer("max-keys", \.maxKeys, 1...65536, help: "N_max: the most keys a row may have (sizes l and o)"),
         .integer("dividers", \.dividers, 1...128, size: true, help: "dividers for the end-of-row division, at most head-dim"),
         .integer("counter-width", \.counterWidth, 8...64, help: "bits of the rescale, exp2, division and lane-busy counters"),
         .integer("exp2-integer-bits", \.format.exp2IntegerBits, 1...16, help: "I: integer bits of the exp2 input u"),
         .integer("exp2-fraction-bits", \.format.exp2FractionBits, 1...16, help: "F_u: fraction bits of u"),
         .integer("exp2-table-bits", \.format.exp2TableBits, 0...10, help: "T: exp2 table index bits, at most exp2-fraction-bits"),
         .integer("exp2-mantissa-bits", \.format.exp2MantissaBits, 2...24, help: "P: exp2 mantissa fraction bits"),
         .integer("exp2-shift-bits", \.format.exp2ShiftBits, 1...16, help: "S: exp2 shift bits, at most exp2-integer-bits (smaller results read as 0)"),
         .integer("constant-mantissa-bits", \.format.constantMantissaBits, 16...32, help: "B: bits of the softmax constant's mantissa c_m"),
         .integer("constant-shift-bits", \.format.constantShiftBits, 2...7, help: "bits of the softmax constant's shift c_e (must hold exp2-fraction-bits + 1)"),
         .integer("weight-fraction", \.format.weightFraction, 1...32, help: "F: fraction bits of p, l and o"),
         .integer("rescale-fraction", \.format.rescaleFraction, 1...40, help: "F_r: fraction bits of the rescale factor r"),
         .integer("output-fraction", \.format.outputFraction, 0...24, help: "F_out: fraction bits of O (8 + F_out bits)")]
    }
    public var figures: [GeneratorFigure] {
        [GeneratorFigure("latency", rowLatency), GeneratorFigure("ops_per_cycle", operationsPerCycle),
         GeneratorFigure("cycles_per_key", cyclesPerKey), GeneratorFigure("division_cycles", divisionCycles),
         GeneratorFigure("keys_to_hide_division", keysToHideDivision), GeneratorFigure("lookahead", lookahead),
         GeneratorFigure("accumulator_bits", accumulatorWidth), GeneratorFigure("sum_bits", sumWidth)]
    }
}
