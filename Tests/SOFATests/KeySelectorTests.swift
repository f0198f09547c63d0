import HDL
import HDLSim
import SOFA
import SOFAModel
import SortingNetworks
import Testing

/// One tile of work for the selector: the active rows' q, the keys, the selection (as `KeySelection.topk`
/// takes it) and how the test bench behaves around it.
struct SelectorTile {
    var label: String
    var queries: [[Int]]
    var keys: [[Int]]
    var keep = 1.0
    var segments = 1
    /// Clip radius in predicted-score units (the plan's logit scale is 1), nil: no clipping.
    var radius: Double?
    /// Register values sent instead of N and R_a (to check that the hardware saturates them).
    var sentKeyCount: Int?
    var sentActiveRows: Int?
    /// Percent chance per cycle that a feeder holds back a new item (0: no gaps).
    var queryStall = 0
    var keyStall = 0
    /// Reset this many cycles after start: the tile is abandoned.
    var resetAfter: Int?
}

/// What the spec's model says a tile gives: per row its marks in order and its kept entries per segment,
/// and the registers the plan chose.
struct SelectorExpectation {
    var marks: [[Int]]
    var segmentCounts: [[Int]]
    var segmentLength = 1
    var keptPerSegment = 1
    var radiusCode: Int?

    /// `KeySelection.topk(...).plan(...).select(...)` on the tile's DLZS-predicted scores.
    init(_ tile: SelectorTile, _ s: KeySelector) throws {
        let rows = tile.queries.count, n = tile.keys.count
        marks = Array(repeating: [], count: s.rows)
        segmentCounts = Array(repeating: [], count: rows)
        guard n > 0 else { return }
        let rounding: LZCode.Rounding = s.rounding == .floor ? .floor : .nearest
        let configuration = AttentionCoreConfiguration(rows: s.rows, maxKeys: s.maxKeys, maxHeadDim: s.headDim,
                                                       winners: s.winners, rounding: rounding)
        let selection = KeySelection.topk(keep: tile.keep, segments: tile.segments, radius: tile.radius)
        let plan = try selection.plan(keys: n, logitScale: 1, configuration: configuration)
        segmentLength = plan.segmentLength
        keptPerSegment = plan.keptPerSegment!
        radiusCode = plan.radiusCode
        for (r, q) in tile.queries.enumerated() {
            let predicted = tile.keys.map { DLZSScore.predicted(q, $0, rounding: rounding) }
            marks[r] = plan.select(selection, predicted: predicted)
            segmentCounts[r] = SADSSelection.select(predicted, segmentLength: plan.segmentLength, winners: keptPerSegment,
                                                    radius: plan.radiusCode).map(\.count)
        }
    }
}

struct SelectorMismatch: Error, CustomStringConvertible {
    var description: String
}

/// Drives `KeySelectorBench` tile by tile (closed loop: the bench's feeders answer the selector's `ready`),
/// with random values on every input that should be ignored, and checks each tile against the model.
final class KeySelectorDriver {
    let selector: KeySelector
    let sim: Simulation
    var rng: SeededGenerator
    let names: [String]
    let widths: [String: Int]
    private var outputIndex: [String: Int] = [:]
    var marksSeen = 0

    /// One sampled cycle of the bench's outputs.
    struct Cycle {
        var markValid: UInt64, markIndex: UInt64, keptCount: UInt64
        var busy: Bool, done: Bool, busyCycles: UInt64, keysStreamed: UInt64
        var queryFire: Bool, keyFire: Bool, keyFireIndex: Int
        /// An output the bench's control depends on had x/z bits.
        var unknown: [String]
    }

    init(_ selector: KeySelector, _ sim: Simulation, seed: UInt64) {
        self.selector = selector
        self.sim = sim
        self.rng = SeededGenerator(seed: seed)
        names = sim.inputPorts.map(\.name)
        widths = Dictionary(uniqueKeysWithValues: sim.inputPorts.map { ($0.name, $0.width) })
    }

    private static let quiet: Set<String> = ["rst", "write_valid", "start", "clear_counters", "q_stall", "key_stall"]

