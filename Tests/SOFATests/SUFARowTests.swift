import HDL
import HDLSim
import SOFA
import SOFAModel
import Testing

/// `SUFARow` co-simulated against `SUFARowModel` (docs/SU-FA.md) on both simulators: directed rows, seeded random
/// rows under random gaps and back-pressure, resets in the middle of a row, rows back to back; the lanes' cycle
/// budget; lint over a parameter matrix.
@Suite struct SUFARowTests {
    /// The configurations the co-simulations use (the bench's memories sized for each).
    enum Configuration: String, CaseIterable, CustomStringConvertible {
        /// d = 8, L = 2, N_max = 16, one divider: fast on Icarus.
        case small
        /// The default row: d = 32, L = 4, N_max = 256, two dividers.
        case standard
        /// d = 8, L = 8: one beat per pass, so the weight pipeline is longer than a pass (the lookahead at work).
        case singleBeat
        /// Other formats (P > F: p always rounded; F_r < F + P; 4 output fraction bits; a finer exp2 table), 3 dividers.
        case otherFormat
        /// The largest head dimension, d = 128, L = 8, N_max = 32.
        case largest
        /// Coarse state, fine output (F = 8, F_r = 10, F_out = 16): a one-unit error in any o[i] moves O by at least
        /// 2^16 / (N_max * 2^8) = 16 codes, so the output shows it.
        case observable

        var description: String { rawValue }

        var row: SUFARow {
            switch self {
            case .small: SUFARow(headDim: 8, lanes: 2, maxKeys: 16, dividers: 1)
            case .standard: SUFARow()
            case .singleBeat: SUFARow(headDim: 8, lanes: 8, maxKeys: 64, dividers: 8)
            case .otherFormat:
                SUFARow(headDim: 12, lanes: 3, maxKeys: 40, dividers: 3,
                        format: SUFARowFormat(exp2TableBits: 6, exp2MantissaBits: 20, exp2ShiftBits: 6, weightFraction: 14,
                                              rescaleFraction: 18, outputFraction: 4), counterWidth: 20)
            case .largest: SUFARow(headDim: 128, lanes: 8, maxKeys: 32, dividers: 4)
            case .observable:
                SUFARow(headDim: 4, lanes: 2, maxKeys: 16, dividers: 2,
                        format: SUFARowFormat(weightFraction: 8, rescaleFraction: 10, outputFraction: 16))
            }
        }

        var bench: SUFARowBench {
            let r = row
            return SUFARowBench(row: r, queryDepth: 256, beatDepth: self == .standard ? 16384 : 4096)
        }
    }

    // MARK: Directed rows

