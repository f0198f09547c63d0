import HDL
import HDLSim
import SOFA
import SOFAModel
import Testing

/// Stimulus and expected outputs for the score arrays (`DLZSPredictorArray`, `MACArray`), cycle by cycle,
/// from the documented protocol: load a Q tile row slice by row slice, stream keys slice by slice with idle
/// cycles in between, and expect each key's scores `latency` cycles after its last beat.
struct ScoreArrayScenario {
    let shape: ScoreArrayShape
    /// Computes a row's score of a key with the golden model.
    let score: ([Int], [Int]) -> Int
    var inputs: [[Int]] = []
    var expected: [[Int?]] = []

    init(shape: ScoreArrayShape, score: @escaping ([Int], [Int]) -> Int) {
        self.shape = shape
        self.score = score
        cycle(reset: true)
    }

    private var idleOutputs: [Int?] { [0, nil] + Array(repeating: nil, count: shape.rows) }

    /// One cycle: rst, load_valid, load_row, load_slice, load_q[L], k_valid, k[L], k_index.
    private mutating func cycle(reset: Bool = false, load: (row: Int, slice: Int, q: [Int])? = nil,
                                beat: (k: [Int], index: Int)? = nil, junk: [Int]) {
        var row = [reset ? 1 : 0]
        row += [load == nil ? 0 : 1, load?.row ?? junk[0] % shape.rows, load?.slice ?? junk[1] % shape.slices]
        row += load?.q ?? Array(junk[2..<(2 + shape.lanes)])
        row += [beat == nil ? 0 : 1] + (beat?.k ?? Array(junk[2..<(2 + shape.lanes)])) + [beat?.index ?? junk[0]]
        inputs.append(row)
        expected.append(reset ? [nil, nil] + Array(repeating: nil, count: shape.rows) : idleOutputs)
    }

    private mutating func cycle(reset: Bool) {
        cycle(reset: reset, junk: Array(repeating: 0, count: 2 + shape.lanes))
    }

    /// Loads a tile of `rows` queries (each headDim long), then streams `keys`, with random idle cycles and
    /// random data on the idle ports, then waits for the last scores.
    mutating func tile(queries: [[Int]], keys: [(index: Int, k: [Int])], rng: inout SeededGenerator) {
        let L = shape.lanes
        func junk(_ rng: inout SeededGenerator) -> [Int] {
            [Int(rng.bits(10)), Int(rng.bits(10))] + (0..<L).map { _ in rng.signedBits(shape.dataWidth) }
        }
        for (r, q) in queries.enumerated() {
            for s in 0..<shape.slices {
                cycle(load: (r, s, Array(q[(s * L)..<((s + 1) * L)])), junk: junk(&rng))
            }
        }
        var due: [(cycle: Int, outputs: [Int?])] = []
        for key in keys {
            for s in 0..<shape.slices {
                while rng.next() % 4 == 0 { cycle(junk: junk(&rng)) }
                cycle(beat: (Array(key.k[(s * L)..<((s + 1) * L)]), key.index), junk: junk(&rng))
            }
            let scores = queries.map { score($0, key.k) }
            due.append((inputs.count - 1 + shape.latency, [1, key.index] + scores.map(Optional.some)))
        }
        for _ in 0...shape.latency { cycle(junk: junk(&rng)) }
        for d in due { expected[d.cycle] = d.outputs }
    }

    private mutating func cycle(junk: [Int]) { cycle(load: nil, beat: nil, junk: junk) }
    private mutating func cycle(load: (row: Int, slice: Int, q: [Int]), junk: [Int]) { cycle(load: load, beat: nil, junk: junk) }
    private mutating func cycle(beat: (k: [Int], index: Int), junk: [Int]) { cycle(load: nil, beat: beat, junk: junk) }

    /// Two tiles of random data with directed extremes: the most negative k and q, zeros and ones.
    static func standard(shape: ScoreArrayShape, seed: UInt64, score: @escaping ([Int], [Int]) -> Int) -> ScoreArrayScenario {
        var rng = SeededGenerator(seed: seed)
        var scenario = ScoreArrayScenario(shape: shape, score: score)
        let d = shape.headDim, w = shape.dataWidth
        let minValue = -(1 << (w - 1)), maxValue = (1 << (w - 1)) - 1
        for tile in 0..<2 {
            var queries = (0..<shape.rows).map { _ in (0..<d).map { _ in rng.signedBits(w) } }
            queries[0] = (0..<d).map { [minValue, maxValue, 0, 1, -1][$0 % 5] }
            if shape.rows > 1 { queries[1] = Array(repeating: minValue, count: d) }
            var keys = (0..<(6 + tile * 4)).map { j in (index: 100 * tile + j, k: (0..<d).map { _ in rng.signedBits(w) }) }
            keys[0].k = Array(repeating: minValue, count: d)  // the largest possible score with q = min
            keys[1].k = Array(repeating: maxValue, count: d)
            keys[2].k = Array(repeating: 0, count: d)
            scenario.tile(queries: queries, keys: keys, rng: &rng)
        }
        return scenario
    }
}

