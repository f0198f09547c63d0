import HDL
import SortingNetworks

/// The SADS streaming top-k core (SOFA-SPEC section 3): holds the current `winners` (k_s) of a segment and,
/// per round, brings `width - winners` (W - k_s) new scores in through a comparator network, keeping the
/// best k_s. A row of scores arrives one per cycle (`in_valid`, `in_last` on the row's last); it is cut into
/// segments of `segment_length` scores (the last may be shorter); when a segment ends, its kept entries come
/// out in descending order (ties: lower `in_index` first), with sphere clipping optional.
///
/// The round network is split so it can be pipelined without a hazard: the family's W - k_s input network,
/// pruned to its top k_s, ranks the new scores (feed-forward, a register stage every `pipelineEvery`
/// layers), then `mergeOfOrderedHalves(k_s)` merges that ranked list with the held winners in one cycle (the
/// only loop). Together they are one comparator network on W inputs whose winners half arrives ordered. A
/// round is issued when W - k_s scores have gathered or the segment ends (a partial last round: empty slots
/// rank below every score), so one score per cycle is sustained for any segment length.
///
/// Clipping (`clip`): a kept entry whose score is below M - `radius` is dropped, M the running maximum of the
/// row's scores up to the segment's end. The held winners can only lose to a rising threshold, so testing
/// once when the segment ends keeps exactly what dropping them as early as possible would.
///
/// Timing: a segment's result appears `latency` cycles after its last score, for one cycle (`out_valid`,
/// with `out_row_end` on the row's last segment): `out_keep[i]` says lane i holds a kept entry (a segment
/// shorter than k_s, or clipping, leaves lanes empty; kept lanes come first). `segment_length`, `clip` and
/// `radius` are read as each score arrives: hold them steady through a row. A length of 0 acts as 1.
public struct SADSCore: Module {
    /// W: network width per round (held winners + new scores).
    public var width: Int
    /// k_s: the winners kept per segment.
    public var winners: Int
    public var family: NetworkFamily
    /// Bits of a (signed) score.
    public var keyWidth: Int
    /// Bits of the key index carried with each score.
    public var indexWidth: Int
    /// Bits of `segment_length`.
    public var lengthWidth: Int
    /// A register stage every this many layers of the new-score network (0: combinational).
    public var pipelineEvery: Int

    public init(width: Int = 16, winners: Int = 4, family: NetworkFamily = .oddEvenMerge, keyWidth: Int = 21,
                indexWidth: Int = 16, lengthWidth: Int = 16, pipelineEvery: Int = 2) {
        self.width = width
        self.winners = winners
        self.family = family
        self.keyWidth = keyWidth
        self.indexWidth = indexWidth
        self.lengthWidth = lengthWidth
        self.pipelineEvery = pipelineEvery
    }

    /// New scores per round: W - k_s.
    public var batch: Int { width - winners }

    /// The new scores' network: the family's sorter of W - k_s pruned to the top min(k_s, W - k_s).
    public func batchNetwork() throws -> ComparatorNetwork {
        if batch == 1 { return try ComparatorNetwork(name: "single entry", inputs: 1, layers: []) }
        return try family.selector(inputs: batch, top: min(winners, batch))
    }

    /// The merge of the held winners with the ranked new scores.
    public func mergeNetwork() throws -> ComparatorNetwork { try .mergeOfOrderedHalves(winners) }

    var batchCore: SortingNetworkCore {
        get throws { SortingNetworkCore(network: try batchNetwork(), keyWidth: keyWidth + 1, indexWidth: indexWidth, pipelineEvery: pipelineEvery) }
    }

    var mergeCore: SortingNetworkCore {
        get throws { SortingNetworkCore(network: try mergeNetwork(), keyWidth: keyWidth + 1, indexWidth: indexWidth, pipelineEvery: 0) }
    }

    /// Compare-exchanges per round (both networks).
    public var comparators: Int { ((try? batchNetwork().size) ?? 0) + ((try? mergeNetwork().size) ?? 0) }
    /// Comparator delays per round: the new-score network's, then the merge's (in its one cycle).
    public var depth: Int { ((try? batchNetwork().depth) ?? 0) + ((try? mergeNetwork().depth) ?? 0) }
    /// Cycles from a segment's last score to its `out_valid`.
    public var latency: Int { ((try? batchCore.latency) ?? 0) + 1 }

