import Foundation
import SOFAModel
import Testing

@Suite struct Exp2ApproximationTests {
    /// The spec's bound: max relative error <= 2^-8 wherever the result does not underflow, over EVERY input
    /// code of the default format (I = 6, F = 10: 65536 codes), against Double exp2.
    @Test func everyDefaultInputCodeIsWithinTwoToTheMinusEight() {
        let unit = Exp2Approximation()
        var worst = 0.0, worstCode = 0, underflows = 0
        for u in 0..<unit.inputCount {
            let r = unit.evaluate(u)
            let x = -Double(u) / 1024
            if x <= -32 {
                #expect(r == .init(mantissa: 0, shift: 0, underflow: true), "u = \(u)")
                underflows += 1
                continue
            }
            #expect(!r.underflow && r.shift == Int((-x).rounded(.down)), "u = \(u)")
            #expect((512...1024).contains(r.mantissa), "u = \(u): mantissa \(r.mantissa)")
            let error = abs(Double(r.mantissa) / 1024 * exp2(-Double(r.shift)) / exp2(x) - 1)
            if error > worst { (worst, worstCode) = (error, u) }
        }
        #expect(underflows == 32 * 1024)
        #expect(worst <= exp2(-8.0), "max relative error \(worst) at u = \(worstCode)")
        print("exp2 default format: max relative error \(worst) (2^\(log2(worst))) at u = \(worstCode)")
    }

    @Test func tableEntriesRoundToNearest() {
        let unit = Exp2Approximation()
        #expect(unit.table.count == 17)
        #expect(unit.table.first == 1024 && unit.table.last == 512)
        #expect(unit.table[8] == 724)     // 1024 / sqrt(2) = 724.08
        #expect(unit.table[1] == 981)     // 1024 * 2^(-1/16) = 980.96
        #expect(unit.table[15] == 535)    // 1024 * 2^(-15/16) = 534.86
        #expect(zip(unit.table, unit.table.dropFirst()).allSatisfy { $0 >= $1 })
    }

    @Test func directedCodes() {
        let unit = Exp2Approximation()
        #expect(unit.evaluate(0) == .init(mantissa: 1024, shift: 0, underflow: false))           // 2^0
        #expect(unit.evaluate(1024) == .init(mantissa: 1024, shift: 1, underflow: false))        // 2^-1
        #expect(unit.evaluate(512) == .init(mantissa: 724, shift: 0, underflow: false))          // 2^-0.5, an entry
        #expect(unit.evaluate(31 * 1024 + 512) == .init(mantissa: 724, shift: 31, underflow: false))
        #expect(unit.evaluate(32 * 1024).underflow && unit.evaluate(65535).underflow)
        // Between entries 0 (1024) and 1 (981): u = 32 is half way, (1024 + 981) / 2 = 1002.5 rounds up.
        #expect(unit.evaluate(32).mantissa == 1003)
        // The last fraction code interpolates towards 1/2: (535 * 1 + 512 * 63) / 64 = 512.36 -> 512.
        #expect(unit.evaluate(1023).mantissa == 512)
    }

    /// The value never increases with u (interpolation and rounding keep the order).
    @Test func monotonic() {
        let unit = Exp2Approximation()
        var previous = Double.infinity
        for u in 0..<unit.inputCount {
            let v = unit.value(unit.evaluate(u))
            #expect(v <= previous, "u = \(u)")
            previous = v
        }
    }

    /// Table-only (T = F), a finer format and a coarse one; the first two also meet 2^-8.
    @Test func otherFormats() {
        let tableOnly = Exp2Approximation(integerBits: 4, fractionBits: 6, tableBits: 6, mantissaBits: 9, shiftBits: 4)
        #expect(tableOnly.evaluate(1) == .init(mantissa: tableOnly.table[1], shift: 0, underflow: false))
        let fine = Exp2Approximation(integerBits: 8, fractionBits: 12, tableBits: 5, mantissaBits: 14, shiftBits: 6)
        for unit in [tableOnly, fine] {
            let worst = (0..<unit.inputCount).map(unit.relativeError).max() ?? 1
            #expect(worst <= exp2(-8.0))
        }
        // One segment (T = 0) with P = 8: the chord of 2^-f over [0, 1) is ~4 % high in the middle.
        let coarse = Exp2Approximation(integerBits: 2, fractionBits: 4, tableBits: 0, mantissaBits: 8, shiftBits: 1)
        #expect(coarse.table == [256, 128])
        #expect(coarse.evaluate(8).mantissa == 192)                  // (256 + 128) / 2; exact 181.02
        #expect(coarse.evaluate(2 * 16).underflow && !coarse.evaluate(2 * 16 - 1).underflow)
    }
}
