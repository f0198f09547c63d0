/// The attention core's cycles, predicted from its schedule (docs/CORE-CYCLE-MODEL.md states every rule it replays;
/// docs/ATTENTION-CORE-DESIGN.md section 3 is the schedule): one start of the core on a head, the counters of
/// ATTENTION-CORE 5 exactly as the RTL counts them, and when each tile's selection and scan ran.
///
/// Why a simulation and not a formula: stage 1-2 of a tile has a closed form (`selectionDone`), but stage 3 couples
/// the rows through the dispatcher's credits (a key waits until every row that kept it has a free queue entry), the
/// q feeder (rows take their q in order, and a row holding two tiles' q stops the feeder for the rows after it) and
/// the output round robin (one element of O per cycle for all rows). So the model steps cycle by cycle through the
/// schedule's state: per tile the selector's start and end, per key the dispatcher's scan / decide / push steps, per
/// row its queue's pointers, its score and value beats, its weight pipeline, its division groups and its output
/// buffer. It holds no data (no scores, no values): a key's only data-dependent property is whether its value pass
/// is a row's first, a hit or a miss (`Step.Kind`), which the caller computes from the exact scores.
///
/// Cost: about R operations per cycle (the default core's 128-token MiniLM head, about 5,000 cycles, takes well
/// under a millisecond in release); `sofa-bench core-cycles` runs the whole MiniLM set.
///
/// Cycle 0 is the cycle the host's write of 1 to CONTROL is taken; the core is busy from cycle 1 to the cycle the
/// last element of O leaves (`cycles`). Back-pressure on O: `outputReady` gives the host's `out_ready` per cycle,
/// and the prediction is then exact for that pattern; without it the host takes O whenever it is offered.
public struct CoreCycleModel: Sendable {
    /// The generator parameters that set the core's timing.
    public struct Parameters: Sendable, Hashable {
        /// R: query rows per tile.
        public var rows: Int
        /// d_max: the widest head (sets the predictor's beats per key and the rows' lookahead).
        public var maxHeadDim: Int
        /// T_max: Q rows (a head with more queries runs as several starts).
        public var maxQueries: Int
        /// L_p: DLZS lanes per row: a q row or key takes d_max / L_p beats in the predictor.
        public var predictorLanes: Int
        /// L: SU-FA MAC lanes per row: a pass takes ceil(d / L) beats.
        public var macLanes: Int
        /// SADS entries held per segment.
        public var winners: Int
        /// Kept keys buffered between the dispatcher and each row.
        public var queueDepth: Int
        /// Dividers per row (a row's O is divided in groups of this many elements).
        public var dividers: Int
        /// lambda_p: cycles from a key's last predictor beat to its scores at the SADS inputs.
        public var predictorLatency: Int
        /// lambda_s: cycles from a segment's last score at SADS to its result.
        public var sadsLatency: Int
        /// Cycles of one division (start to done): quotient width + 1 = 9 + F_out.
        public var dividerLatency: Int
        /// Cycles from a key's final score beat to the first cycle its value pass can use the weight.
        public var weightLatency: Int

        public init(rows: Int, maxHeadDim: Int, maxQueries: Int, predictorLanes: Int, macLanes: Int, winners: Int,
                    queueDepth: Int, dividers: Int, predictorLatency: Int, sadsLatency: Int, dividerLatency: Int,
                    weightLatency: Int = 6) {
            self.rows = rows
            self.maxHeadDim = maxHeadDim
            self.maxQueries = maxQueries
            self.predictorLanes = predictorLanes
            self.macLanes = macLanes
            self.winners = winners
            self.queueDepth = queueDepth
            self.dividers = dividers
            self.predictorLatency = predictorLatency
            self.sadsLatency = sadsLatency
            self.dividerLatency = dividerLatency
            self.weightLatency = weightLatency
        }

