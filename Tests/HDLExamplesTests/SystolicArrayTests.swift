import HDL
import HDLExamples
import HDLSim
import Testing

@Suite struct SystolicArrayTests {
    /// Computes A (rows x k) * B (k x columns) the way the array is meant to be used: skewed operands, then
    /// a drain that shifts each row's accumulators out of the right edge; then random stimulus with clears,
    /// drains and resets, every cycle checked against the cell-level model.
    @Test(arguments: SimulatorBackend.allCases)
    func matrixProductAndRandomStimulus(_ backend: SimulatorBackend) async throws {
        let rows = 3, columns = 2, k = 5
        let seed = SeededGenerator.seed(default: 77)
        var rng = SeededGenerator(seed: seed)
        let a = (0..<rows).map { _ in (0..<k).map { _ in rng.signedBits(8) } }
        let b = (0..<k).map { _ in (0..<columns).map { _ in rng.signedBits(8) } }
        let top = SystolicArray(rows: rows, columns: columns)
        try await Simulation.run(top, on: backend, name: "systolic-\(backend)", seed: seed) { sim, io in
            var model = SystolicArrayModel(rows: rows, columns: columns, accumulatorWidth: 24)
            var s = sim.stimulus()
            var results: [[Int]] = []
            func cycle(a av: [Int], b bv: [Int], valid: [Bool], clear: Bool = false, drain: Bool = false) {
                s[io.a] = av; s[io.b] = bv; s[io.valid] = valid; s[io.clear] = clear; s[io.drain] = drain
                let out = model.step(a: av, b: bv, valid: valid, clear: clear, drain: drain)
                results.append(out)
                s.expect(io.result, out)
                s.step()
            }
            func reset() {
                model.reset(a: s[io.a], b: s[io.b])
                s.reset()
            }
            reset()
            // Row r of A enters r cycles late, column c of B c cycles late, so a[r][t] meets b[t][c] in cell (r, c).
            for t in 0..<(k + rows + columns) {
                let av = (0..<rows).map { r in (0..<k).contains(t - r) ? a[r][t - r] : 0 }
                let bv = (0..<columns).map { c in (0..<k).contains(t - c) ? b[t - c][c] : 0 }
                cycle(a: av, b: bv, valid: (0..<rows).map { r in (0..<k).contains(t - r) })
            }
            // Drain: the right column appears first, then each column to its left.
            let drained = results.count
            for _ in 0..<columns {
                cycle(a: Array(repeating: 0, count: rows), b: Array(repeating: 0, count: columns),
                      valid: Array(repeating: false, count: rows), drain: true)
            }
            for r in 0..<rows {
                for c in 0..<columns {
                    let product = (0..<k).reduce(0) { $0 + a[r][$1] * b[$1][c] }
                    #expect(results[drained + (columns - 1 - c)][r] == product, "model of row \(r), column \(c)")
                }
            }
            // Then random stimulus, extremes, clears, drains and resets included.
            for t in 0..<1500 {
                if rng.next() % 300 == 0 {
                    reset()
                    continue
                }
                let extreme = t % 97 < 2 ? (t % 97 == 0 ? -128 : 127) : nil
                cycle(a: (0..<rows).map { _ in extreme ?? rng.signedBits(8) }, b: (0..<columns).map { _ in extreme ?? rng.signedBits(8) },
                      valid: (0..<rows).map { _ in rng.next() % 3 != 0 }, clear: rng.next() % 50 == 0, drain: rng.next() % 7 == 0)
            }
            #expect(s.coverageGaps().isEmpty, "\(s.coverageGaps())")
            try await sim.stream(s)
        }
    }
}
