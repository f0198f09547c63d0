import HDL
import HDLSim
import SOFA
import SOFAModel
import Testing

/// Drives the score arrays (`DLZSPredictorArray`, `MACArray`) by their documented protocol: load a Q tile row
/// slice by row slice, stream keys slice by slice with idle cycles in between (random data on every port that
/// is not in use), and expect each key's scores `latency` cycles after its last beat, on a scoreboard whose
/// valid is `score_valid`. A reset in the middle of a key stream loses the keys in flight; the tile is then
/// loaded again, as a controller would.
struct ScoreArrayBench {
    let shape: ScoreArrayShape
    let io: ScoreArrayIO
    /// A row's score of a key, from the golden model.
    let score: ([Int], [Int]) -> Int
    var s: Stimulus
    var board: Scoreboard
    var rng: SeededGenerator

    init(_ sim: Simulation, _ io: ScoreArrayIO, shape: ScoreArrayShape, seed: UInt64, score: @escaping ([Int], [Int]) -> Int) {
        self.shape = shape
        self.io = io
        self.score = score
        s = sim.stimulus()
        board = sim.scoreboard(latency: shape.latency, valid: io.scoreValid)
        rng = SeededGenerator(seed: seed)
        s.reset()
    }

    /// Random values on the ports a cycle does not use.
    private mutating func junk(load: Bool, key: Bool) {
        if !load { s.randomize([io.loadRow, io.loadSlice] as [Unsigned], &rng); s.randomize(io.loadQ, &rng) }
        if !key { s.randomize(io.k, &rng); s.randomize(io.kIndex, &rng) }
        s[io.loadValid] = load
        s[io.kValid] = key
    }

    mutating func idle() {
        junk(load: false, key: false)
        s.step()
    }

    mutating func load(_ queries: [[Int]]) {
        let L = shape.lanes
        for (r, q) in queries.enumerated() {
            for slice in 0..<shape.slices {
                junk(load: true, key: false)
                s[io.loadRow] = r; s[io.loadSlice] = slice; s[io.loadQ] = Array(q[(slice * L)..<((slice + 1) * L)])
                s.step()
            }
        }
    }

    /// Streams `keys` against the loaded `queries`; with `resetAt`, a reset comes in the middle of that key.
    mutating func stream(_ keys: [(index: Int, k: [Int])], against queries: [[Int]], resetAt: Int? = nil) {
        let L = shape.lanes
        for (n, key) in keys.enumerated() {
            for slice in 0..<shape.slices {
                while rng.next() % 4 == 0 { idle() }
                if n == resetAt && slice == shape.slices / 2 {
                    s.reset(cycles: 1 + Int(rng.next() % 2))
                    load(queries)
                    break
                }
                junk(load: false, key: true)
                s[io.k] = Array(key.k[(slice * L)..<((slice + 1) * L)]); s[io.kIndex] = key.index
                if slice == shape.slices - 1 {
                    let scores = queries.map { score($0, key.k) }
                    board.expect(resultOf: s.row) { e in
                        e.expect(io.scoreIndex, key.index)
                        e.expect(io.score, scores)
                    }
                }
                s.step()
            }
        }
        for _ in 0...shape.latency { idle() }
    }

    /// Two tiles of random data with directed extremes (q all -2^(w-1), then all 2^(w-1) - 1, a row of
    /// extremes, zeros and ones; the same for k; the largest and smallest key index), the second one interrupted by a reset.
    static func standard(_ sim: Simulation, _ io: ScoreArrayIO, shape: ScoreArrayShape, seed: UInt64,
                         score: @escaping ([Int], [Int]) -> Int) -> ScoreArrayBench {
        var bench = ScoreArrayBench(sim, io, shape: shape, seed: seed, score: score)
        let d = shape.headDim, w = shape.dataWidth
        let minValue = -(1 << (w - 1)), maxValue = (1 << (w - 1)) - 1, maxIndex = (1 << shape.indexWidth) - 1
        for tile in 0..<2 {
            var queries = (0..<shape.rows).map { _ in (0..<d).map { _ in bench.rng.signedBits(w) } }
            queries[0] = Array(repeating: tile == 0 ? minValue : maxValue, count: d)
            if shape.rows > 1 { queries[1] = (0..<d).map { [minValue, maxValue, 0, 1, -1][($0 + tile) % 5] } }
            var keys = (0..<(6 + tile * 4)).map { _ in (index: Int(bench.rng.bits(shape.indexWidth)), k: (0..<d).map { _ in bench.rng.signedBits(w) }) }
            keys[0] = (0, Array(repeating: minValue, count: d))  // the largest possible score with q = min
            keys[1] = (maxIndex, Array(repeating: maxValue, count: d))
            keys[2].k = Array(repeating: 0, count: d)
            bench.load(queries)
            bench.stream(keys, against: queries, resetAt: tile == 1 ? 4 : nil)
        }
        return bench
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
        let name = "dlzs-\(c.rows)x\(c.lanes)-d\(c.headDim)-p\(c.pipeline)-\(c.rounding)-\(backend)"
        try await Simulation.run(DLZSPredictorArray(shape: shape, rounding: c.rounding), on: backend, name: name, seed: seed) { sim, io in
            let bench = ScoreArrayBench.standard(sim, io, shape: shape, seed: seed) { DLZSScore.predicted($0, $1, rounding: rounding) }
            #expect(bench.s.coverageGaps().isEmpty, "\(bench.s.coverageGaps())")
            try await sim.stream(bench.s, bench.board)
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
        let name = "mac-array-\(c.rows)x\(c.lanes)-d\(c.headDim)-p\(c.pipeline)-\(backend)"
        try await Simulation.run(MACArray(shape: shape), on: backend, name: name, seed: seed) { sim, io in
            let bench = ScoreArrayBench.standard(sim, io, shape: shape, seed: seed) { DLZSScore.exact($0, $1) }
            #expect(bench.s.coverageGaps().isEmpty, "\(bench.s.coverageGaps())")
            try await sim.stream(bench.s, bench.board)
        }
    }

    @Test(arguments: [(1, 1, 1, 0), (4, 8, 32, 1), (16, 32, 32, 2)])
    func lintClean(rows: Int, lanes: Int, headDim: Int, pipeline: Int) async throws {
        let shape = ScoreArrayShape(rows: rows, lanes: lanes, headDim: headDim, pipeline: pipeline)
        try await Lint.check(MACArray(shape: shape), name: "mac-array-\(rows)x\(lanes)-d\(headDim)-p\(pipeline)")
    }
}
