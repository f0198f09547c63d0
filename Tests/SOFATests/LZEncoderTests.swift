import HDL
import HDLSim
import SOFA
import SOFAModel
import Testing

@Suite struct LZEncoderTests {
    static func modelRounding(_ r: LZRounding) -> LZCode.Rounding { r == .floor ? .floor : .nearest }

    /// Every input code of 8 and 5 bits (exhaustive), and seeded random 16-bit codes with the extremes.
    @Test(arguments: SimulatorBackend.allCases, LZRounding.allCases)
    func matchesModel(_ backend: SimulatorBackend, rounding: LZRounding) async throws {
        for width in [5, 8, 16] {
            let seed = SeededGenerator.seed(default: UInt64(width) * 31 + (rounding == .floor ? 0 : 1))
            var rng = SeededGenerator(seed: seed)
            let low = -(1 << (width - 1)), high = (1 << (width - 1)) - 1
            var qs = width <= 8 ? Array(low...high) : [low, low + 1, -1, 0, 1, high] + (0..<3000).map { _ in rng.signedBits(width) }
            if width > 8 { qs += (0..<width).flatMap { [1 << $0 & high, -(1 << $0)] } }
            try await Simulation.run(LZEncoder(width: width, rounding: rounding), on: backend,
                                     name: "lz-\(width)-\(rounding)-\(backend)", seed: seed) { sim, io in
                var s = sim.stimulus()
                for q in qs {
                    let c = LZCode(q, rounding: Self.modelRounding(rounding))
                    s[io.q] = q
                    s.expect(io.sign, c.negative); s.expect(io.zero, c.zero); s.expect(io.exponent, c.exponent)
                    s.step()
                }
                #expect(s.coverageGaps().isEmpty, "\(s.coverageGaps())")
                try await sim.stream(s)
            }
        }
    }

    @Test func exponentWidthCoversTheMostNegativeValue() throws {
        #expect(LZEncoder(width: 8).exponentWidth == 3)
        #expect(LZEncoder(width: 9).exponentWidth == 4)
        #expect(LZCode(-128).exponent == 7 && LZCode(-128, rounding: .nearest).exponent == 7)
        #expect(LZCode(127, rounding: .nearest).exponent == 7)
    }

    @Test(arguments: [2, 3, 8, 13, 32], LZRounding.allCases)
    func lintClean(width: Int, rounding: LZRounding) async throws {
        try await Lint.check(LZEncoder(width: width, rounding: rounding), name: "lz-\(width)-\(rounding)")
    }
}