        /// S: predictor beats per q row and per key.
        public var selectorBeats: Int { maxHeadDim / predictorLanes }
        /// Keys whose score pass may start before the oldest one's value pass has ended: enough to cover the weight
        /// latency with score beats at the full head dimension, ceil(weightLatency / (d_max / L)) + 1.
        public var lookahead: Int {
            let beats = maxHeadDim / macLanes
            return (weightLatency + beats - 1) / beats + 1
        }

        public func validate() throws {
            for (name, value) in [("rows", rows), ("max head dimension", maxHeadDim), ("max queries", maxQueries),
                                  ("predictor lanes", predictorLanes), ("MAC lanes", macLanes), ("winners", winners),
                                  ("queue depth", queueDepth), ("dividers", dividers), ("divider latency", dividerLatency),
                                  ("weight latency", weightLatency)] {
                try require(value >= 1, "\(name) must be at least 1, got \(value)")
            }
            try require(predictorLatency >= 0 && sadsLatency >= 0, "latencies must not be negative")
            try require(maxHeadDim % predictorLanes == 0 && maxHeadDim % macLanes == 0,
                        "the lanes (\(predictorLanes), \(macLanes)) must divide the head dimension (\(maxHeadDim))")
        }
    }

    /// One kept key of a query row, in the order the row processes them (ascending key index).
    public struct Step: Sendable, Hashable {
        /// What the key's value pass does: a row's first key, a hit (s_j <= m) or a miss (s_j > m, a rescale).
        public enum Kind: Sendable, Hashable { case first, hit, miss }
        public var key: Int
        public var kind: Kind
        public init(key: Int, kind: Kind) {
            self.key = key
            self.kind = kind
        }
    }

    /// One start of the core: T queries (at most T_max), N keys, the registers that change timing, and each query
    /// row's kept keys.
    public struct Head: Sendable, Hashable {
        public var queries: Int
        public var keys: Int
        public var headDim: Int
        public var dense: Bool
        /// L: the SADS segment length register (topk); ignored when dense.
        public var segmentLength: Int
        /// k_s: the kept-per-segment register (topk); ignored when dense.
        public var keptPerSegment: Int
        /// Per query row, its kept keys in ascending order with their kinds (dense: every key).
        public var rows: [[Step]]

        public init(queries: Int, keys: Int, headDim: Int, dense: Bool, segmentLength: Int, keptPerSegment: Int, rows: [[Step]]) {
            self.queries = queries
            self.keys = keys
            self.headDim = headDim
            self.dense = dense
            self.segmentLength = segmentLength
            self.keptPerSegment = keptPerSegment
            self.rows = rows
        }

        /// The kinds of a row's value passes for keys in ascending order with exact scores `scores` (s_j of each
        /// key, in that order): the first key opens the row; afterwards a score above the running maximum is a miss.
        public static func steps(keys: [Int], scores: [Int]) -> [Step] {
            var maximum = Int.min
            return zip(keys, scores).enumerated().map { position, pair in
                let kind: Step.Kind = position == 0 ? .first : (pair.1 > maximum ? .miss : .hit)
                maximum = max(maximum, pair.1)
                return Step(key: pair.0, kind: kind)
            }
        }
    }

    /// When one tile ran (cycles from the start; nil when the step does not happen, e.g. no selection in dense mode).
    public struct TileTiming: Sendable, Hashable {
        /// The cycle the selector took the tile (`select_go`) and the cycle its `done` pulsed.
        public var selectionStart: Int?
        public var selectionDone: Int?
        /// The cycle the dispatcher took the tile (`scan_go`) and the cycle its `done` pulsed (the cycle after the last push).
        public var scanStart: Int
        public var scanDone: Int
        /// Keys of the tile's union (read from K and V once each) and (row, key) pushes.
        public var unionKeys: Int
        public var keptKeys: Int
    }

