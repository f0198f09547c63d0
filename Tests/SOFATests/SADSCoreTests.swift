import HDL
import HDLSim
import SOFA
import SOFAModel
import SortingNetworks
import Testing

/// Drives `SADSCore` row by row and puts what `SADSSelection` (the spec's model) says each segment keeps on a
/// scoreboard, due `latency` cycles after the segment's last score, with `out_valid` as its valid.
///
/// Every input over its full range: `segment_length` from 0 (documented to act as 1) to its maximum (longer
/// than any row), `radius` over all keyWidth bits (rows near the bottom of the key range with a radius near
/// its top, where M - R needs keyWidth + 2 bits), indices from a random offset. Between rows the control inputs
/// and, while `in_valid` is low, the score inputs carry random values. A reset in the middle of a row
/// abandons it; the next row then clips against its own maximum only (the abandoned row's was higher).
struct SADSBench {
    let core: SADSCore
    let io: SADSCore.IO
    var s: Stimulus
    var board: Scoreboard
    var rng: SeededGenerator

    init(_ sim: Simulation, _ io: SADSCore.IO, core: SADSCore, seed: UInt64) {
        self.core = core
        self.io = io
        s = sim.stimulus()
        board = sim.scoreboard(latency: core.latency, valid: io.outValid)
        rng = SeededGenerator(seed: seed)
        s.reset()
    }

    var lowest: Int { -(1 << (core.keyWidth - 1)) }
    var highest: Int { (1 << (core.keyWidth - 1)) - 1 }
    var maxSegmentLength: Int { (1 << core.lengthWidth) - 1 }
    var maxRadius: Int { (1 << core.keyWidth) - 1 }

    /// An idle cycle: random scores with `in_valid` low; between rows, random control inputs too.
    private mutating func idle(betweenRows: Bool) {
        s[io.inValid] = false
        s.randomize([io.inKey] as [Signed], &rng)
        s.randomize([io.inIndex] as [Unsigned], &rng)
        s.randomize([io.inLast] as [Bit], &rng)
        if betweenRows {
            s.randomize([io.segmentLength, io.radius] as [Unsigned], &rng)
            s.randomize([io.clip] as [Bit], &rng)
        }
        s.step()
    }

    /// One row: `scores` cut into segments of `length` (0 acts as 1) with clipping at `radius` (nil: off),
    /// idle cycles in between when `gaps`; with `resetAt`, a reset replaces that score and the row is abandoned.
    mutating func row(_ scores: [Int], length: Int, radius: Int?, gaps: Bool, resetAt: Int? = nil) {
        let effective = max(1, length)
        let offset = Int(rng.bits(core.indexWidth))
        let indices = scores.indices.map { ($0 + offset) & ((1 << core.indexWidth) - 1) }
        let kept = SADSSelection.select(scores, segmentLength: effective, winners: core.winners, radius: radius, indices: indices)
        s[io.segmentLength] = length
        s[io.clip] = radius != nil
        s[io.radius] = radius ?? Int(rng.bits(core.keyWidth))
        var segment = 0
        for (i, key) in scores.enumerated() {
            while gaps && rng.next() % 5 == 0 { idle(betweenRows: false) }
            if i == resetAt {
                s.reset(cycles: 1 + Int(rng.next() % 2))
                return
            }
            let last = i == scores.count - 1
            s[io.inValid] = true; s[io.inKey] = key; s[io.inIndex] = indices[i]; s[io.inLast] = last
            if last || (i + 1) % effective == 0 {
                let entries = kept[segment]
                let k = core.winners
                board.expect(resultOf: s.row) { r in
                    r.expect(io.outRowEnd, last)
                    r.expect(io.outKeep, (0..<k).map { $0 < entries.count })
                    r.expect(io.outKey, (0..<k).map { $0 < entries.count ? entries[$0].key : nil })
                    r.expect(io.outIndex, (0..<k).map { $0 < entries.count ? entries[$0].index : nil })
                }
                segment += 1
            }
            s.step()
        }
        for _ in 0..<Int(rng.next() % 3) { idle(betweenRows: true) }
    }

