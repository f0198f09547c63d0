import HDL
import HDLExamples
import HDLSim
import Testing

@Suite struct FIFOTests {
    /// One cycle's inputs; `reset` makes it a reset cycle instead.
    struct Row { var push = false, data = 0, pop = false, reset = false }

    static func run(_ fifo: FIFO, _ rows: [Row], on backend: SimulatorBackend, name: String, seed: UInt64?,
                    fullCoverage: Bool) async throws {
        try await Simulation.run(fifo, on: backend, name: name, seed: seed) { sim, io in
            var model = FIFOModel(width: fifo.width, depth: fifo.depth)
            var s = sim.stimulus()
            s.reset()
            for r in rows {
                s[io.push] = r.push; s[io.dataIn] = r.data; s[io.pop] = r.pop
                if r.reset {
                    s.reset()
                    model = FIFOModel(width: fifo.width, depth: fifo.depth)
                    continue
                }
                let out = model.step(push: r.push, dataIn: r.data, pop: r.pop)
                if let d = out.dataOut { s.expect(io.dataOut, d) }
                s.expect(io.dataOutValid, out.dataOutValid)
                s.expect(io.full, out.full); s.expect(io.empty, out.empty); s.expect(io.count, out.count)
                s.step()
            }
            if fullCoverage { #expect(s.coverageGaps().isEmpty, "\(s.coverageGaps())") }
            try await sim.stream(s)
        }
    }

    @Test(arguments: SimulatorBackend.allCases)
    func fillDrainAndOverflow(_ backend: SimulatorBackend) async throws {
        let fifo = FIFO(width: 8, depth: 4)
        var rows: [Row] = []
        rows.append(Row(pop: true))  // pop while empty: ignored
        for i in 0..<6 { rows.append(Row(push: true, data: 0x10 + i)) }  // 4 stored, 2 dropped while full
        rows.append(Row(push: true, data: 0x77, pop: true))  // full: the pop happens, the push is dropped
        for _ in 0..<5 { rows.append(Row(pop: true)) }  // drain, one pop too many
        rows.append(Row(push: true, data: 0xAB, pop: true))  // empty: the push happens, the pop is ignored
        rows.append(Row(push: true, data: 0xCD, pop: true))  // simultaneous push and pop
        rows += [Row(push: true, data: 0xEE), Row(reset: true), Row(pop: true), Row(push: true, data: 0x01), Row(pop: true), Row()]
        try await Self.run(fifo, rows, on: backend, name: "fifo-directed-\(backend)", seed: nil, fullCoverage: false)
    }

    @Test(arguments: SimulatorBackend.allCases, [2, 16])
    func seededRandom(_ backend: SimulatorBackend, depth: Int) async throws {
        let seed = SeededGenerator.seed(default: UInt64(depth) * 1_000_003)
        var rng = SeededGenerator(seed: seed)
        var rows = [Row(push: true, data: 0), Row(push: true, data: 4095), Row(pop: true), Row(pop: true), Row(pop: true)]
        for phase in 0..<6 {
            // Alternate phases that favour pushes (to fill) and pops (to drain); a reset now and then.
            let pushOdds: UInt64 = phase % 2 == 0 ? 3 : 1, popOdds: UInt64 = phase % 2 == 0 ? 1 : 3
            for _ in 0..<400 {
                rows.append(Row(push: rng.next() % 4 < pushOdds, data: Int(rng.bits(12)), pop: rng.next() % 4 < popOdds,
                                reset: rng.next() % 150 == 0))
            }
        }
        try await Self.run(FIFO(width: 12, depth: depth), rows, on: backend, name: "fifo-random-\(depth)-\(backend)", seed: seed,
                           fullCoverage: true)
    }
}