    /// One cycle of inputs: the given values, 0 on the control inputs, random values everywhere else.
    func row(_ values: [String: UInt64]) -> [UInt64] {
        names.map { name in values[name] ?? (Self.quiet.contains(name) ? 0 : rng.bits(widths[name]!)) }
    }

    func stalls(_ tile: SelectorTile) -> [String: UInt64] {
        ["q_stall": rng.next() % 100 < UInt64(tile.queryStall) ? 1 : 0,
         "key_stall": rng.next() % 100 < UInt64(tile.keyStall) ? 1 : 0]
    }

    func run(_ rows: [[UInt64]]) async throws -> [Cycle] {
        let result = try await sim.stream(rows)
        if outputIndex.isEmpty {
            for (i, o) in result.outputs.enumerated() { outputIndex[o.name] = i }
        }
        func v(_ r: Int, _ name: String) -> UInt64 { result.value(r, outputIndex[name]!) }
        let control = ["mark_valid", "kept_count", "busy", "done", "busy_cycles", "keys_streamed", "q_fire", "key_fire"]
        return (0..<result.rows).map { r in
            Cycle(markValid: v(r, "mark_valid"), markIndex: v(r, "mark_index"), keptCount: v(r, "kept_count"),
                  busy: v(r, "busy") == 1, done: v(r, "done") == 1, busyCycles: v(r, "busy_cycles"),
                  keysStreamed: v(r, "keys_streamed"), queryFire: v(r, "q_fire") == 1, keyFire: v(r, "key_fire") == 1,
                  keyFireIndex: Int(v(r, "key_fire_index")),
                  unknown: control.filter { result.isUnknown(r, outputIndex[$0]!) })
        }
    }

    /// Resets for `cycles` cycles and checks that everything is idle afterwards.
    func reset(cycles: Int = 2, context: String) async throws {
        let rows = (0..<cycles).map { _ in row(["rst": 1]) } + [row([:])]
        let trace = try await run(rows)
        let after = trace[cycles]
        guard after.unknown.isEmpty, !after.busy, !after.done, after.markValid == 0, after.keptCount == 0,
              after.busyCycles == 0, after.keysStreamed == 0 else {
            throw SelectorMismatch(description: "\(context): not idle after reset: \(after)")
        }
    }

    static func pack(_ values: [Int]) -> UInt64 {
        values.enumerated().reduce(0) { $0 | UInt64(UInt8(bitPattern: Int8($1.element))) << UInt64(8 * $1.offset) }
    }

