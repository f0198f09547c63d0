import HDL
import HDLSim
import Testing

/// `Pipe` against a delay-line model: what enters with `valid` in cycle t leaves with `valid` in cycle
/// t + latency (data compared only when valid), resets in the middle drop what is in flight.
@Suite struct PipeTests {
    /// Expected (deq_valid, deq_bits) per cycle for the inputs (reset, valid, bits).
    static func model(latency: Int, _ inputs: [(reset: Bool, valid: Bool, bits: Int)]) -> [(valid: Int?, bits: Int?)] {
        var stages = [(valid: Bool, bits: Int)?](repeating: nil, count: latency)  // nil: unknown (before the first reset)
        var out: [(Int?, Int?)] = []
        for i in inputs {
            let last = stages[latency - 1]
            out.append((last.map { $0.valid ? 1 : 0 }, last.flatMap { $0.valid ? $0.bits : nil }))
            if i.reset {
                stages = Array(repeating: (false, 0), count: latency)
            } else {
                stages = [(i.valid, i.bits)] + stages.dropLast()
            }
        }
        return out
    }

    @Test(arguments: SimulatorBackend.allCases, [1, 2, 5])
    func randomValid(_ backend: SimulatorBackend, _ latency: Int) async throws {
        let seed = SeededGenerator.seed(default: 0x919E &+ UInt64(latency))
        var rng = SeededGenerator(seed: seed)
        var inputs: [(reset: Bool, valid: Bool, bits: Int)] = [(true, false, 0)]
        for k in 0..<1500 {
            let density = [15, 8, 2, 16][(k / 200) % 4]  // in 1/16
            inputs.append((k == 700 || k == 1111, rng.next() % 16 < density, Int(rng.bits(12))))
        }
        let expected = Self.model(latency: latency, inputs)
        let rows = inputs.map { [$0.reset ? 1 : 0, $0.valid ? 1 : 0, $0.bits] }
        try await Simulation.run(Pipe(width: 12, latency: latency), on: backend, name: "pipe-\(latency)-\(backend)", seed: seed) { sim in
            #expect(sim.inputPorts.map(\.name) == ["rst", "enq_valid", "enq_bits"])
            #expect(sim.outputPorts.map(\.name) == ["deq_valid", "deq_bits"])
            try await sim.stream(rows, expect: expected.map { [$0.valid, $0.bits] })
        }
    }

    @Test(arguments: [(1, 1), (8, 1), (8, 4), (70, 3)])
    func lintClean(_ width: Int, _ latency: Int) async throws {
        try await Lint.check(Pipe(width: width, latency: latency), name: "pipe-w\(width)-l\(latency)")
    }
}
