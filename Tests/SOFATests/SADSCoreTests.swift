import HDL
import HDLSim
import SOFA
import SOFAModel
import SortingNetworks
import Testing

/// Stimulus for `SADSCore` and the outputs `SADSSelection` (the spec's model) says it must give.
struct SADSScenario {
    let core: SADSCore
    var inputs: [[Int]] = []
    var expected: [[Int?]] = []
    private var due: [(cycle: Int, outputs: [Int?])] = []

    init(core: SADSCore) {
        self.core = core
        cycle(reset: true)
    }

    private var silent: [Int?] { [0] + Array(repeating: nil, count: 1 + 3 * core.winners) }

    /// rst, in_valid, in_key, in_index, in_last, segment_length, clip, radius.
    private mutating func cycle(reset: Bool = false, score: (key: Int, index: Int, last: Bool)? = nil,
                                length: Int = 1, clip: Bool = false, radius: Int = 0, junk: Int = 0) {
        inputs.append([reset ? 1 : 0, score == nil ? 0 : 1, score?.key ?? 0, score?.index ?? junk & ((1 << core.indexWidth) - 1),
                       score?.last == true ? 1 : 0, length, clip ? 1 : 0, radius])
        expected.append(reset ? [nil] + Array(repeating: nil, count: 1 + 3 * core.winners) : silent)
    }

    /// One row of scores cut into `segments` segments, idle cycles sprinkled in when `gaps`.
    mutating func row(_ scores: [Int], segments: Int, radius: Int?, gaps: Bool, rng: inout SeededGenerator) {
        let length = SADSSelection.segmentLength(rowLength: scores.count, segments: segments)
        let kept = SADSSelection.select(scores, segmentLength: length, winners: core.winners, radius: radius)
        var segment = 0
        for (i, key) in scores.enumerated() {
            while gaps && rng.next() % 5 == 0 {
                cycle(length: length, clip: radius != nil, radius: radius ?? 0, junk: Int(rng.next() % 1000))
            }
            let last = i == scores.count - 1
            cycle(score: (key, i, last), length: length, clip: radius != nil, radius: radius ?? 0)
            if last || (i + 1) % length == 0 {
                let entries = kept[segment]
                var out: [Int?] = [1, last ? 1 : 0]
                out += (0..<core.winners).map { $0 < entries.count ? 1 : 0 }
                out += (0..<core.winners).map { $0 < entries.count ? entries[$0].key : nil }
                out += (0..<core.winners).map { $0 < entries.count ? entries[$0].index : nil }
                due.append((inputs.count - 1 + core.latency, out))
                segment += 1
            }
        }
    }

    /// Idle cycles until every result is out, then the expectations are final.
    mutating func finish() {
        for _ in 0...core.latency { cycle() }
        for d in due { expected[d.cycle] = d.outputs }
    }

    /// Rows of every length 1...maxLength (n = 1, 2, 4 and clipping chosen at random per row), with ties,
    /// all-equal rows and extreme keys among them.
    static func standard(_ core: SADSCore, maxLength: Int, seed: UInt64) -> SADSScenario {
        var rng = SeededGenerator(seed: seed)
        var s = SADSScenario(core: core)
        let w = core.keyWidth
        let lowest = -(1 << (w - 1)), highest = (1 << (w - 1)) - 1
        for n in 1...maxLength {
            let scores: [Int]
            switch rng.next() % 6 {
            case 0: scores = Array(repeating: rng.signedBits(w), count: n)                        // all equal
            case 1: scores = (0..<n).map { _ in [lowest, highest, 0, -1][Int(rng.next() % 4)] }   // extremes, ties
            case 2: scores = (0..<n).map { _ in Int(rng.next() % 4) - 2 }                         // dense ties
            default: scores = (0..<n).map { _ in rng.signedBits(w) }
            }
            let segments = [1, 2, 4][Int(rng.next() % 3)]
            let radius: Int? = rng.next() % 3 == 0 ? Int(rng.bits(w - 1)) : nil
            s.row(scores, segments: segments, radius: radius, gaps: rng.next() % 2 == 0, rng: &rng)
        }
        s.finish()
        return s
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
        let scenario = SADSScenario.standard(core, maxLength: c.maxLength, seed: seed)
        let name = "sads-\(c.width)-\(c.winners)-\(c.family)-p\(c.pipelineEvery)-\(backend)"
        try await Simulation.run(core, on: backend, name: name, seed: seed) { sim in
            try await sim.stream(scenario.inputs, expect: scenario.expected)
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
