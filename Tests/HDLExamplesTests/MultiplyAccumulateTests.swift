import HDL
import HDLExamples
import HDLSim
import Testing

@Suite struct MultiplyAccumulateTests {
    /// One cycle's inputs.
    struct Row { var reset = false, a = 0, b = 0, enable = false, clear = false }

    static func run(_ rows: [Row], _ mac: MultiplyAccumulate, on backend: SimulatorBackend, name: String, seed: UInt64?) async throws {
        try await Simulation.run(mac, on: backend, name: name, seed: seed) { sim, io in
            var model = MultiplyAccumulateModel(dataWidth: mac.dataWidth, accumulatorWidth: mac.accumulatorWidth)
            var s = sim.stimulus()
            s.reset()
            for r in rows {
                s[io.a] = r.a; s[io.b] = r.b; s[io.enable] = r.enable; s[io.clear] = r.clear
                if r.reset {
                    s.reset()
                    model.acc = 0
                    continue
                }
                s.expect(io.acc, model.step(a: r.a, b: r.b, enable: r.enable, clear: r.clear))
                s.step()
            }
            if rows.count > 1000 { #expect(s.coverageGaps().isEmpty, "\(s.coverageGaps())") }
            try await sim.stream(s)
        }
    }

    @Test(arguments: SimulatorBackend.allCases)
    func directedExtremesAndWrap(_ backend: SimulatorBackend) async throws {
        // A 16-bit accumulator wraps after two (-128 * -128) products; clear wins over enable.
        let mac = MultiplyAccumulate(dataWidth: 8, accumulatorWidth: 16)
        var rows = Array(repeating: Row(a: -128, b: -128, enable: true), count: 3)
        rows += [Row(a: 127, b: -128, enable: true), Row(a: 5, b: 5, enable: false), Row(a: 1, b: 1, enable: true, clear: true)]
        rows += [Row(a: -1, b: 1, enable: true), Row(a: 127, b: 127, enable: true), Row(reset: true), Row(a: 3, b: -7, enable: true), Row()]
        try await Self.run(rows, mac, on: backend, name: "mac-directed-\(backend)", seed: nil)
    }

    @Test(arguments: SimulatorBackend.allCases)
    func seededRandom(_ backend: SimulatorBackend) async throws {
        let seed = SeededGenerator.seed(default: 42)
        var rng = SeededGenerator(seed: seed)
        let mac = MultiplyAccumulate()
        var rows = [Row(a: -128, b: -128, enable: true), Row(a: 127, b: 127, enable: true), Row(a: -128, b: 127, enable: true)]
        for _ in 0..<5000 {
            rows.append(Row(reset: rng.next() % 500 == 0, a: rng.signedBits(8), b: rng.signedBits(8),
                            enable: rng.next() % 8 != 0, clear: rng.next() % 200 == 0))
        }
        try await Self.run(rows, mac, on: backend, name: "mac-random-\(backend)", seed: seed)
    }
}