    /// The counters of one start, as the core's registers read after `done` (`AttentionCoreRegister`), and the tiles.
    public struct Prediction: Sendable, Hashable {
        /// Cycles from the start to the last element of O (busy cycles: CYCLES).
        public var cycles = 0
        /// Cycles the selector took a q row or a key (STREAM_CYCLES).
        public var streamCycles = 0
        /// Cycles the selector was busy (SELECTION_CYCLES).
        public var selectionCycles = 0
        /// Cycles from the first scan to the last element of O (STAGE3_CYCLES).
        public var stage3Cycles = 0
        public var keysStreamed = 0
        /// (row, key) pushes: kept keys summed over rows (KEYS_KEPT).
        public var keysKept = 0
        /// Keys read from K and V: the sum of the tiles' union sizes (KV_READS).
        public var kvReads = 0
        /// MAC-lane cycles doing an element of a pass: 2 d per kept key (LANE_BUSY).
        public var laneBusy = 0
        public var rescales = 0
        public var exp2Evaluations = 0
        public var divisions = 0
        /// The output round robin's pointer after the run (the next start begins from it).
        public var outputPointer = 0
        public var tiles: [TileTiming] = []

        /// No start: the sum of none.
        public static let zero = Prediction()

        /// Lane-busy / (R L stage-3 cycles): how busy stage 3's MAC lanes were while stage 3 ran.
        public func utilization(rows: Int, macLanes: Int) -> Double {
            stage3Cycles == 0 ? 0 : Double(laneBusy) / Double(rows * macLanes * stage3Cycles)
        }

        /// The counters of several starts added (the pointer and tiles of the last one... tiles appended).
        public static func + (a: Prediction, b: Prediction) -> Prediction {
            var s = Prediction()
            s.cycles = a.cycles + b.cycles
            s.streamCycles = a.streamCycles + b.streamCycles
            s.selectionCycles = a.selectionCycles + b.selectionCycles
            s.stage3Cycles = a.stage3Cycles + b.stage3Cycles
            s.keysStreamed = a.keysStreamed + b.keysStreamed
            s.keysKept = a.keysKept + b.keysKept
            s.kvReads = a.kvReads + b.kvReads
            s.laneBusy = a.laneBusy + b.laneBusy
            s.rescales = a.rescales + b.rescales
            s.exp2Evaluations = a.exp2Evaluations + b.exp2Evaluations
            s.divisions = a.divisions + b.divisions
            s.outputPointer = b.outputPointer
            s.tiles = a.tiles + b.tiles
            return s
        }
    }

    public var parameters: Parameters

    public init(parameters: Parameters) {
        self.parameters = parameters
    }

    // MARK: Stage 1-2 in closed form

    /// The cycle the selector's `done` pulses for a tile it took in cycle `start` with `activeRows` q rows, N keys,
    /// segment length L and k_s, when `lastSegmentKept` is the most keys an active row keeps in the last segment.
    /// The Q and K memories are read one row per cycle through registered reads, so the first q row is at the
    /// selector in start + 2 and the stream never waits after that: q row i is taken in start + 1 + S (i + 1), key
    /// j in a_j = start + 1 + S (R_a + j + 1), except the tile's last key, held until m = min(k_s, winners, L)
    /// cycles after the previous segment's last key (two or more segments). Then
    /// done = a_{N-1} + lambda_p + lambda_s + lastSegmentKept.
    public func selectionDone(start: Int, activeRows: Int, keys n: Int, segmentLength: Int, keptPerSegment: Int,
                              lastSegmentKept: Int) -> Int {
        let s = parameters.selectorBeats
        let length = max(1, segmentLength)
        let queriesTaken = start + 1 + s * activeRows
        var lastKey = queriesTaken + s * n
        if n > length {
            let lastSegment = n - ((n - 1) / length) * length
            let previousEnd = queriesTaken + s * (n - lastSegment)
            let spacing = min(keptPerSegment, parameters.winners, length)
            lastKey = max(lastKey, previousEnd + max(0, spacing - s) + s)
        }
        return lastKey + parameters.predictorLatency + parameters.sadsLatency + lastSegmentKept
    }

