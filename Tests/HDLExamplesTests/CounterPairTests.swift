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
        var model = CounterPairModel(narrowWidth: 4, wideWidth: 8)
        var inputs: [[Int]] = [[1, 0]]
        var expected: [[Int?]] = [[nil, nil, nil]]
        // Directed: 300 cycles enabled (wraps both widths), 20 disabled; then random with resets.
        var stimulus = Array(repeating: (false, true), count: 300) + Array(repeating: (false, false), count: 20)
        for _ in 0..<3000 { stimulus.append((rng.next() % 97 == 0, rng.next() % 3 != 0)) }
        for (reset, enable) in stimulus {
            inputs.append([reset ? 1 : 0, enable ? 1 : 0])
            if reset {
                expected.append([model.narrowA.value, model.wide.value,
                                 model.narrowA.value + model.narrowB.value + model.wide.value])
                model = CounterPairModel(narrowWidth: 4, wideWidth: 8)
            } else {
                let out = model.step(enable: enable)
                expected.append([out.narrow, out.wide, out.sum])
            }
        }
        try await Simulation.run(CounterPair(), on: backend, name: "counter-pair-\(backend)", seed: seed) { sim in
            try await sim.stream(inputs, expect: expected)
        }
    }
}