    /// Runs one tile and checks it: marks (order, set and count) and kept counts against the model, `done`'s
    /// cycle against `KeySelector.doneCycle`, `busy`, the handshakes and the counters.
    func check(_ tile: SelectorTile) async throws {
        let s = selector
        let expected = try SelectorExpectation(tile, s)
        let n = tile.keys.count, activeRows = tile.queries.count, S = s.beatsPerKey
        func fail(_ what: String) -> SelectorMismatch {
            SelectorMismatch(description: "tile '\(tile.label)' (R_a = \(activeRows), N = \(n), L = \(expected.segmentLength), "
                                + "k_s = \(expected.keptPerSegment), radius \(expected.radiusCode.map(String.init) ?? "off"), "
                                + "stalls \(tile.queryStall) / \(tile.keyStall) %, seed \(rng.seed)): \(what)")
        }

        // Load the memories (in random order), maybe clear the counters, then start.
        var writes: [[UInt64]] = tile.queries.enumerated().map { r, q in
            row(["write_valid": 1, "write_key": 0, "write_address": UInt64(r), "write_data": Self.pack(q)])
        } + tile.keys.enumerated().map { j, k in
            row(["write_valid": 1, "write_key": 1, "write_address": UInt64(j), "write_data": Self.pack(k)])
        }
        writes.shuffle(using: &rng)
        let clear = rng.next() % 4 == 0
        var rows = writes + (clear ? [row(["clear_counters": 1])] : []) + [row([:])]
        let before = rows.count - 1
        let radius = expected.radiusCode.map { min($0, (1 << KeySelector.radiusWidth) - 1) }
        var registers: [String: UInt64] = ["start": 1, "key_count": UInt64(tile.sentKeyCount ?? n),
                                           "active_rows": UInt64(tile.sentActiveRows ?? activeRows),
                                           "segment_length": UInt64(expected.segmentLength),
                                           "kept_per_segment": UInt64(expected.keptPerSegment),
                                           "clip": radius == nil ? 0 : 1, "radius": UInt64(radius ?? 0)]
        registers.merge(stalls(tile)) { a, _ in a }
        rows.append(row(registers))
        let start = rows.count - 1
        // Until the earliest possible done the selector is busy: starts with other registers must be ignored.
        let earliest = n == 0 ? S * activeRows + 1 : S * (activeRows + n) + s.predictorLatency + s.sadsLatency
        let slowdown = 100.0 / Double(100 - max(tile.queryStall, tile.keyStall))
        var budget = Int(Double(earliest + 2 * s.winners) * slowdown * 1.5) + 8
        if let cut = tile.resetAfter { budget = cut }
        for c in 1...budget {
            var values = stalls(tile)
            if c < earliest, rng.next() % 8 == 0 { values["start"] = 1 }
            rows.append(row(values))
        }
        var trace = try await run(rows)
        if let cut = tile.resetAfter {
            try await reset(context: "tile '\(tile.label)' reset \(cut) cycles after start")
            return
        }
        while !trace[(start + 1)...].contains(where: \.done) {
            guard trace.count < rows.count + 20 * budget else { throw fail("no done within \(trace.count - start) cycles") }
            trace += try await run((0..<budget).map { _ in row(stalls(tile)) })
        }

        let unknown = trace.indices.filter { !trace[$0].unknown.isEmpty }
        if let r = unknown.first { throw fail("x/z on \(trace[r].unknown) at cycle \(r - start)") }
        let doneRows = trace.indices.filter { $0 > start && trace[$0].done }
        let done = doneRows[0], D = done - start
        if doneRows.count > 1 { throw fail("done pulsed \(doneRows.count) times: cycles \(doneRows.map { $0 - start })") }
        if trace[start].busy { throw fail("busy before start") }
        if let idle = (start + 1..<done).first(where: { !trace[$0].busy }) { throw fail("not busy in cycle \(idle - start) < D = \(D)") }
        if trace[done].busy { throw fail("busy in the done cycle \(D)") }

        // Marks: only between start and done, in the model's order, counted in kept_count.
        var marks = Array(repeating: [Int](), count: s.rows)
        for r in start..<trace.count {
            let c = trace[r]
            for row in 0..<s.rows where c.markValid >> UInt64(row) & 1 == 1 {
                if r <= start || r >= done { throw fail("row \(row) marks in cycle \(r - start), outside (0, D = \(D))") }
                let iw = s.keyIndexWidth
                marks[row].append(Int(c.markIndex >> UInt64(row * iw) & ((1 << UInt64(iw)) - 1)))
            }
        }
        marksSeen += marks.map(\.count).reduce(0, +)
        for row in 0..<s.rows {
            if marks[row] != expected.marks[row] {
                throw fail("row \(row) marked \(marks[row]), the model keeps \(expected.marks[row]) "
                           + "(as sets: \(Set(marks[row]) == Set(expected.marks[row]) ? "equal" : "different"))")
            }
            let cw = s.keyCountWidth
            let count = Int(trace[done].keptCount >> UInt64(row * cw) & ((1 << UInt64(cw)) - 1))
            if count != expected.marks[row].count { throw fail("row \(row): kept_count \(count), the model keeps \(expected.marks[row].count)") }
        }

        // Handshakes: R_a q rows, keys 0..N-1 in order.
        let queryFires = (start..<trace.count).filter { trace[$0].queryFire }
        let keyFires = (start..<trace.count).filter { trace[$0].keyFire }
        if queryFires.count != activeRows { throw fail("\(queryFires.count) q rows taken, not \(activeRows)") }
        if keyFires.map({ trace[$0].keyFireIndex }) != Array(0..<n) { throw fail("keys taken out of order or not all: \(keyFires.map { trace[$0].keyFireIndex })") }

        // done's cycle: the general formula from the cycle the last key was taken, and without gaps the closed one.
        // The last key's hold: taken m or more cycles after the previous segment's last key.
        let predicted: Int
        if n == 0 {
            predicted = (queryFires.last.map { $0 - start } ?? 0) + 1
        } else {
            let a = keyFires.last! - start
            predicted = s.doneCycle(lastKeyTaken: a, segmentCounts: expected.segmentCounts)
            let last = KeySelector.lastSegmentLength(keys: n, segmentLength: expected.segmentLength)
            let m = s.lastKeySpacing(keys: n, segmentLength: expected.segmentLength, keptPerSegment: expected.keptPerSegment)
            if n > last, a - (keyFires[n - 1 - last] - start) < m {
                throw fail("the last key was taken \(a - (keyFires[n - 1 - last] - start)) cycles after the previous segment's last, not \(m)")
            }
            if tile.queryStall == 0 && tile.keyStall == 0 {
                let closed = s.doneCycle(activeRows: activeRows, keys: n, segmentLength: expected.segmentLength,
                                         keptPerSegment: expected.keptPerSegment, segmentCounts: expected.segmentCounts)
                if closed != D { throw fail("done in cycle \(D), the formula without gaps says \(closed)") }
            }
        }
        if predicted != D { throw fail("done in cycle \(D), the formula says \(predicted)") }

        // Counters.
        if clear && (trace[before].busyCycles != 0 || trace[before].keysStreamed != 0) {
            throw fail("counters not cleared: \(trace[before].busyCycles), \(trace[before].keysStreamed)")
        }
        let mask = s.counterWidth >= 64 ? UInt64.max : (1 << UInt64(s.counterWidth)) - 1
        if (trace[done].keysStreamed &- trace[start].keysStreamed) & mask != UInt64(n) & mask { throw fail("keys_streamed did not count \(n)") }
        if (trace[done].busyCycles &- trace[start].busyCycles) & mask != UInt64(D - 1) & mask { throw fail("busy_cycles did not count D - 1 = \(D - 1)") }
    }
}