    /// Idle cycles until every result is out.
    mutating func drain() {
        for _ in 0...core.latency { idle(betweenRows: true) }
    }

    /// Rows of every length 1...maxLength with ties, all-equal rows and extreme keys; segment lengths from
    /// n = 1, 2, 4 segments, 0, the maximum and random; clipping on a third of the rows with a radius over the
    /// full range.
    mutating func randomRows(maxLength: Int) {
        let w = core.keyWidth
        for n in 1...maxLength {
            let scores: [Int]
            switch rng.next() % 6 {
            case 0: scores = Array(repeating: rng.signedBits(w), count: n)                      // all equal
            case 1: scores = (0..<n).map { _ in [lowest, highest, 0, -1][Int(rng.next() % 4)] }  // extremes, ties
            case 2: scores = (0..<n).map { _ in Int(rng.next() % 4) - 2 }                       // dense ties
            default: scores = (0..<n).map { _ in rng.signedBits(w) }
            }
            let length: Int
            switch rng.next() % 8 {
            case 0: length = 0
            case 1: length = maxSegmentLength
            case 2: length = Int(rng.bits(core.lengthWidth))
            default: length = SADSSelection.segmentLength(rowLength: n, segments: [1, 2, 4][Int(rng.next() % 3)])
            }
            let radius: Int? = rng.next() % 3 == 0 ? Int(rng.bits(w)) : nil
            row(scores, length: length, radius: radius, gaps: rng.next() % 2 == 0)
        }
    }

    /// Rows near the bottom of the key range with a radius near the top of its range: M - R reaches
    /// -2^(w-1) - (2^w - 1), which needs keyWidth + 2 bits (issue 9, item 9).
    mutating func bottomOfTheRangeWithLargeRadii() {
        let w = core.keyWidth
        for radius in [maxRadius, maxRadius - 1, 3 << (w - 2), 1 << (w - 1), 1 << (w - 1) - 1] {
            let scores = (0..<9).map { _ in lowest + Int(rng.bits(w - 3)) }
            row(scores, length: [0, 3, 9][Int(rng.next() % 3)], radius: radius, gaps: false)
            row(scores.map { $0 + (1 << (w - 2)) }, length: 4, radius: radius, gaps: true)
        }
    }

    /// Rows with segment_length = 0, documented to act as 1, clipped (radius 0 among them: only the maximum
    /// survives) and not (issue 9, item 10).
    mutating func zeroSegmentLength() {
        let w = core.keyWidth
        for n in [1, 2, 5, 17] {
            row((0..<n).map { _ in rng.signedBits(w) }, length: 0, radius: nil, gaps: true)
            row((0..<n).map { _ in rng.signedBits(w) }, length: 0, radius: n == 5 ? 0 : 1 << (w - 2), gaps: false)
        }
    }

    /// A reset in the middle of a row whose maximum is the highest key, then a clipped row of low scores:
    /// after the reset the threshold must come from the new row alone (issue 9, item 11: `in_row` needs its
    /// reset).
    mutating func resetsInTheMiddleOfRows() {
        let w = core.keyWidth
        for resetAt in [1, 5, 11] {
            row([highest] + (0..<20).map { _ in rng.signedBits(w) }, length: 4, radius: 5, gaps: false, resetAt: resetAt)
            row((0..<12).map { _ in lowest + Int(rng.bits(w - 2)) }, length: [0, 5, 12][resetAt % 3], radius: 1 << (w - 3),
                gaps: resetAt == 5)
        }
    }

    /// All of it: the random rows, then the directed corners.
    static func standard(_ sim: Simulation, _ io: SADSCore.IO, core: SADSCore, maxLength: Int, seed: UInt64) -> SADSBench {
        var b = SADSBench(sim, io, core: core, seed: seed)
        b.randomRows(maxLength: maxLength)
        b.bottomOfTheRangeWithLargeRadii()
        b.zeroSegmentLength()
        b.resetsInTheMiddleOfRows()
        b.drain()
        return b
    }
}

