import HDL
import HDLExamples
import HDLSim
import Testing

@Suite struct CounterTests {
    @Test(arguments: SimulatorBackend.allCases, [4, 8])
    func directed(_ backend: SimulatorBackend, width: Int) async throws {
        try await Simulation.run(Counter(width: width), on: backend, name: "counter-directed-\(width)-\(backend)") { sim in
            var model = CounterModel(width: width)
            sim.reset()
            sim.expect("count", 0, "after reset")
            sim.poke("enable", 0)
            sim.step(3)
            sim.expect("count", 0, "held without enable")
            sim.poke("enable", 1)
            // Count through the wrap-around and one more lap.
            for _ in 0..<(1 << width) + 5 {
                sim.expect("count", model.step(enable: true))
                sim.step()
            }
            sim.poke("enable", 0)
            sim.step(2)
            sim.expect("count", model.step(enable: false), "held after counting")
            sim.reset()
            sim.expect("count", 0, "reset while holding a value")
            try await sim.flush()
        }
    }

    @Test(arguments: SimulatorBackend.allCases)
    func seededRandom(_ backend: SimulatorBackend) async throws {
        let seed = SeededGenerator.seed(default: 0xC0FFEE)
        var rng = SeededGenerator(seed: seed)
        var model = CounterModel(width: 6)
        var rows: [[Int]] = [], expected: [[Int?]] = []
        for cycle in 0..<4000 {
            let reset = cycle == 0 || rng.next() % 61 == 0
            let enable = rng.next() % 4 != 0
            expected.append([cycle == 0 ? nil : model.value])
            rows.append([reset ? 1 : 0, enable ? 1 : 0])
            if reset { model.reset() } else { _ = model.step(enable: enable) }
        }
        try await Simulation.run(Counter(width: 6), on: backend, name: "counter-random-\(backend)", seed: seed) { sim in
            try await sim.stream(rows, expect: expected)
        }
    }
}