/// Directed and random tiles for a selector configuration.
enum SelectorTiles {
    static func rows(_ count: Int, _ d: Int, _ value: (Int, Int) -> Int) -> [[Int]] {
        (0..<count).map { r in (0..<d).map { value(r, $0) } }
    }

    static func random(_ count: Int, _ d: Int, _ rng: inout SeededGenerator) -> [[Int]] {
        rows(count, d) { _, _ in rng.signedBits(8) }
    }

    /// k_s = `kept` for segments of `length`: keep = (k_s - 1/2) / L, whose ceiling times L is k_s.
    static func keep(_ kept: Int, of length: Int) -> Double { (Double(kept) - 0.5) / Double(length) }

    /// The cases the design's corners need (see the suite's doc comment).
    static func directed(_ s: KeySelector, _ rng: inout SeededGenerator) -> [SelectorTile] {
        let R = s.rows, d = s.headDim, nMax = s.maxKeys, w = s.winners
        var tiles: [SelectorTile] = []
        func add(_ label: String, rows: Int = R, keys n: Int, keep: Double = 1, segments: Int = 1, radius: Double? = nil,
                 queries: [[Int]]? = nil, keyData: [[Int]]? = nil) {
            tiles.append(SelectorTile(label: label, queries: queries ?? random(rows, d, &rng), keys: keyData ?? random(n, d, &rng),
                                      keep: keep, segments: segments, radius: radius))
        }
        add("N = 1", keys: 1)
        add("N = N_max, one segment, k_s = winners", keys: nMax, keep: keep(w, of: nMax))
        add("k_s = 1, four segments", keys: nMax, keep: keep(1, of: (nMax + 3) / 4), segments: 4)
        add("segment length 1", keys: nMax, segments: nMax)
        add("segment length 2, last of 1", keys: nMax - 1, segments: nMax / 2)
        add("segment length 2, k_s = 1", keys: nMax, keep: 0.5, segments: nMax / 2)
        add("L = k_s = winners: a full result every L cycles", keys: nMax - nMax % w, segments: nMax / w)
        // The last segment of length 1 right after a full one (L = n, N = L (n - 1) + 1, k_s = L).
        let L = (1...w).last { $0 * ($0 - 1) + 1 <= nMax }!
        add("last segment of length 1 after a full one (k_s = L = \(L))", keys: L * (L - 1) + 1, segments: L)
        add("clip radius 0", keys: nMax, keep: keep(min(w, 4), of: (nMax + 1) / 2), segments: 2, radius: 0)
        add("clip radius small", keys: nMax, keep: keep(w, of: nMax), radius: 3000)
        add("clip radius huge", keys: nMax, keep: keep(min(w, 3), of: (nMax + 2) / 3), segments: 3, radius: 1e30)
        add("all-equal scores (equal keys)", keys: nMax, keep: keep(min(w, 5), of: (nMax + 1) / 2), segments: 2,
            keyData: Array(repeating: random(1, d, &rng)[0], count: nMax))
        add("all-equal scores (q = 0)", keys: nMax, keep: keep(min(w, 3), of: nMax), queries: rows(R, d) { _, _ in 0 })
        add("ties", keys: nMax, keep: keep(w, of: (nMax + 2) / 3), segments: 3,
            queries: rows(R, d) { r, t in [-128, 1, 64, 2][(r + t) % 4] },
            keyData: rows(nMax, d) { _, _ in Int(rng.next() % 3) - 1 })
        add("extremes", keys: nMax, keep: keep(min(w, 7), of: nMax),
            queries: rows(R, d) { r, t in r == 0 ? -128 : [-128, 127, 0, -1][(r + t) % 4] },
            keyData: rows(nMax, d) { j, t in [-128, 127, 0, 1][(j * 7 + t) % 4] })
        add("one active row (T mod R = 1)", rows: 1, keys: nMax / 2, keep: keep(min(w, 2), of: nMax / 4), segments: 2)
        if R > 1 { add("R - 1 active rows", rows: R - 1, keys: 5, keep: keep(2, of: 5)) }
        add("no keys", keys: 0)
        add("no rows", rows: 0, keys: 7, keep: keep(1, of: 7))
        add("no rows, no keys", rows: 0, keys: 0)
        // Registers beyond the hardware saturate.
        var saturating = SelectorTile(label: "N and R_a beyond the hardware", queries: random(R, d, &rng),
                                      keys: random(nMax, d, &rng), keep: keep(min(w, 2), of: nMax / 2), segments: 2)
        saturating.sentKeyCount = (1 << s.keyCountWidth) - 1
        saturating.sentActiveRows = (1 << s.rowCountWidth) - 1
        tiles.append(saturating)
        return tiles
    }

