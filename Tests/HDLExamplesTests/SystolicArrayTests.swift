import HDL
import HDLExamples
import HDLSim
import Testing

@Suite struct SystolicArrayTests {
    /// Computes A (rows x k) * B (k x columns) the way the array is meant to be used: skewed operands, then
    /// a drain that shifts each row's accumulators out of the right edge.
    @Test(arguments: SimulatorBackend.allCases)
    func matrixProductAndRandomStimulus(_ backend: SimulatorBackend) async throws {
        let rows = 3, columns = 2, k = 5
        let seed = SeededGenerator.seed(default: 77)
        var rng = SeededGenerator(seed: seed)
        let a = (0..<rows).map { _ in (0..<k).map { _ in rng.signedBits(8) } }
        let b = (0..<k).map { _ in (0..<columns).map { _ in rng.signedBits(8) } }
        var model = SystolicArrayModel(rows: rows, columns: columns, accumulatorWidth: 24)
        var inputs: [[Int]] = [], expected: [[Int?]] = []
        // Inputs after clk: rst, a[rows], b[columns], valid[rows], clear, drain.
        func cycle(reset: Bool = false, a av: [Int], b bv: [Int], valid: [Bool], clear: Bool = false, drain: Bool = false) {
            inputs.append([reset ? 1 : 0] + av + bv + valid.map { $0 ? 1 : 0 } + [clear ? 1 : 0, drain ? 1 : 0])
            if reset {
                expected.append(Array(repeating: nil, count: rows))
                model = SystolicArrayModel(rows: rows, columns: columns, accumulatorWidth: 24)
            } else {
                expected.append(model.step(a: av, b: bv, valid: valid, clear: clear, drain: drain))
            }
        }
        cycle(reset: true, a: Array(repeating: 0, count: rows), b: Array(repeating: 0, count: columns), valid: Array(repeating: false, count: rows))
        // Row r of A enters r cycles late, column c of B c cycles late, so a[r][t] meets b[t][c] in cell (r, c).
        for t in 0..<(k + rows + columns) {
            let av = (0..<rows).map { r in (0..<k).contains(t - r) ? a[r][t - r] : 0 }
            let bv = (0..<columns).map { c in (0..<k).contains(t - c) ? b[t - c][c] : 0 }
            let valid = (0..<rows).map { r in (0..<k).contains(t - r) }
            cycle(a: av, b: bv, valid: valid)
        }
        // Drain: the right column appears first, then each column to its left.
        let zeros = Array(repeating: 0, count: rows), off = Array(repeating: false, count: rows)
        let drained = inputs.count
        for _ in 0..<columns { cycle(a: zeros, b: Array(repeating: 0, count: columns), valid: off, drain: true) }
        for r in 0..<rows {
            for c in 0..<columns {
                let product = (0..<k).reduce(0) { $0 + a[r][$1] * b[$1][c] }
                #expect(expected[drained + (columns - 1 - c)][r] == product, "model of row \(r), column \(c)")
            }
        }
        // Then random stimulus, clears included.
        for _ in 0..<1500 {
            cycle(a: (0..<rows).map { _ in rng.signedBits(8) }, b: (0..<columns).map { _ in rng.signedBits(8) },
                  valid: (0..<rows).map { _ in rng.next() % 3 != 0 }, clear: rng.next() % 50 == 0, drain: rng.next() % 7 == 0)
        }
        let top = SystolicArray(rows: rows, columns: columns)
        try await Simulation.run(top, on: backend, name: "systolic-\(backend)", seed: seed) { sim in
            try await sim.stream(inputs, expect: expected)
        }
    }
}