    /// Directed rows at d_use = d: one key; all-equal scores; a dominant key first and last; every key a miss
    /// (ascending scores); |q| = |k| = 128 with v = -128 over N_max keys (o reaches its negative end exactly); and
    /// the softmax constant at both ends of its range.
    static func directedRows(_ row: SUFARow, _ rng: inout SeededGenerator) -> [(String, SUFARowStimulus)] {
        let d = row.headDim, n = row.maxKeys
        let format = row.format.model
        let minilm = SUFARowStimulus.constant(4.4e-4, format)
        func randomValues(_ count: Int) -> [[Int]] { (0..<count).map { _ in SUFARowStimulus.randomRow(&rng, maxDim: d) } }
        func stimulus(_ q: [Int], _ keys: [[Int]], _ values: [[Int]]? = nil, c: SoftmaxConstant? = nil) -> SUFARowStimulus {
            SUFARowStimulus(query: q, keys: keys, values: values ?? randomValues(keys.count), constant: c ?? minilm,
                            headDim: d, headDimInput: d)
        }
        let q = SUFARowStimulus.randomRow(&rng, maxDim: d)
        func smallKeys(_ count: Int) -> [[Int]] { (0..<count).map { _ in (0..<d).map { _ in Int(rng.next() % 9) - 4 } } }
        // The key that maximizes q . k: each element +-127 by q's sign.
        let dominant = q.map { $0 >= 0 ? 127 : -128 }
        let ascending = (0..<min(n, 24)).map { j in q.map { $0 >= 0 ? -128 + 10 * j : 127 - 10 * j } }
        let descending = Array(ascending.reversed())
        let extreme = [Int](repeating: -128, count: d)
        var cases: [(String, SUFARowStimulus)] = [
            ("one key", stimulus(q, smallKeys(1))),
            ("all-equal scores", stimulus(q, Array(repeating: SUFARowStimulus.randomRow(&rng, maxDim: d), count: min(n, 12)))),
            ("dominant key first", stimulus(q, [dominant] + smallKeys(min(n, 10) - 1), c: SUFARowStimulus.constant(2e-3, format))),
            ("dominant key last", stimulus(q, smallKeys(min(n, 10) - 1) + [dominant], c: SUFARowStimulus.constant(2e-3, format))),
            ("every key a miss", stimulus(q, ascending)),
            ("descending scores", stimulus(q, descending)),
            ("|q| = |k| = 128, v = -128, N_max keys",
             stimulus(extreme, Array(repeating: extreme, count: n), Array(repeating: extreme, count: n))),
            ("|q| = |k| = 128, v = 127, N_max keys",
             stimulus(extreme, Array(repeating: extreme, count: n), Array(repeating: [Int](repeating: 127, count: d), count: n))),
            ("largest c: keys underflow", stimulus(q, smallKeys(min(n, 8)),
                                                   c: SoftmaxConstant(mantissa: (1 << format.constantMantissaBits) - 1,
                                                                      shift: format.minimumConstantShift))),
            ("smallest c: equal weights", stimulus(q, smallKeys(min(n, 8)),
                                                   c: SoftmaxConstant(mantissa: 1 << (format.constantMantissaBits - 1),
                                                                      shift: format.maximumConstantShift))),
        ]
        // Misses from the largest possible score gap: a very negative key, then the dominant one.
        cases.append(("miss across the whole score range",
                      stimulus(q, [q.map { $0 >= 0 ? -128 : 127 }, dominant] + smallKeys(min(n, 4) - 2))))
        // docs/SU-FA.md's worked example (d_use = 2, c = 2^-10): q = (-128, 0) makes s_j = -128 k_j[0].
        let worked = [(0, 1), (12, 2), (92, 5), (-24, 3)].prefix(n)
        cases.append(("the worked example of docs/SU-FA.md",
                      SUFARowStimulus(query: [-128, 0], keys: worked.map { [$0.0, 0] }, values: worked.map { [$0.1, -$0.1] },
                                      constant: SoftmaxConstant(mantissa: 1 << 15, shift: 25), headDim: 2, headDimInput: 2)))
        cases.append(("rounding ties on misses by whole octaves", tieRow(row, &rng)))
        return cases
    }

    /// Accumulators a row's misses rescale from exactly half a unit (o * r ending in binary .1000...).
    static func halves(_ s: SUFARowStimulus, _ format: SUFAFormat) -> Int {
        guard var model = try? SUFARowModel(format: format, constant: s.constant, headDim: s.headDim) else { return 0 }
        var count = 0
        for (score, value) in zip(s.scores, s.values) {
            let before = model.accumulators
            guard let r = model.push(score: score, value: Array(value.prefix(s.headDim))).factor else { continue }
            count += before.filter { ($0 * r) & ((1 << format.rescaleFraction) - 1) == 1 << (format.rescaleFraction - 1) }.count
        }
        return count
    }

