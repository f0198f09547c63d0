import HDL
import HDLSim
import SOFA
import SOFAModel
import Testing

/// The row's two arithmetic blocks on their own, against docs/SU-FA.md: the exp2 input code u (against the model's
/// `SoftmaxConstant.exponentInput`) and the aligner (against section 3's formula), exhaustively where that is cheap.
@Suite struct SUFARowArithmeticTests {
    static let formats: [(String, SUFARowFormat)] = [
        ("default", SUFARowFormat()),
        // P > F: a hit's p is always a rounded mantissa; F_r - P = 8.
        ("p20", SUFARowFormat(exp2TableBits: 6, exp2MantissaBits: 20, exp2ShiftBits: 6, weightFraction: 14, rescaleFraction: 18,
                              outputFraction: 4)),
        // Coarse weights: most results round.
        ("coarse", SUFARowFormat(weightFraction: 8, rescaleFraction: 10, outputFraction: 16)),
    ]

    /// round(M * 2^(G - P - n)), halves up (docs/SU-FA.md section 3), written out.
    static func align(_ mantissa: Int, _ n: Int, p: Int, g: Int) -> Int {
        if p + n <= g { return mantissa << (g - p - n) }
        let t = p + n - g
        return t > 62 ? 0 : (mantissa + (1 << (t - 1))) >> t
    }

    /// Every mantissa 0 ... 2^P and every exponent, for p and r, when that is at most 2^17 cases; a seeded random
    /// 30,000 (with the ends) otherwise. The weight times 2^shift must be the aligned value, the weight at most
    /// 2^min(P, G) (what the lanes' multiplier is sized for).
    @Test(arguments: SimulatorBackend.allCases, formats.map(\.0))
    func alignerMatchesTheSpec(_ backend: SimulatorBackend, _ name: String) async throws {
        let format = try #require(Self.formats.first { $0.0 == name }?.1)
        let p = format.exp2MantissaBits, exponents = 1 << format.exp2ShiftBits
        var cases: [(m: Int, n: Int, rescale: Int)] = []
        if (1 << p + 1) * exponents * 2 <= 1 << 17 {
            for m in 0...(1 << p) { for n in 0..<exponents { for r in 0...1 { cases.append((m, n, r)) } } }
        } else {
            var rng = SeededGenerator(seed: SeededGenerator.seed(default: 77))
            for n in 0..<exponents { for r in 0...1 { cases += [(0, n, r), (1 << p, n, r), (1 << (p - 1), n, r), ((1 << p) - 1, n, r)] } }
            for _ in 0..<30_000 { cases.append((Int(rng.next() % UInt64((1 << p) + 1)), Int(rng.next() % UInt64(exponents)), Int(rng.next() & 1))) }
        }
        if backend == .icarus { cases = cases.enumerated().filter { $0.offset % 5 == 0 }.map(\.element) }
        let rows = cases.map { [$0.m, $0.n, $0.rescale] }
        let expected: [[Int?]] = cases.map { c in
            let g = c.rescale == 1 ? format.rescaleFraction : format.weightFraction
            let value = Self.align(c.m, c.n, p: p, g: g)
            // The (weight, shift) pair the aligner must give: M unshifted when no rounding is needed, else shift 0.
            if p + c.n <= g { return [c.m, g - p - c.n] }
            return [value, 0]
        }
        try await Simulation.run(SUFAWeightAligner(format: format), on: backend, name: "sufa-aligner-\(name)-\(backend)") { sim in
            try await sim.stream(rows, expect: expected)
        }
        // The pairs above multiply back to the aligned value and fit the weight width.
        for (c, e) in zip(cases, expected) {
            let g = c.rescale == 1 ? format.rescaleFraction : format.weightFraction
            #expect(e[0]! << e[1]! == Self.align(c.m, c.n, p: p, g: g))
            #expect(e[0]! <= 1 << min(p, g) && e[0]! < 1 << format.weightMantissaWidth)
        }
    }

    /// u for random differences (and the ends: 0, the largest difference d * 32640, all ones), random normalized
    /// mantissas (and both ends), every accepted shift c_e; combinational and with its register (one cycle later).
    @Test(arguments: SimulatorBackend.allCases, formats.flatMap { f in [(f.0, false), (f.0, true)] })
    func exponentInputMatchesTheModel(_ backend: SimulatorBackend, _ variant: (name: String, pipelined: Bool)) async throws {
        let (name, pipelined) = variant
        let format = try #require(Self.formats.first { $0.0 == name }?.1)
        let model = format.model
        let d = 32
        let block = SUFAExponentInput(differenceWidth: SUFARowFormat.differenceWidth(headDim: d), format: format, pipelined: pipelined)
        var rng = SeededGenerator(seed: SeededGenerator.seed(default: 78))
        let b = format.constantMantissaBits
        let differences = [0, 1, d * 32640, (1 << block.differenceWidth) - 1]
        let mantissas = [1 << (b - 1), (1 << b) - 1]
        var rows: [[Int]] = []
        for shift in format.minimumConstantShift...format.maximumConstantShift {
            for diff in differences { for m in mantissas { rows.append([diff, m, shift]) } }
            for _ in 0..<(backend == .verilator ? 400 : 60) {
                let diff = Int(rng.bits(Int(rng.next() % UInt64(block.differenceWidth)) + 1))
                rows.append([diff, (1 << (b - 1)) + Int(rng.bits(b - 1)), shift])
            }
        }
        var expected: [[Int?]] = rows.map { r in
            [SoftmaxConstant(mantissa: r[1], shift: r[2]).exponentInput(difference: r[0], format: model)]
        }
        if pipelined {
            // A clocked block: rst first, and the code one cycle after its input.
            expected.insert([nil], at: 0)
            rows.append(rows[rows.count - 1])
            rows = rows.map { [0] + $0 }
        }
        try await Simulation.run(block, on: backend, name: "sufa-exponent-input-\(name)-\(pipelined)-\(backend)") { sim in
            try await sim.stream(rows, expect: expected)
        }
    }
}
