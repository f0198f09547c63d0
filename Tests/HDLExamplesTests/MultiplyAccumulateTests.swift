import HDL
import HDLExamples
import HDLSim
import Testing

@Suite struct MultiplyAccumulateTests {
    /// Inputs in port order after clk: rst, a, b, enable, clear.
    struct Row { var reset = false, a = 0, b = 0, enable = false, clear = false }

    static func run(_ rows: [Row], _ mac: MultiplyAccumulate, on backend: SimulatorBackend, name: String, seed: UInt64?) async throws {
        var model = MultiplyAccumulateModel(dataWidth: mac.dataWidth, accumulatorWidth: mac.accumulatorWidth)
        var expected: [[Int?]] = []
        for (i, r) in rows.enumerated() {
            expected.append([i == 0 ? nil : model.acc])
            if r.reset { model.acc = 0 } else { _ = model.step(a: r.a, b: r.b, enable: r.enable, clear: r.clear) }
        }
        let inputs = rows.map { [$0.reset ? 1 : 0, $0.a, $0.b, $0.enable ? 1 : 0, $0.clear ? 1 : 0] }
        try await Simulation.run(mac, on: backend, name: name, seed: seed) { sim in
            try await sim.stream(inputs, expect: expected)
        }
    }

    @Test(arguments: SimulatorBackend.allCases)
    func directedExtremesAndWrap(_ backend: SimulatorBackend) async throws {
        // A 16-bit accumulator wraps after two (-128 * -128) products; clear wins over enable.
        let mac = MultiplyAccumulate(dataWidth: 8, accumulatorWidth: 16)
        var rows = [Row(reset: true)]
        rows += Array(repeating: Row(a: -128, b: -128, enable: true), count: 3)
        rows += [Row(a: 127, b: -128, enable: true), Row(a: 5, b: 5, enable: false), Row(a: 1, b: 1, enable: true, clear: true)]
        rows += [Row(a: -1, b: 1, enable: true), Row(a: 127, b: 127, enable: true), Row(reset: true), Row(a: 3, b: -7, enable: true), Row()]
        try await Self.run(rows, mac, on: backend, name: "mac-directed-\(backend)", seed: nil)
    }

    @Test(arguments: SimulatorBackend.allCases)
    func seededRandom(_ backend: SimulatorBackend) async throws {
        let seed = SeededGenerator.seed(default: 42)
        var rng = SeededGenerator(seed: seed)
        let mac = MultiplyAccumulate()
        var rows = [Row(reset: true)]
        for _ in 0..<5000 {
            rows.append(Row(reset: rng.next() % 500 == 0, a: rng.signedBits(8), b: rng.signedBits(8),
                            enable: rng.next() % 8 != 0, clear: rng.next() % 200 == 0))
        }
        try await Self.run(rows, mac, on: backend, name: "mac-random-\(backend)", seed: seed)
    }
}