    /// A random head: sizes, data distribution, segmentation, k_s, clipping, gaps and resets chosen at random.
    static func random(_ s: KeySelector, _ rng: inout SeededGenerator) -> SelectorTile {
        let R = s.rows, d = s.headDim, nMax = s.maxKeys
        let activeRows = rng.next() % 3 == 0 ? 1 + Int(rng.next() % UInt64(R)) : R
        let n: Int
        switch rng.next() % 8 {
        case 0: n = 1
        case 1, 2: n = nMax
        default: n = 1 + Int(rng.next() % UInt64(nMax))
        }
        let style = rng.next() % 6
        func element(_ rng: inout SeededGenerator) -> Int {
            switch style {
            case 0: return Int(rng.next() % 5) - 2
            case 1: return rng.next() % 3 == 0 ? rng.signedBits(8) : 0
            case 2: return [-128, 127, 0, 1, -1][Int(rng.next() % 5)]
            default: return rng.signedBits(8)
            }
        }
        let queries = rows(activeRows, d) { _, _ in element(&rng) }
        var keys = rows(n, d) { _, _ in element(&rng) }
        if style == 5 { keys = Array(repeating: keys[0], count: n) }
        let segments = [1, 1, 2, 3, 4, n, (n + 1) / 2, 1 + Int(rng.next() % UInt64(n))][Int(rng.next() % 8)]
        let length = SADSSelection.segmentLength(rowLength: n, segments: segments)
        let most = min(length, s.winners)
        let kept = rng.next() % 4 == 0 ? most : 1 + Int(rng.next() % UInt64(most))
        let radius: Double? = switch rng.next() % 6 {
        case 0: 0
        case 1: Double(rng.next() % 64)
        case 2: Double(rng.next() % 40000)
        case 3: 1e30
        default: nil
        }
        var tile = SelectorTile(label: "random", queries: queries, keys: keys, keep: keep(kept, of: length),
                                segments: segments, radius: radius)
        tile.queryStall = [0, 0, 30, 60, 90][Int(rng.next() % 5)]
        tile.keyStall = [0, 0, 30, 60, 90][Int(rng.next() % 5)]
        if rng.next() % 12 == 0 { tile.resetAfter = 1 + Int(rng.next() % UInt64(s.beatsPerKey * (activeRows + n) + 12)) }
        return tile
    }
}