    public func validate() throws {
        try validateParameters()
        try require(winners >= 1 && winners < width,
                    "winners (k_s = \(winners)) must be 1...\(width - 1): below the width W = \(width), which also brings new scores in each round")
        do {
            _ = try batchNetwork()
            _ = try mergeNetwork()
        } catch let e as NetworkError {
            throw ParameterError("no network for W - k_s = \(batch) new scores: \(e.message)")
        }
    }

    public struct IO {
        public var inValid: Bit, inKey: Signed, inIndex: Unsigned, inLast: Bit
        public var segmentLength: Unsigned, clip: Bit, radius: Unsigned
        public var outValid: Bit, outRowEnd: Bit, outKeep: [Bit], outKey: [Signed], outIndex: [Unsigned]
    }

    public func ports(_ p: Ports) -> IO {
        IO(inValid: p.input("in_valid", .bit), inKey: p.input("in_key", .sint(keyWidth)),
           inIndex: p.input("in_index", .uint(indexWidth)), inLast: p.input("in_last", .bit),
           segmentLength: p.input("segment_length", .uint(lengthWidth)), clip: p.input("clip", .bit),
           radius: p.input("radius", .uint(keyWidth)),
           outValid: p.output("out_valid", .bit), outRowEnd: p.output("out_row_end", .bit),
           outKeep: p.output("out_keep", .vec(winners, .bit)), outKey: p.output("out_key", .vec(winners, .sint(keyWidth))),
           outIndex: p.output("out_index", .vec(winners, .uint(indexWidth))))
    }