@Suite struct DLZSPredictorArrayTests {
    static let configurations: [(rows: Int, lanes: Int, headDim: Int, pipeline: Int, rounding: LZRounding)] = [
        (1, 4, 32, 0, .floor), (4, 8, 32, 1, .nearest), (16, 32, 32, 2, .floor),
        (4, 32, 64, 0, .nearest), (16, 4, 32, 1, .nearest), (1, 8, 8, 2, .floor),
    ]

    @Test(arguments: SimulatorBackend.allCases, configurations.indices)
    func matchesModel(_ backend: SimulatorBackend, configuration: Int) async throws {
        let c = Self.configurations[configuration]
        let shape = ScoreArrayShape(rows: c.rows, lanes: c.lanes, headDim: c.headDim, pipeline: c.pipeline)
        let rounding: LZCode.Rounding = c.rounding == .floor ? .floor : .nearest
        let seed = SeededGenerator.seed(default: UInt64(1000 + configuration))
        let scenario = ScoreArrayScenario.standard(shape: shape, seed: seed) { DLZSScore.predicted($0, $1, rounding: rounding) }
        let name = "dlzs-\(c.rows)x\(c.lanes)-d\(c.headDim)-p\(c.pipeline)-\(c.rounding)-\(backend)"
        try await Simulation.run(DLZSPredictorArray(shape: shape, rounding: c.rounding), on: backend, name: name, seed: seed) { sim in
            try await sim.stream(scenario.inputs, expect: scenario.expected)
        }
    }

    @Test func widthsAndLatency() {
        let shape = ScoreArrayShape(rows: 4, lanes: 8, headDim: 32, pipeline: 2)
        // |score| <= 32 * 2^14 = 2^19: 21 bits signed.
        #expect(shape.scoreWidth == 21 && shape.slices == 4 && shape.latency == 3)
        #expect(DLZSPredictorArray(shape: shape).latency == 3)
    }

    @Test func invalidShapesAreErrors() {
        #expect(throws: ElaborationError.self) { try emitVerilog(DLZSPredictorArray(shape: ScoreArrayShape(lanes: 6, headDim: 32))) }
        #expect(throws: ElaborationError.self) { try emitVerilog(DLZSPredictorArray(shape: ScoreArrayShape(rows: 0))) }
        #expect(throws: ElaborationError.self) { try emitVerilog(DLZSPredictorArray(shape: ScoreArrayShape(pipeline: 3))) }
    }

    @Test(arguments: [(1, 1, 1, 0), (4, 8, 32, 1), (3, 4, 16, 2), (16, 32, 32, 2), (2, 2, 6, 1)])
    func lintClean(rows: Int, lanes: Int, headDim: Int, pipeline: Int) async throws {
        for rounding in LZRounding.allCases {
            let shape = ScoreArrayShape(rows: rows, lanes: lanes, headDim: headDim, pipeline: pipeline)
            try await Lint.check(DLZSPredictorArray(shape: shape, rounding: rounding),
                                 name: "dlzs-\(rows)x\(lanes)-d\(headDim)-p\(pipeline)-\(rounding)")
        }
    }
}

@Suite struct MACArrayTests {
    static let configurations: [(rows: Int, lanes: Int, headDim: Int, pipeline: Int)] = [
        (1, 4, 32, 0), (4, 8, 32, 1), (16, 32, 32, 2), (3, 4, 12, 1),
    ]

    @Test(arguments: SimulatorBackend.allCases, configurations.indices)
    func matchesModel(_ backend: SimulatorBackend, configuration: Int) async throws {
        let c = Self.configurations[configuration]
        let shape = ScoreArrayShape(rows: c.rows, lanes: c.lanes, headDim: c.headDim, pipeline: c.pipeline)
        let seed = SeededGenerator.seed(default: UInt64(2000 + configuration))
        let scenario = ScoreArrayScenario.standard(shape: shape, seed: seed) { DLZSScore.exact($0, $1) }
        let name = "mac-array-\(c.rows)x\(c.lanes)-d\(c.headDim)-p\(c.pipeline)-\(backend)"
        try await Simulation.run(MACArray(shape: shape), on: backend, name: name, seed: seed) { sim in
            try await sim.stream(scenario.inputs, expect: scenario.expected)
        }
    }

    @Test(arguments: [(1, 1, 1, 0), (4, 8, 32, 1), (16, 32, 32, 2)])
    func lintClean(rows: Int, lanes: Int, headDim: Int, pipeline: Int) async throws {
        let shape = ScoreArrayShape(rows: rows, lanes: lanes, headDim: headDim, pipeline: pipeline)
        try await Lint.check(MACArray(shape: shape), name: "mac-array-\(rows)x\(lanes)-d\(headDim)-p\(pipeline)")
    }
}