/// `KeySelector` against the spec's selection (`KeySelection.topk(...).plan(...).select(...)`, through
/// `SADSSelection`) on DLZS-predicted scores (`DLZSScore.predicted`), co-simulated on Verilator and Icarus in a
/// bench whose memories and feeders are the core's side of the streams. Directed tiles: N = 1 and N = N_max; k_s =
/// 1 and k_s = winners; one and several segments; segment lengths 1, 2, k_s and N; the last segment of length 1
/// right after a full one (the serializer's second slot); clipping with radius 0, small and huge; all-equal scores;
/// ties; extremes; fewer active rows than R; no keys or no rows; registers beyond the hardware. Then seeded random
/// heads with random gaps on both streams and resets in the middle of tiles. Every tile checks the marks (order,
/// set, count), kept_count, `done`'s cycle against `KeySelector.doneCycle` (and the closed form without gaps),
/// `busy`, the handshakes and the counters; starts while busy carry other registers and must be ignored.
@Suite struct KeySelectorTests {
    /// Small configurations: one beat per key and four; predictor and SADS pipelines 0, 1 and 2; both roundings;
    /// R not a power of two; N_max not a power of two.
    static let configurations: [KeySelector] = [
        KeySelector(rows: 4, headDim: 8, predictorLanes: 8, maxKeys: 32, winners: 8, sadsWidth: 12,
                    predictorPipeline: 1, sadsPipeline: 2),
        KeySelector(rows: 3, headDim: 8, predictorLanes: 2, maxKeys: 20, winners: 4, sadsWidth: 7, family: .bitonic,
                    rounding: .nearest, predictorPipeline: 0, sadsPipeline: 1),
        KeySelector(rows: 2, headDim: 4, predictorLanes: 4, maxKeys: 16, winners: 4, sadsWidth: 8, family: .smallest,
                    predictorPipeline: 2, sadsPipeline: 0, counterWidth: 6),
    ]

    @Test(arguments: SimulatorBackend.allCases, configurations.indices)
    func selectsWhatTheSpecSelects(_ backend: SimulatorBackend, configuration: Int) async throws {
        let selector = Self.configurations[configuration]
        let seed = SeededGenerator.seed(default: UInt64(12_000 + configuration))
        var rng = SeededGenerator(seed: seed ^ 0x5E1EC7)
        let tiles = SelectorTiles.directed(selector, &rng)
            + (0..<(backend == .verilator ? 150 : 40)).map { _ in SelectorTiles.random(selector, &rng) }
        let bench = KeySelectorBench(selector: selector)
        try await Simulation.run(bench, on: backend, name: "key-selector-\(configuration)-\(backend)", seed: seed) { sim in
            let driver = KeySelectorDriver(selector, sim, seed: seed)
            try await driver.reset(context: "first reset")
            for tile in tiles { try await driver.check(tile) }
        }
    }