    /// A row whose misses land on rounding ties, so halves up and halves down give different o: q = e_0 makes s_j =
    /// k_j[0], c = 2^-e makes a miss by a multiple of 2^e a whole number of octaves (r = 2^-x exactly), hits in between
    /// make o odd. The best of 300 seeded candidates by `halves`.
    static func tieRow(_ row: SUFARow, _ rng: inout SeededGenerator) -> SUFARowStimulus {
        let d = row.headDim, n = min(row.maxKeys, 16), b = row.format.constantMantissaBits
        let format = row.format.model
        var best: (count: Int, row: SUFARowStimulus)?
        for _ in 0..<300 {
            let e = 3 + Int(rng.next() % 5)
            var m = -128 + Int(rng.next() % 128)
            var scores = [m]
            while scores.count < n {
                let octaves = 1 + Int(rng.next() % 3)
                if rng.next() % 3 == 0, m + octaves << e <= 127 {
                    m += octaves << e
                    scores.append(m)
                } else {
                    scores.append(-128 + Int(rng.next() % UInt64(m + 129)))
                }
            }
            let zeros = [Int](repeating: 0, count: d - 1)
            let candidate = SUFARowStimulus(query: [1] + zeros, keys: scores.map { [$0] + zeros },
                                            values: (0..<n).map { _ in SUFARowStimulus.randomRow(&rng, maxDim: d) },
                                            constant: SoftmaxConstant(mantissa: 1 << (b - 1), shift: b - 1 + e), headDim: d, headDimInput: d)
            let count = halves(candidate, format)
            if count > best?.count ?? -1 { best = (count, candidate) }
        }
        return best!.row
    }

    @Test(arguments: SimulatorBackend.allCases, [Configuration.small, .otherFormat, .observable])
    func directedRowsMatchTheModel(_ backend: SimulatorBackend, _ configuration: Configuration) async throws {
        let seed = SeededGenerator.seed(default: 110)
        var rng = SeededGenerator(seed: seed)
        let cases = Self.directedRows(configuration.row, &rng)
        let run = SUFARowRun(bench: configuration.bench, rows: cases.map(\.1))
        try await run.run(on: backend, name: "sufa-directed-\(configuration)-\(backend)", seed: seed)
    }

    /// The default row (d = 32, N_max = 256) and the largest head dimension: the same directed rows, Verilator.
    @Test(arguments: [Configuration.standard, .largest])
    func directedRowsAtFullSize(_ configuration: Configuration) async throws {
        let seed = SeededGenerator.seed(default: 111)
        var rng = SeededGenerator(seed: seed)
        let run = SUFARowRun(bench: configuration.bench, rows: Self.directedRows(configuration.row, &rng).map(\.1))
        try await run.run(on: .verilator, name: "sufa-directed-\(configuration)", seed: seed)
    }

    // MARK: Seeded random rows

    static func randomRows(_ row: SUFARow, count: Int, _ rng: inout SeededGenerator, fullDim: Bool = false) -> [SUFARowStimulus] {
        let format = row.format.model
        return (0..<count).map { _ in
            let n = rng.next() % 4 == 0 ? row.maxKeys : 1 + Int(rng.next() % UInt64(row.maxKeys))
            let dim = fullDim || rng.next() % 3 == 0 ? row.headDim : 1 + Int(rng.next() % UInt64(row.headDim))
            var s = SUFARowStimulus.random(&rng, keys: n, headDim: dim, maxDim: row.headDim,
                                           constant: SUFARowStimulus.randomConstant(&rng, format))
            if dim == row.headDim, rng.next() % 4 == 0 {
                // Anything above d reads as d.
                s.headDimInput = (1 << SUFARowBench.bits(row.headDim)) - 1
            }
            return s
        }
    }

    @Test(arguments: [(SimulatorBackend.verilator, Configuration.small, 60), (.icarus, .small, 12),
                      (.verilator, .standard, 24), (.verilator, .singleBeat, 40), (.icarus, .singleBeat, 6),
                      (.verilator, .otherFormat, 40), (.verilator, .largest, 6),
                      (.verilator, .observable, 90), (.icarus, .observable, 12)])
    func randomRowsUnderRandomTraffic(_ backend: SimulatorBackend, _ configuration: Configuration, _ count: Int) async throws {
        let seed = SeededGenerator.seed(default: 1200 + UInt64(configuration.row.headDim))
        var rng = SeededGenerator(seed: seed)
        // Several runs, each with its own traffic (one of them smooth), rows back to back.
        for episode in 0..<3 {
            let rows = Self.randomRows(configuration.row, count: max(1, count / 3), &rng)
            let traffic = episode == 0 ? SUFARowTraffic.smooth : SUFARowTraffic.random(&rng)
            let run = SUFARowRun(bench: configuration.bench, rows: rows, traffic: traffic)
            try await run.run(on: backend, name: "sufa-random-\(configuration)-\(backend)", seed: seed &+ UInt64(episode))
        }
    }

