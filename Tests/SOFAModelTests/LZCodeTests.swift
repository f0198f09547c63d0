import SOFAModel
import Testing

@Suite struct LZCodeTests {
    @Test func floorIsThePositionOfTheLeadingOne() {
        #expect(LZCode(1).exponent == 0)
        #expect(LZCode(2).exponent == 1 && LZCode(3).exponent == 1)
        #expect(LZCode(64).exponent == 6 && LZCode(127).exponent == 6)
        #expect(LZCode(-128).exponent == 7 && LZCode(-128).negative)
        #expect(LZCode(0).zero && LZCode(0).term(99) == 0)
    }

    @Test func nearestRoundsUpWhenTheNextBitIsSet() {
        #expect(LZCode(1, rounding: .nearest).exponent == 0)
        #expect(LZCode(3, rounding: .nearest).exponent == 2)   // 0b11 -> 4
        #expect(LZCode(5, rounding: .nearest).exponent == 2)   // 0b101 -> 4
        #expect(LZCode(6, rounding: .nearest).exponent == 3)   // 0b110 -> 8
        #expect(LZCode(-96, rounding: .nearest).exponent == 7)
    }

    /// For every int8 q, the code's power of two is the floor (or nearest) power of two of |q|.
    @Test func everyInt8AgainstLogarithms() {
        for q in -128...127 where q != 0 {
            let m = Double(abs(q))
            let floorCode = LZCode(q)
            #expect(Double(1 << floorCode.exponent) <= m && m < Double(2 << floorCode.exponent))
            let nearest = LZCode(q, rounding: .nearest)
            let lower = Double(1 << floorCode.exponent)
            // Ties round up: |q| >= 1.5 * 2^e goes to 2^(e+1).
            #expect(nearest.exponent == floorCode.exponent + (m >= 1.5 * lower ? 1 : 0))
            #expect(floorCode.term(3) == (q < 0 ? -3 : 3) << floorCode.exponent)
        }
    }
}