    // MARK: The whole start, cycle by cycle

    /// Predicts one start on `head` (T <= T_max). `outputPointer` is the output round robin's pointer when the start
    /// is taken (0 after reset; a previous start's `outputPointer` otherwise); `outputReady(c)` is the host's
    /// `out_ready` in cycle c (always 1 when nil).
    public func predict(_ head: Head, outputPointer: Int = 0, outputReady: ((Int) -> Bool)? = nil,
                        maxCycles: Int = 50_000_000) throws -> Prediction {
        let p = parameters
        try p.validate()
        let r = p.rows, t = head.queries, n = head.keys, d = head.headDim
        try require(t >= 1 && t <= p.maxQueries, "T = \(t) must be 1...T_max (\(p.maxQueries)) for one start")
        try require(n >= 1, "a start needs at least one key")
        try require(d >= 1 && d <= p.maxHeadDim, "d = \(d) must be 1...\(p.maxHeadDim)")
        try require(head.rows.count == t, "the head has \(head.rows.count) rows of kept keys for T = \(t)")
        for (i, row) in head.rows.enumerated() {
            try require(!row.isEmpty, "query row \(i) keeps no key (every row has at least one)")
            try require(zip(row, row.dropFirst()).allSatisfy { $0.key < $1.key } && row.first!.key >= 0 && row.last!.key < n,
                        "query row \(i)'s kept keys must be ascending key indices below N")
            try require(!head.dense || row.count == n, "dense: query row \(i) must keep every key")
        }
        let lanes = p.macLanes, beats = (d + lanes - 1) / lanes
        let tiles = (t + r - 1) / r
        func activeRows(_ tile: Int) -> Int { min(r, t - tile * r) }
        /// MAC lanes busy in a beat: the elements of the beat below d.
        let busyLanes = (0..<beats).map { min(lanes, d - $0 * lanes) }

        // Per tile: for each key the rows that kept it, each row's count, and the selector's last-segment figure.
        var keyRows: [[[Int]]] = []
        var lastSegmentKept: [Int] = []
        let length = max(1, head.segmentLength)
        let lastSegmentStart = ((n - 1) / length) * length
        for tile in 0..<tiles {
            var rowsOfKey = Array(repeating: [Int](), count: n)
            var most = 0
            for i in 0..<activeRows(tile) {
                let row = head.rows[tile * r + i]
                for step in row { rowsOfKey[step.key].append(i) }
                most = max(most, row.filter { $0.key >= lastSegmentStart }.count)
            }
            keyRows.append(rowsOfKey)
            lastSegmentKept.append(most)
        }
        // Per hardware row: its keys over all tiles, in the order its queue and lanes see them.
        var sequence: [[(kind: Step.Kind, last: Bool)]] = Array(repeating: [], count: r)
        for tile in 0..<tiles {
            for i in 0..<activeRows(tile) {
                let row = head.rows[tile * r + i]
                sequence[i] += row.enumerated().map { ($1.kind, $0 == row.count - 1) }
            }
        }

        var result = Prediction()
        var timing = (0..<tiles).map { _ in
            TileTiming(selectionStart: nil, selectionDone: nil, scanStart: -1, scanDone: -1, unionKeys: 0, keptKeys: 0)
        }

        // Top level.
        var selectTile = 0, selectedTiles = 0, scanTile = 0, scannedTiles = 0, rowsOut = 0
        var selectorStart = -1, selectorDone = -1   // the tile in the selector: its start and done cycles
        var stage3Started = false
        // Dispatcher.
        var scanning = false, next = 0, decideValid = false, decideIndex = 0, dispatcherDone = false
        var dispatcherTile = 0
        var credits = Array(repeating: p.queueDepth, count: r)
        var pushValid = Array(repeating: false, count: r)
        // Queues: pointers into `sequence` (written, keys given out completely, freed).
        var written = Array(repeating: 0, count: r), keyed = Array(repeating: 0, count: r), freedCount = Array(repeating: 0, count: r)
        // Rows.
        var qCount = Array(repeating: 0, count: r), loadBeat = Array(repeating: 0, count: r)
        var scoreBeat = Array(repeating: 0, count: r), inflight = Array(repeating: 0, count: r)
        var entries = Array(repeating: 0, count: r)
        var weightArrivals = Array(repeating: [Int](), count: r)  // cycles of s2_valid, in order
        var weightHead = Array(repeating: 0, count: r)
        var valueBeat = Array(repeating: 0, count: r)
        var bValid = Array(repeating: false, count: r), bBeat = Array(repeating: 0, count: r), bRowEnd = Array(repeating: false, count: r)
        var rowFinished = Array(repeating: false, count: r)
        // Output stages.
        var snapshotValid = Array(repeating: false, count: r), snapshotBase = Array(repeating: 0, count: r)
        var dividing = Array(repeating: false, count: r), holding = Array(repeating: false, count: r)
        var doneAt = Array(repeating: -1, count: r)
        var groupCount = Array(repeating: 0, count: r), groupLast = Array(repeating: false, count: r)
        var bufferCount = Array(repeating: 0, count: r), bufferPosition = Array(repeating: 0, count: r)
        var bufferLast = Array(repeating: false, count: r)
        var pointer = outputPointer % r
        // The q feeder.
        var feedTile = 0, feedRow = 0, feedBeat = 0, feedLoaded = false

        var cycle = 1
        while true {
            guard cycle <= maxCycles else { throw AttentionModelError("the cycle model did not finish within \(maxCycles) cycles") }
            let c = cycle

            // Output stages and the rows (combinational).
            var loadReady = Array(repeating: false, count: r)
            var divideStart = Array(repeating: false, count: r), latch = Array(repeating: false, count: r)
            var lastGroup = Array(repeating: false, count: r), done = Array(repeating: false, count: r)
            for i in 0..<r {
                done[i] = doneAt[i] == c
                let empty = bufferCount[i] == 0
                latch[i] = (done[i] || holding[i]) && empty
                let free = (!dividing[i] && !holding[i]) || latch[i]
                divideStart[i] = snapshotValid[i] && free
                lastGroup[i] = d - snapshotBase[i] <= p.dividers
                loadReady[i] = !snapshotValid[i] || (divideStart[i] && lastGroup[i])
            }
            var loadFire = Array(repeating: false, count: r), scoreGo = Array(repeating: false, count: r)
            var valueGo = Array(repeating: false, count: r), keyLast = Array(repeating: false, count: r)
            for i in 0..<r {
                loadFire[i] = feedLoaded && feedRow == i && qCount[i] != 2
                let keyValid = written[i] != keyed[i]
                let available = qCount[i] != 0 && (scoreBeat[i] != 0 || inflight[i] < p.lookahead)
                scoreGo[i] = keyValid && available
                if scoreGo[i] { keyLast[i] = scoreBeat[i] == beats - 1 && sequence[i][keyed[i]].last }
                let valueValid = freedCount[i] != keyed[i]
                if entries[i] != 0 && valueValid && !scoreGo[i] {
                    let kind = sequence[i][freedCount[i]].kind
                    let accumulatorsFree = (!rowFinished[i] || loadReady[i]) && !(bValid[i] && bRowEnd[i])
                    let missHazard = bValid[i] && bBeat[i] == valueBeat[i]
                    valueGo[i] = (kind != .first || accumulatorsFree) && (kind != .miss || !missHazard)
                }
            }

            // Arbiter.
            let ready = outputReady?(c) ?? true
            var grant = -1
            for i in pointer..<r where bufferCount[i] != 0 { grant = i; break }
            if grant < 0 { for i in 0..<r where bufferCount[i] != 0 { grant = i; break } }
            let fire = grant >= 0 && ready
            let lastOfBuffer = grant >= 0 && bufferPosition[grant] + 1 == bufferCount[grant]
            let rowOut = fire && bufferLast[grant] && lastOfBuffer
            let finished = rowOut && rowsOut + 1 == t

            // Dispatcher (combinational).
            var send = false, decideDone = false
            var maskRows: [Int] = []
            if decideValid {
                maskRows = head.dense ? Array(0..<activeRows(dispatcherTile)) : keyRows[dispatcherTile][decideIndex]
                let credited = maskRows.allSatisfy { credits[$0] != 0 }
                send = !maskRows.isEmpty && credited
                decideDone = maskRows.isEmpty || credited
            }
            let scanMore = scanning && next < n
            let scan = scanMore && (!decideValid || decideDone)
            let dispatcherFinished = scanning && !scanMore && !decideValid

            // Top level (combinational).
            let selectorBusy = selectorDone >= 0 && c > selectorStart && c < selectorDone
            let selectorFinished = selectorDone == c
            let selectGo = !head.dense && selectTile * r < t && !selectorBusy && selectTile <= scannedTiles + 1
                && selectTile == selectedTiles
            let scanGo = scanTile * r < t && !scanning && scanTile == scannedTiles && (head.dense || selectedTiles > scanTile)

            // Counters.
            result.cycles += 1
            if selectorBusy { result.selectionCycles += 1 }
            if stage3Started || scanGo { result.stage3Cycles += 1 }
            result.keysKept += pushValid.filter { $0 }.count
            if send { result.kvReads += 1 }
            for i in 0..<r {
                if scoreGo[i] { result.laneBusy += busyLanes[scoreBeat[i]] }
                if valueGo[i] { result.laneBusy += busyLanes[valueBeat[i]] }
                if divideStart[i] { result.divisions += min(p.dividers, d - snapshotBase[i]) }
                if weightHead[i] < weightArrivals[i].count && weightArrivals[i][weightHead[i]] == c {
                    let kind = sequence[i][weightHead[i]].kind
                    if kind == .miss { result.rescales += 1 }
                    if kind != .first { result.exp2Evaluations += 1 }
                }
            }
            if finished {
                result.cycles = c
                result.outputPointer = grant == r - 1 ? 0 : grant + 1
                break
            }

            // MARK: Next state.
            // Selector.
            if selectGo {
                let tile = selectTile
                selectorStart = c
                selectorDone = selectionDone(start: c, activeRows: activeRows(tile), keys: n, segmentLength: head.segmentLength,
                                             keptPerSegment: head.keptPerSegment, lastSegmentKept: lastSegmentKept[tile])
                timing[tile].selectionStart = c
                timing[tile].selectionDone = selectorDone
                result.streamCycles += activeRows(tile) + n
                result.keysStreamed += n
                selectTile += 1
            }
            if selectorFinished {
                selectedTiles += 1
                selectorDone = -1
            }
            // Dispatcher.
            if dispatcherDone {
                scannedTiles += 1
                timing[dispatcherTile].scanDone = c
            }
            dispatcherDone = dispatcherFinished
            if dispatcherFinished { scanning = false }
            // The queues take last cycle's pushes (visible from the next cycle); this cycle's decide pushes next.
            for i in 0..<r where pushValid[i] { written[i] += 1 }
            for i in 0..<r { pushValid[i] = false }
            if send {
                timing[dispatcherTile].unionKeys += 1
                timing[dispatcherTile].keptKeys += maskRows.count
                for i in maskRows {
                    pushValid[i] = true
                    credits[i] -= 1
                }
            }
            for i in 0..<r where valueGo[i] && valueBeat[i] == beats - 1 { credits[i] += 1 }  // freed
            if scanGo {
                scanning = true
                next = 0
                dispatcherTile = scanTile
                timing[scanTile].scanStart = c
                scanTile += 1
                stage3Started = true
            } else if scan {
                next += 1
            }
            if scan {
                decideValid = true
                decideIndex = next - 1
            } else if decideDone {
                decideValid = false
            }
            // The q feeder.
            let feedRows = min(r, t - feedTile)
            if feedTile < t && !feedLoaded {
                feedLoaded = true
            } else if feedLoaded && qCount[feedRow] != 2 {
                if feedBeat + 1 >= beats {
                    feedBeat = 0
                    feedLoaded = false
                    if feedRow + 1 == feedRows {
                        feedRow = 0
                        feedTile += r
                    } else {
                        feedRow += 1
                    }
                } else {
                    feedBeat += 1
                }
            }
            // Rows, queues and output stages.
            for i in 0..<r {
                var qPush = false
                if loadFire[i] {
                    if loadBeat[i] + 1 >= beats { loadBeat[i] = 0; qPush = true } else { loadBeat[i] += 1 }
                }
                let final = scoreBeat[i] == beats - 1
                let qPop = scoreGo[i] && final && keyLast[i]
                qCount[i] += (qPush ? 1 : 0) - (qPop ? 1 : 0)
                let passStarts = scoreGo[i] && scoreBeat[i] == 0
                if scoreGo[i] {
                    if final {
                        scoreBeat[i] = 0
                        keyed[i] += 1
                        weightArrivals[i].append(c + p.weightLatency - 1)
                    } else {
                        scoreBeat[i] += 1
                    }
                }
                let arrives = weightHead[i] < weightArrivals[i].count && weightArrivals[i][weightHead[i]] == c
                if arrives { weightHead[i] += 1 }
                let pop = valueGo[i] && valueBeat[i] == beats - 1
                entries[i] += (arrives ? 1 : 0) - (pop ? 1 : 0)
                inflight[i] += (passStarts ? 1 : 0) - (pop ? 1 : 0)
                let rowEnds = bValid[i] && bRowEnd[i]
                bValid[i] = valueGo[i]
                if valueGo[i] {
                    bBeat[i] = valueBeat[i]
                    bRowEnd[i] = pop && sequence[i][freedCount[i]].last
                }
                if pop {
                    valueBeat[i] = 0
                    freedCount[i] += 1
                } else if valueGo[i] {
                    valueBeat[i] += 1
                }
                let snapshotLoad = rowFinished[i] && loadReady[i]
                if snapshotLoad { rowFinished[i] = false }
                if rowEnds { rowFinished[i] = true }
                // Output stage (the buffer takes the group that was in the dividers, before a start replaces it).
                let (finishedCount, finishedLast) = (groupCount[i], groupLast[i])
                if divideStart[i] {
                    dividing[i] = true
                    groupCount[i] = lastGroup[i] ? d - snapshotBase[i] : p.dividers
                    groupLast[i] = lastGroup[i]
                    snapshotBase[i] += p.dividers
                    if lastGroup[i] { snapshotValid[i] = false }
                    doneAt[i] = c + p.dividerLatency
                }
                if done[i] && !divideStart[i] { dividing[i] = false }
                if latch[i] { holding[i] = false } else if done[i] { holding[i] = true }
                if snapshotLoad {
                    snapshotValid[i] = true
                    snapshotBase[i] = 0
                }
                if fire && grant == i {
                    if lastOfBuffer { bufferCount[i] = 0; bufferPosition[i] = 0 } else { bufferPosition[i] += 1 }
                }
                if latch[i] {
                    bufferCount[i] = finishedCount
                    bufferPosition[i] = 0
                    bufferLast[i] = finishedLast
                }
            }
            if fire { pointer = grant == r - 1 ? 0 : grant + 1 }
            if rowOut { rowsOut += 1 }
            cycle += 1
        }
        result.tiles = timing
        return result
    }
}
