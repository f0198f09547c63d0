import HDL
import HDLSim
import Testing

/// Co-simulates every operator of the DSL against plain Swift integer arithmetic.
@Suite struct OperatorZooTests {
    @Test(arguments: SimulatorBackend.allCases)
    func directedAndRandom(_ backend: SimulatorBackend) async throws {
        let seed = SeededGenerator.seed(default: 314159)
        var rng = SeededGenerator(seed: seed)
        let edges = [0, 1, 2, 127, 128, 129, 254, 255]
        let signedEdges = [-128, -127, -1, 0, 1, 126, 127]
        var rows: [[Int]] = []
        for a in edges {
            for b in edges { rows.append([a, b, signedEdges[(a + b) % 7], signedEdges[(a ^ b) % 7], (a + 3 * b) % 8]) }
        }
        for sa in signedEdges {
            for sb in signedEdges { rows.append([sa & 0xFF, sb & 0xFF, sa, sb, (sa - sb) & 7]) }
        }
        for _ in 0..<3000 {
            rows.append([Int(rng.bits(8)), Int(rng.bits(8)), rng.signedBits(8), rng.signedBits(8), Int(rng.bits(3))])
        }
        let expected = rows.map { r in OperatorZooModel.outputs(a: r[0], b: r[1], sa: r[2], sb: r[3], shift: r[4]).map(Optional.some) }
        try await Simulation.run(OperatorZoo(), on: backend, name: "operator-zoo-\(backend)", seed: seed) { sim in
            // Verilog and C++ keywords (and, or, switch, ...) get a trailing underscore; other names are kept.
            #expect(sim.outputPorts.map(\.name) == OperatorZoo.outputShapes.map {
                ["and", "or", "xor", "not", "switch", "priority", "packed"].contains($0.0) ? $0.0 + "_" : $0.0
            })
            #expect(sim.outputPorts.map(\.width) == OperatorZoo.outputShapes.map(\.1))
            try await sim.stream(rows, expect: expected)
        }
    }

    @Test func lintClean() async throws {
        try await Lint.check(OperatorZoo(), name: "operator-zoo")
    }
}