    public func body(_ m: Scope, _ io: IO) throws -> Block {
        let k = winners, b = batch, rankWidth = keyWidth + 1
        // Ranked keys are one bit wider: an empty slot is -2^keyWidth, below every real score.
        let empty = Signed(-(1 << keyWidth), width: rankWidth)

        // Where the input is in its row and segment, and the clipping threshold at the segment's end.
        let inRow = m.reg("in_row", .bit, reset: false)
        let position = m.reg("segment_position", .uint(lengthWidth), reset: 0)
        let runningMax = m.reg("running_max", .sint(keyWidth))
        let rowMax = m.named("row_max", mux(!inRow || io.inKey > runningMax, io.inKey, runningMax))
        let segmentEnd = m.named("segment_end", io.inLast || position + Unsigned(1, width: 1) >= io.segmentLength)
        // -2^(keyWidth+1) written as a shift of -1: at keyWidth 62 it is Int.min, whose negation would overflow.
        let lowest = Signed(-1 << (keyWidth + 1), width: keyWidth + 2)
        let threshold = m.named("threshold", mux(io.clip, rowMax - io.radius.toSigned(), lowest))

        // Gather W - k_s scores (the current one included) into a round.
        let fillWidth = bitsFor(b - 1)
        let fill = m.reg("fill", .uint(fillWidth), reset: 0)
        let issue = m.named("issue", io.inValid && (segmentEnd || fill == Unsigned(b - 1, width: fillWidth)))
        let slotKey = m.reg("slot_key", .vec(b - 1, .sint(keyWidth)))
        let slotIndex = m.reg("slot_index", .vec(b - 1, .uint(indexWidth)))
        When(io.inValid) {
            inRow <== !io.inLast
            runningMax <== rowMax
            When(segmentEnd) { position <== 0 }.otherwise { position <== position &+ 1 }
            When(issue) { fill <== 0 }.otherwise { fill <== fill &+ 1 }
        }
        for j in 0..<(b - 1) {
            When(io.inValid && !issue && fill == Unsigned(j, width: fillWidth)) {
                slotKey[j] <== io.inKey
                slotIndex[j] <== io.inIndex
            }
        }

        // Rank the round's new scores (pipelined), carrying the segment's end, row end and threshold alongside.
        let newScores = try m.instance("new_scores", batchCore)
        newScores.validIn <== issue
        for j in 0..<b {
            let here = Unsigned(j, width: fillWidth)
            let current = j == b - 1 ? Bit(booleanLiteral: true) : fill == here
            let occupied = j == b - 1 ? fill == here : fill >= here
            newScores.keyIn[j] <== mux(occupied, (j == b - 1 ? io.inKey : mux(current, io.inKey, slotKey[j])).extended(to: rankWidth), empty)
            newScores.indexIn[j] <== (j == b - 1 ? io.inIndex : mux(current, io.inIndex, slotIndex[j]))
        }
        var roundEndsSegment = segmentEnd, roundEndsRow = io.inLast, roundThreshold = threshold
        for stage in 0..<(try batchCore.latency) {
            roundEndsSegment = m.regNext(roundEndsSegment, name: "round_segment_end_\(stage + 1)")
            roundEndsRow = m.regNext(roundEndsRow, name: "round_row_end_\(stage + 1)")
            roundThreshold = m.regNext(roundThreshold, name: "round_threshold_\(stage + 1)")
        }
        let roundDone = m.named("round_done", newScores.validOut)

        // Merge with the held winners (the one-cycle loop).
        let winnerKey = m.reg("winner_key", .vec(k, .sint(rankWidth)), reset: -(1 << keyWidth))
        let winnerIndex = m.reg("winner_index", .vec(k, .uint(indexWidth)), reset: 0)
        let merge = try m.instance("merge", mergeCore)
        merge.validIn <== roundDone
        for i in 0..<k {
            merge.keyIn[i] <== winnerKey[i]
            merge.indexIn[i] <== winnerIndex[i]
            merge.keyIn[k + i] <== (i < min(k, b) ? newScores.keyOut[i] : empty)
            merge.indexIn[k + i] <== (i < min(k, b) ? newScores.indexOut[i] : Unsigned(0, width: indexWidth))
        }
        let finished = m.named("segment_done", roundDone && roundEndsSegment)
        When(roundDone) {
            When(roundEndsSegment) {
                for i in 0..<k { winnerKey[i] <== empty }
            }.otherwise {
                winnerKey <== merge.keyOut
                winnerIndex <== merge.indexOut
            }
        }

        // The segment's result, clipped, registered for one cycle.
        let outKeep = m.reg("out_keep_q", .vec(k, .bit), reset: 0)
        let outKey = m.reg("out_key_q", .vec(k, .sint(keyWidth)))
        let outIndex = m.reg("out_index_q", .vec(k, .uint(indexWidth)))
        let outRowEnd = m.reg("out_row_end_q", .bit, reset: false)
        When(finished) {
            for i in 0..<k {
                outKeep[i] <== merge.keyOut[i] != empty && merge.keyOut[i] >= roundThreshold
                outKey[i] <== merge.keyOut[i].truncated(to: keyWidth)
            }
            outIndex <== merge.indexOut
            outRowEnd <== roundEndsRow
        }
        io.outValid <== m.regNext(finished, name: "out_valid_q", reset: 0)
        io.outRowEnd <== outRowEnd
        io.outKeep <== outKeep
        io.outKey <== outKey
        io.outIndex <== outIndex
    }
}

extension SADSCore: DeclaredGenerator {
    public static var defaults: SADSCore { SADSCore() }
    public static let summary = "SADS streaming top-k core: per segment of a score row, the best k_s, clipping optional"
    public static var parameters: [GeneratorParameter<SADSCore>] {
        [.integer("width", \.width, 2...256, size: true, help: "W: held winners + new scores per round (the paper: 16)"),
         .integer("winners", \.winners, 1...255, size: true, help: "k_s: winners kept per segment, below W (the paper: 4)"),
         .choice("family", \.family, help: "network for the W - k_s new scores of a round"),
         .integer("key-width", \.keyWidth, 2...62, help: "signed score width (DLZS scores, d = 32: 21)"),
         .integer("index-width", \.indexWidth, 1...32, help: "key index width"),
         .integer("length-width", \.lengthWidth, 1...32, help: "width of the segment_length input"),
         .integer("pipeline", \.pipelineEvery, 0...1024, help: "register stage every this many layers of the new-score network")]
    }
    public var figures: [GeneratorFigure] {
        [GeneratorFigure("latency", latency), GeneratorFigure("ops_per_cycle", 1), GeneratorFigure("comparators", comparators),
         GeneratorFigure("depth", depth)]
    }
}
