import HDL
import HDLExamples
import HDLSim
import Testing

@Suite struct CounterPairTests {
    @Test func oneVerilogModulePerParameterization() throws {
        let design = try emitVerilog(CounterPair(narrowWidth: 3, wideWidth: 7))
        #expect(design.files.map(\.name) == ["Counter_width3.v", "Counter_width7.v", "CounterPair.v"])
        let top = try #require(design.files.last?.contents)
        #expect(top.components(separatedBy: "Counter_width3 ").count - 1 == 2)
        #expect(top.components(separatedBy: "Counter_width7 ").count - 1 == 1)
    }

    @Test(arguments: SimulatorBackend.allCases)
    func directedAndRandom(_ backend: SimulatorBackend) async throws {
        let seed = SeededGenerator.seed(default: 2024)
        var rng = SeededGenerator(seed: seed)
        try await Simulation.run(CounterPair(), on: backend, name: "counter-pair-\(backend)", seed: seed) { sim, io in
            var model = CounterPairModel(narrowWidth: 4, wideWidth: 8)
            var s = sim.stimulus()
            s.reset()
            // Directed: 300 cycles enabled (wraps both widths), 20 disabled; then random with resets.
            var stimulus = Array(repeating: (false, true), count: 300) + Array(repeating: (false, false), count: 20)
            for _ in 0..<3000 { stimulus.append((rng.next() % 97 == 0, rng.next() % 3 != 0)) }
            for (reset, enable) in stimulus {
                s[io.enable] = enable
                if reset {
                    s.reset()
                    model = CounterPairModel(narrowWidth: 4, wideWidth: 8)
                    continue
                }
                let out = model.step(enable: enable)
                s.expect(io.narrow, out.narrow); s.expect(io.wide, out.wide); s.expect(io.sum, out.sum)
                s.step()
            }
            #expect(s.coverageGaps().isEmpty, "\(s.coverageGaps())")
            try await sim.stream(s)
        }
    }
}
