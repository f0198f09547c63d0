import HDL
import HDLExamples
import HDLSim
import Testing

@Suite struct CounterTests {
    @Test(arguments: SimulatorBackend.allCases, [4, 8])
    func directed(_ backend: SimulatorBackend, width: Int) async throws {
        try await Simulation.run(Counter(width: width), on: backend, name: "counter-directed-\(width)-\(backend)") { sim, io in
            var model = CounterModel(width: width)
            sim.reset()
            sim.expect(io.count, 0, "after reset")
            sim.poke(io.enable, false)
            sim.step(3)
            sim.expect(io.count, 0, "held without enable")
            sim.poke(io.enable, true)
            // Count through the wrap-around and one more lap.
            for _ in 0..<(1 << width) + 5 {
                sim.expect(io.count, model.step(enable: true))
                sim.step()
            }
            sim.poke(io.enable, false)
            sim.step(2)
            sim.expect(io.count, model.step(enable: false), "held after counting")
            sim.reset()
            sim.expect(io.count, 0, "reset while holding a value")
            try await sim.flush()
        }
    }

    @Test(arguments: SimulatorBackend.allCases)
    func seededRandom(_ backend: SimulatorBackend) async throws {
        let seed = SeededGenerator.seed(default: 0xC0FFEE)
        var rng = SeededGenerator(seed: seed)
        try await Simulation.run(Counter(width: 6), on: backend, name: "counter-random-\(backend)", seed: seed) { sim, io in
            var model = CounterModel(width: 6)
            var s = sim.stimulus()
            s.reset()
            for _ in 0..<4000 {
                s[io.enable] = rng.next() % 4 != 0
                if rng.next() % 61 == 0 {
                    s.reset()
                    model.reset()
                    continue
                }
                s.expect(io.count, model.step(enable: s[io.enable]))
                s.step()
            }
            #expect(s.coverageGaps().isEmpty, "\(s.coverageGaps())")
            try await sim.stream(s)
        }
    }
}