@Suite struct SADSCoreTests {
    static let configurations: [(width: Int, winners: Int, family: NetworkFamily, pipelineEvery: Int, maxLength: Int)] = [
        (8, 2, .oddEvenMerge, 0, 300), (16, 4, .oddEvenMerge, 2, 300), (16, 4, .bitonic, 1, 120),
        (32, 8, .oddEvenMerge, 3, 300), (64, 32, .smallest, 2, 300),
    ]

    @Test(arguments: SimulatorBackend.allCases, configurations.indices)
    func matchesTheSpecModel(_ backend: SimulatorBackend, configuration: Int) async throws {
        let c = Self.configurations[configuration]
        let core = SADSCore(width: c.width, winners: c.winners, family: c.family, keyWidth: 12, indexWidth: 9,
                            lengthWidth: 9, pipelineEvery: c.pipelineEvery)
        let seed = SeededGenerator.seed(default: UInt64(7000 + configuration))
        let name = "sads-\(c.width)-\(c.winners)-\(c.family)-p\(c.pipelineEvery)-\(backend)"
        try await Simulation.run(core, on: backend, name: name, seed: seed) { sim, io in
            let bench = SADSBench.standard(sim, io, core: core, maxLength: c.maxLength, seed: seed)
            #expect(bench.s.coverageGaps().isEmpty, "\(bench.s.coverageGaps())")
            try await sim.stream(bench.s, bench.board)
        }
    }

    /// The directed corners of issue 9 (items 9, 10, 11) alone, on both simulators: each one failed there with
    /// its bug planted (a wrapping `rowMax - radius`, segments ending at `position >= length - 1` wrapping,
    /// `in_row` without reset).
    @Test(arguments: SimulatorBackend.allCases, ["bottom-of-range radius", "segment length 0", "reset mid-row"])
    func issueNineCorners(_ backend: SimulatorBackend, corner: String) async throws {
        let c = Self.configurations[1]
        let core = SADSCore(width: c.width, winners: c.winners, family: c.family, keyWidth: 12, indexWidth: 9,
                            lengthWidth: 9, pipelineEvery: c.pipelineEvery)
        let seed = SeededGenerator.seed(default: 7100)
        let name = "sads-corner-\(corner.replacingOccurrences(of: " ", with: "-"))-\(backend)"
        try await Simulation.run(core, on: backend, name: name, seed: seed) { sim, io in
            var bench = SADSBench(sim, io, core: core, seed: seed)
            switch corner {
            case "bottom-of-range radius": bench.bottomOfTheRangeWithLargeRadii()
            case "segment length 0": bench.zeroSegmentLength()
            default: bench.resetsInTheMiddleOfRows()
            }
            bench.drain()
            try await sim.stream(bench.s, bench.board)
        }
    }

    @Test func figures() throws {
        let core = SADSCore(width: 16, winners: 4, family: .oddEvenMerge, pipelineEvery: 2)
        #expect(core.batch == 12)
        let batch = try core.batchNetwork(), merge = try core.mergeNetwork()
        #expect(core.comparators == batch.size + merge.size && merge.size == 4 + 4)
        #expect(core.latency == (batch.depth + 1) / 2 + 1)
    }

    @Test func winnersMustBeBelowTheWidth() {
        do {
            _ = try emitVerilog(SADSCore(width: 8, winners: 8))
            Issue.record("k_s = W was accepted")
        } catch let e as ElaborationError {
            #expect(e.description.contains("winners (k_s = 8) must be 1...7"), "\(e)")
        } catch {
            Issue.record("\(error)")
        }
        #expect(throws: ElaborationError.self) { try emitVerilog(SADSCore(width: 16, winners: 4, family: .smallest)) }
    }

    @Test(arguments: [(8, 2, 0), (16, 4, 2), (9, 1, 1), (5, 4, 0), (64, 32, 3)])
    func lintClean(width: Int, winners: Int, pipelineEvery: Int) async throws {
        try await Lint.check(SADSCore(width: width, winners: winners, pipelineEvery: pipelineEvery),
                             name: "sads-\(width)-\(winners)-p\(pipelineEvery)")
    }
}
