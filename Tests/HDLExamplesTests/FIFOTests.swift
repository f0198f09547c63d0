import HDL
import HDLExamples
import HDLSim
import Testing

@Suite struct FIFOTests {
    /// Inputs after clk: rst, push, data_in, pop. Outputs: data_out, data_out_valid, full, empty, count.
    static func run(_ fifo: FIFO, _ rows: [(push: Bool, data: Int, pop: Bool)], on backend: SimulatorBackend,
                    name: String, seed: UInt64?) async throws {
        var model = FIFOModel(width: fifo.width, depth: fifo.depth)
        var inputs: [[Int]] = [[1, 0, 0, 0]]
        var expected: [[Int?]] = [[nil, nil, nil, nil, nil]]
        for r in rows {
            let out = model.step(push: r.push, dataIn: r.data, pop: r.pop)
            inputs.append([0, r.push ? 1 : 0, r.data, r.pop ? 1 : 0])
            expected.append([out.dataOut, out.dataOutValid ? 1 : 0, out.full ? 1 : 0, out.empty ? 1 : 0, out.count])
        }
        try await Simulation.run(fifo, on: backend, name: name, seed: seed) { sim in
            try await sim.stream(inputs, expect: expected)
        }
    }

    @Test(arguments: SimulatorBackend.allCases)
    func fillDrainAndOverflow(_ backend: SimulatorBackend) async throws {
        let fifo = FIFO(width: 8, depth: 4)
        var rows: [(push: Bool, data: Int, pop: Bool)] = []
        rows.append((false, 0, true))  // pop while empty: ignored
        for i in 0..<6 { rows.append((true, 0x10 + i, false)) }  // 4 stored, 2 dropped while full
        rows.append((true, 0x77, true))  // full: the pop happens, the push is dropped
        for _ in 0..<5 { rows.append((false, 0, true)) }  // drain, one pop too many
        rows.append((true, 0xAB, true))  // empty: the push happens, the pop is ignored
        rows.append((true, 0xCD, true))  // simultaneous push and pop
        rows.append((false, 0, false))
        try await Self.run(fifo, rows, on: backend, name: "fifo-directed-\(backend)", seed: nil)
    }

    @Test(arguments: SimulatorBackend.allCases, [2, 16])
    func seededRandom(_ backend: SimulatorBackend, depth: Int) async throws {
        let seed = SeededGenerator.seed(default: UInt64(depth) * 1_000_003)
        var rng = SeededGenerator(seed: seed)
        var rows: [(push: Bool, data: Int, pop: Bool)] = []
        for phase in 0..<6 {
            // Alternate phases that favour pushes (to fill) and pops (to drain).
            let pushOdds: UInt64 = phase % 2 == 0 ? 3 : 1, popOdds: UInt64 = phase % 2 == 0 ? 1 : 3
            for _ in 0..<400 {
                rows.append((rng.next() % 4 < pushOdds, Int(rng.bits(12)), rng.next() % 4 < popOdds))
            }
        }
        try await Self.run(FIFO(width: 12, depth: depth), rows, on: backend, name: "fifo-random-\(depth)-\(backend)", seed: seed)
    }
}
