import HDL

/// Results a pipelined block owes, each due a fixed `latency` cycles after the stimulus row that causes it,
/// checked against a `stream` in one pass:
///
///     var board = sim.scoreboard(latency: core.latency, valid: io.outValid)
///     ...
///     s[io.inValid] = true; s[io.inKey] = key
///     board.expect(resultOf: s.row) { r in r.expect(io.outKey, keys); r.expect(io.outRowEnd, last) }
///     s.step()
///     ...
///     try await sim.stream(s, board)
///
/// With `valid`, that output must be high in exactly the rows where a result is due and low in every other
/// row. Resets are understood: rows before the first reset and rows with `rst` high are not checked (the
/// registers hold random values there), and a result whose input came at or before a reset row and falls due
/// after it was lost with the pipeline's contents, so `valid` must then stay low. A result due after the
/// stream's last row is an error: stream enough idle rows to drain the pipeline.
public struct Scoreboard {
    public let latency: Int
    let binding: PortBinding?
    let outputs: [PortDescriptor]
    let valid: PortField?
    /// Results by due row (relative to the stimulus), with the row that caused them.
    private(set) var results: [(due: Int, cause: Int, values: [(field: PortField, value: Int)])] = []
    private(set) var misuse: [String] = []

    init(_ sim: Simulation, latency: Int, valid: Bit?) {
        self.latency = latency
        binding = sim.binding
        outputs = sim.outputs
        if latency < 0 { misuse.append("scoreboard: latency must be >= 0, got \(latency)") }
        if let valid {
            switch sim.binding?.output(valid) {
            case .success(let f)?: self.valid = f
            case .failure(let e)?:
                self.valid = nil
                misuse.append("scoreboard valid: \(e.message)")
            case nil:
                self.valid = nil
                misuse.append("scoreboard: this simulation runs Verilog text; it has no IO values")
            }
        } else {
            self.valid = nil
        }
    }

    /// Results expected so far.
    public var count: Int { results.count }

    /// Expects the outputs `fill` sets `latency` rows after `row` (the stimulus row that causes them,
    /// usually `stimulus.row`).
    public mutating func expect(resultOf row: Int, _ fill: (inout Expectation) -> Void) {
        var e = Expectation(binding: binding, outputs: outputs)
        fill(&e)
        misuse += e.misuse
        results.append((row + latency, row, e.values))
    }

    /// The differences between `result` and the results due, given the stimulus's reset rows.
    func mismatches(in result: StreamResult, resetRows: [Int]) -> (mismatches: [Mismatch], misuse: [String]) {
        var problems: [String] = []
        var found: [Mismatch] = []
        let resets = resetRows.sorted()
        /// Whether a reset row falls in cause...due (the result was lost, or lands in a reset row).
        func lost(_ cause: Int, _ due: Int) -> Bool {
            var lo = 0, hi = resets.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if resets[mid] < cause { lo = mid + 1 } else { hi = mid }
            }
            return lo < resets.count && resets[lo] <= due
        }
        var dueRows = Set<Int>()
        for r in results {
            if r.due >= result.rows {
                problems.append("scoreboard: the result of row \(r.cause) is due in row \(r.due), after the stream's last row \(result.rows - 1): stream idle rows to drain the pipeline")
                continue
            }
            if lost(r.cause, r.due) { continue }
            dueRows.insert(r.due)
            for (f, v) in r.values {
                if let m = result.mismatch(row: r.due, field: f, expected: v, message: "scoreboard: result of row \(r.cause)") {
                    found.append(m)
                }
            }
        }
        if let valid {
            let resetSet = Set(resets)
            let first = resets.first.map { $0 + 1 } ?? 0
            for row in first..<max(first, result.rows) where !resetSet.contains(row) {
                let want = dueRows.contains(row) ? 1 : 0
                if let m = result.mismatch(row: row, field: valid, expected: want,
                                           message: want == 1 ? "scoreboard: a result is due" : "scoreboard: no result is due") {
                    found.append(m)
                }
            }
        }
        return (found, problems)
    }
}