    @Test(arguments: [(SimulatorBackend.verilator, Configuration.small), (.icarus, .small), (.verilator, .standard),
                      (.verilator, .singleBeat)])
    func resetsInTheMiddleOfRows(_ backend: SimulatorBackend, _ configuration: Configuration) async throws {
        let seed = SeededGenerator.seed(default: 1300)
        var rng = SeededGenerator(seed: seed)
        let rows = Self.randomRows(configuration.row, count: backend == .icarus ? 6 : 12, &rng)
        let run = SUFARowRun(bench: configuration.bench, rows: rows, traffic: SUFARowTraffic.random(&rng), resets: 3)
        try await run.run(on: backend, name: "sufa-reset-\(configuration)-\(backend)", seed: seed)
    }

    // MARK: Timing

    /// With the inputs always valid and the output always ready, the lanes do a beat in every cycle from the first
    /// key beat on while key beats are offered: every key costs exactly 2 d / L cycles (the score passes run ahead, so
    /// no value pass waits for its weight), and the division of each row hides behind the next row's keys. After the
    /// last key beat only one-beat passes (d = L) may lose a cycle, for a miss right after another value beat (the
    /// lane's second stage is still writing the elements it multiplies). The last row's first output comes
    /// `rowLatency` cycles after its last value beat.
    @Test(arguments: [Configuration.standard, .singleBeat, .small])
    func lanesAreBusyEveryCycle(_ configuration: Configuration) async throws {
        let row = configuration.row
        var rng = SeededGenerator(seed: 1400)
        let n = max(row.keysToHideDivision, 3) + 2, rowCount = 5
        let rows = (0..<rowCount).map { _ in
            SUFARowStimulus.random(&rng, keys: n, headDim: row.headDim, maxDim: row.headDim,
                                   constant: SUFARowStimulus.randomConstant(&rng, row.format.model))
        }
        let result = try await SUFARowRun(bench: configuration.bench, rows: rows)
            .run(on: .verilator, name: "sufa-timing-\(configuration)", seed: 1400)
        let first = try #require(result.firstKeyBeat), last = try #require(result.lastValueBeat)
        let lastKey = try #require(result.lastKeyBeat)
        let laneCycles = rowCount * n * row.cyclesPerKey
        #expect(result.laneBusy == laneCycles * row.lanes)
        #expect(last - first + 1 == laneCycles + result.idleCycles.count)
        let steady = result.idleCycles.filter { $0 < lastKey }
        #expect(steady.isEmpty, "idle lanes while keys were offered, at \(steady.map { $0 - first })")
        #expect(row.beatsPerPass == 1 || result.idleCycles.isEmpty, "idle lanes at \(result.idleCycles.map { $0 - first })")
        #expect(result.idleCycles.count < row.lookahead)
        #expect(result.lastRowLatency == row.rowLatency)
    }

    /// A row of one key has nothing to overlap its weight's latency with: its value pass starts weightLatency cycles
    /// after its score pass ends.
    @Test func aLoneKeyWaitsForItsWeight() async throws {
        let configuration = Configuration.small
        let row = configuration.row
        var rng = SeededGenerator(seed: 1401)
        let rows = [SUFARowStimulus.random(&rng, keys: 1, headDim: row.headDim, maxDim: row.headDim,
                                           constant: SUFARowStimulus.randomConstant(&rng, row.format.model))]
        let result = try await SUFARowRun(bench: configuration.bench, rows: rows)
            .run(on: .verilator, name: "sufa-timing-one-key", seed: 1401)
        let first = try #require(result.firstKeyBeat), last = try #require(result.lastValueBeat)
        #expect(last - first + 1 == row.cyclesPerKey + SUFARow.weightLatency - 1)
    }