    @Test func timingFormula() {
        // The default core (the docs' worked example): S = 1, lambda_p = 2, lambda_s = 6 (a 16-input odd-even merge
        // network, depth 10, a register every 2 layers, + the merge cycle); 16 rows, 256 keys, one segment keeping 64.
        let core = KeySelector()
        #expect(core.beatsPerKey == 1 && core.predictorLatency == 2 && core.sadsLatency == 6)
        #expect(core.doneCycle(activeRows: 16, keys: 256, segmentLength: 256, keptPerSegment: 64,
                               segmentCounts: Array(repeating: [64], count: 16)) == 344)
        let paper = KeySelector(rows: 128, headDim: 64, predictorLanes: 32, maxKeys: 1024, winners: 64)
        #expect(paper.beatsPerKey == 2 && paper.predictorLatency == 2 && paper.sadsLatency == 6)
        let s = KeySelector(rows: 4, headDim: 8, predictorLanes: 4, maxKeys: 32, winners: 8, sadsWidth: 12)
        #expect(s.beatsPerKey == 2 && s.predictorLatency == 2)
        #expect(KeySelector.lastSegmentLength(keys: 13, segmentLength: 4) == 1)
        #expect(KeySelector.lastSegmentLength(keys: 12, segmentLength: 4) == 4)
        #expect(KeySelector.lastSegmentLength(keys: 5, segmentLength: 0) == 1)
        // 3 rows, 13 keys in segments of 4 keeping k_s = 4: m = 4, the last segment (1 key) is S l = 2 cycles long,
        // so the last key waits h = 2 cycles; then the last segment's one mark.
        let counts = [[4, 4, 4, 1], [4, 4, 4, 1], [2, 0, 3, 0]]
        #expect(s.lastKeySpacing(keys: 13, segmentLength: 4, keptPerSegment: 4) == 4)
        #expect(s.lastKeyHold(keys: 13, segmentLength: 4, keptPerSegment: 4) == 2)
        #expect(s.lastKeyHold(keys: 13, segmentLength: 4, keptPerSegment: 2) == 0)
        #expect(s.lastKeyHold(keys: 4, segmentLength: 4, keptPerSegment: 4) == 0)
        #expect(s.lastKeyHold(keys: 40, segmentLength: 20, keptPerSegment: 9) == 0)
        #expect(s.doneCycle(activeRows: 3, keys: 13, segmentLength: 4, keptPerSegment: 4, segmentCounts: counts)
                == 2 * (3 + 13) + 2 + 2 + s.sadsLatency + 1)
        #expect(s.doneCycle(lastKeyTaken: 40, segmentCounts: counts) == 40 + 2 + s.sadsLatency + 1)
        #expect(s.doneCycle(activeRows: 2, keys: 1, segmentLength: 1, keptPerSegment: 1, segmentCounts: [[0], [0]])
                == 2 * 3 + 2 + s.sadsLatency)
    }

    @Test func invalidConfigurationsAreErrors() {
        #expect(throws: ElaborationError.self) { try emitVerilog(KeySelector(headDim: 32, predictorLanes: 6)) }
        #expect(throws: ElaborationError.self) { try emitVerilog(KeySelector(winners: 64, sadsWidth: 64)) }
        #expect(throws: ElaborationError.self) { try emitVerilog(KeySelector(maxKeys: 32, winners: 64)) }
        #expect(throws: ElaborationError.self) { try emitVerilog(KeySelector(predictorPipeline: 3)) }
    }

    /// The default (R = 16, d_max = 32, L_p = 32, N_max = 256, winners = 64, W = 80) and the paper scale
    /// (R = 128, d_max = 64, L_p = 32, N_max = 1024, winners = 64), and the co-simulated ones.
    @Test(arguments: [("default", KeySelector()),
                      ("paper", KeySelector(rows: 128, headDim: 64, predictorLanes: 32, maxKeys: 1024, winners: 64))]
                     + configurations.enumerated().map { ("small-\($0.offset)", $0.element) })
    func lintClean(_ name: String, _ selector: KeySelector) async throws {
        try await Lint.check(selector, name: "key-selector-\(name)")
    }
}
