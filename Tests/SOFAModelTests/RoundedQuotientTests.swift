import SOFAModel
import Testing

@Suite struct RoundedQuotientTests {
    let int8 = RoundedQuotient()

    @Test func exactAndRounded() {
        #expect(int8(10 << 16, 2 << 16) == 5)
        #expect(int8(-10 << 16, 2 << 16) == -5)
        #expect(int8(7 << 16, 2 << 16) == 4)          // 3.5: ties away from zero
        #expect(int8(-7 << 16, 2 << 16) == -4)
        #expect(int8(5 << 16, 2 << 16) == 3)          // 2.5
        #expect(int8(-5 << 16, 2 << 16) == -3)
        #expect(int8(1, 3) == 0 && int8(2, 3) == 1 && int8(-2, 3) == -1)   // 1/3, 2/3
        #expect(int8(1, 2) == 1 && int8(-1, 2) == -1 && int8(1, 3) == 0)
    }

    @Test func saturatesAndDividesByZero() {
        #expect(int8(127 << 16, 1 << 16) == 127)
        #expect(int8(128 << 16, 1 << 16) == 127)
        #expect(int8(-128 << 16, 1 << 16) == -128)
        #expect(int8(-129 << 16, 1 << 16) == -128)
        #expect(int8((255 << 15), 1 << 16) == 127)   // 127.5 rounds to 128, clamped
        #expect(int8(-(257 << 15), 1 << 16) == -128)  // -128.5 -> -129, clamped
        #expect(int8(-(255 << 15), 1 << 16) == -128)  // -127.5 -> -128 exactly
        #expect(int8(5, 0) == 127 && int8(-5, 0) == -128 && int8(0, 0) == 0 && int8(0, 77) == 0)
        #expect(int8(Int(Int32.min), 1) == -128 && int8(Int(Int32.max), (1 << 24) - 1) == 127)
    }

    @Test func fractionAlignment() {
        // o with 4 fraction bits, l integer, 2 fraction bits out: 2^(0 + 2 - 4) = 1/4 scale.
        let q = RoundedQuotient(numeratorFraction: 4, denominatorFraction: 0, quotientWidth: 8, quotientFraction: 2)
        #expect(q(48, 3) == 4)           // 3.0 / 3 = 1.0 -> code 4
        #expect(q(10, 1) == 3)           // 0.625 -> 2.5 -> 3
        // o integer, l with 4 fraction bits: 16 x.
        let r = RoundedQuotient(numeratorFraction: 0, denominatorFraction: 4, quotientWidth: 8, quotientFraction: 0)
        #expect(r(1, 16) == 1 && r(3, 32) == 2 && r(100, 2) == 127)
    }

    /// Against Double over a grid: |q - o/l| <= 1/2 unless clamped, and exact halves go away from zero.
    @Test func agreesWithRealDivision() {
        let q = RoundedQuotient(numeratorFraction: 0, denominatorFraction: 3, quotientWidth: 8, quotientFraction: 0)
        for o in -128...127 {
            for l in 1...255 {
                let exact = Double(o) * 8 / Double(l)
                let away = exact < 0 ? -(-exact + 0.5).rounded(.down) : (exact + 0.5).rounded(.down)
                let clamped = Int(min(127, max(-128, away)))
                #expect(q(o, l) == clamped, "o = \(o), l = \(l)")
            }
        }
    }
}