    /// The tie row really rescales accumulators that sit exactly on a rounding half (so halves up vs down shows).
    @Test(arguments: Configuration.allCases)
    func tieRowHitsExactHalves(_ configuration: Configuration) throws {
        var rng = SeededGenerator(seed: 1)
        let row = configuration.row
        let tie = Self.tieRow(row, &rng)
        #expect(Self.halves(tie, row.format.model) >= 2)
    }

    // MARK: Parameters and lint

    @Test func generatorDefaultsAreTheModelsFormat() {
        #expect(SUFARowFormat().model == SUFAFormat())
        let row = SUFARow()
        let core = AttentionCoreConfiguration()
        #expect(row.headDim == core.maxHeadDim && row.maxKeys == core.maxKeys)
        #expect(row.accumulatorWidth == core.accumulatorWidth && row.sumWidth == core.sumWidth)
        #expect(row.scoreWidth == core.scoreWidth && row.differenceWidth == core.differenceWidth)
        #expect(row.cyclesPerKey == 16 && row.rowLatency == 21 && row.divisionCycles == 16 * 17)
    }

    @Test func invalidParametersAreErrors() {
        let bad: [SUFARow] = [
            SUFARow(headDim: 0), SUFARow(headDim: 129), SUFARow(headDim: 32, lanes: 5), SUFARow(lanes: 0), SUFARow(maxKeys: 0),
            SUFARow(dividers: 0), SUFARow(dividers: 33), SUFARow(counterWidth: 7),
            SUFARow(format: SUFARowFormat(exp2ShiftBits: 7)), SUFARow(format: SUFARowFormat(constantMantissaBits: 15)),
            SUFARow(format: SUFARowFormat(constantShiftBits: 3)), SUFARow(format: SUFARowFormat(weightFraction: 0)),
            SUFARow(format: SUFARowFormat(outputFraction: 25)),
            // o would need 8 + 32 + 16 = 56 bits: more than the divider takes.
            SUFARow(maxKeys: 65536, format: SUFARowFormat(weightFraction: 32)),
        ]
        for row in bad {
            #expect(throws: ElaborationError.self, "\(row)") { try emitVerilog(row) }
        }
    }

    static let lintMatrix: [(String, SUFARow)] = [
        ("default", SUFARow()),
        ("d1", SUFARow(headDim: 1, lanes: 1, maxKeys: 1, dividers: 1)),
        ("d3-l3", SUFARow(headDim: 3, lanes: 3, maxKeys: 3, dividers: 3, counterWidth: 8)),
        ("d8-l2", SUFARow(headDim: 8, lanes: 2, maxKeys: 16, dividers: 1)),
        ("d64-l16", SUFARow(headDim: 64, lanes: 16, maxKeys: 1024, dividers: 8, counterWidth: 48)),
        ("d128-l4", SUFARow(headDim: 128, lanes: 4, maxKeys: 4096, dividers: 4)),
        ("p20-f14", SUFARow(headDim: 12, lanes: 3, maxKeys: 40, dividers: 3,
                            format: SUFARowFormat(exp2TableBits: 6, exp2MantissaBits: 20, exp2ShiftBits: 6, weightFraction: 14,
                                                  rescaleFraction: 18, outputFraction: 4))),
        ("fr-equals-f", SUFARow(format: SUFARowFormat(weightFraction: 12, rescaleFraction: 12, outputFraction: 0))),
        ("wide-format", SUFARow(headDim: 16, lanes: 4, maxKeys: 100, format: SUFARowFormat(exp2IntegerBits: 8, exp2FractionBits: 12,
                                exp2TableBits: 8, exp2MantissaBits: 14, exp2ShiftBits: 8, constantMantissaBits: 20, constantShiftBits: 7,
                                weightFraction: 20, rescaleFraction: 30, outputFraction: 12))),
    ]

    @Test(arguments: lintMatrix.map(\.0))
    func lintClean(_ name: String) async throws {
        let row = try #require(Self.lintMatrix.first { $0.0 == name }?.1)
        try await Lint.check(row, name: "sufa-row-\(name)")
        let first = try emitVerilog(row), second = try emitVerilog(row)
        #expect(first.files == second.files && first.manifest == second.manifest)
    }
}
