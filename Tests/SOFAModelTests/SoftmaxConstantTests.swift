import Foundation
import SOFAModel
import Testing

@Suite struct SoftmaxConstantTests {
    let format = SUFAFormat()

    /// 16 significant bits over MiniLM's c range (9e-5 ... 2e-3) and far beyond: |c' / c - 1| <= 2^-16.
    @Test func sixteenSignificantBitsEverywhere() throws {
        var rng = SystemRandomNumberGenerator()
        let range = SoftmaxConstant.acceptedRange(format)
        #expect(range.lowerBound < 1e-14 && range.upperBound > 31)
        for _ in 0..<20_000 {
            let c = exp2(Double.random(in: log2(range.lowerBound) + 0.01...log2(range.upperBound) - 0.01, using: &rng))
            let k = try SoftmaxConstant(c, format: format)
            #expect(k.mantissa >= 1 << 15 && k.mantissa < 1 << 16)
            #expect(abs(k.value / c - 1) <= 0x1p-16, "c = \(c): \(k)")
        }
        // MiniLM's extremes.
        for c in [9e-5, 2e-3] {
            let k = try SoftmaxConstant(c, format: format)
            #expect(abs(k.value / c - 1) <= 0x1p-16)
        }
    }

    @Test func powersOfTwoAreExactAndRoundingCarriesIntoTheShift() throws {
        let k = try SoftmaxConstant(0x1p-10, format: format)
        #expect(k.mantissa == 1 << 15 && k.shift == 25)
        // Just below 2^-10: the mantissa rounds up to 2^16 and renormalizes.
        let r = try SoftmaxConstant(0x1p-10 * (1 - 0x1p-20), format: format)
        #expect(r.mantissa == 1 << 15 && r.shift == 25)
    }

    @Test func outsideTheRangeIsAClearError() throws {
        let range = SoftmaxConstant.acceptedRange(format)
        // The ends: the lower one is the smallest value that rounds into range, the upper one the first that does not.
        #expect(try SoftmaxConstant(range.lowerBound, format: format).shift == 63)
        #expect(try SoftmaxConstant(range.upperBound.nextDown, format: format).shift == 11)
        for c in [range.lowerBound.nextDown, range.upperBound, 100, 0, -1e-3, .nan, .infinity] {
            let error = try #require(throws: AttentionModelError.self) { try SoftmaxConstant(c, format: format) }
            #expect(error.message.contains("softmax constant c = "), "\(error)")
        }
        #expect(throws: AttentionModelError.self) { try SoftmaxConstant(mantissa: 1 << 14, shift: 20).check(format) }
        #expect(throws: AttentionModelError.self) { try SoftmaxConstant(mantissa: 1 << 15, shift: 10).check(format) }
    }

    @Test func fromScales() throws {
        let k = try SoftmaxConstant(queryScale: 0.05, keyScale: 0.04, headDim: 64, format: format)
        let exact = 0.05 * 0.04 * 1.4426950408889634 / 8
        #expect(abs(SoftmaxConstant.exactValue(queryScale: 0.05, keyScale: 0.04, headDim: 64) / exact - 1) < 1e-15)
        #expect(abs(k.value / exact - 1) <= 0x1p-16)
    }

    /// u = round(diff * c_m / 2^(shift - F_u)), halves up, saturated to 2^16 - 1.
    @Test func exponentInputRoundsAndSaturates() throws {
        let c = try SoftmaxConstant(0x1p-10, format: format)   // x = diff / 1024: u = diff exactly
        #expect(c.exponentInput(difference: 0, format: format) == 0)
        #expect(c.exponentInput(difference: 1024, format: format) == 1024)
        #expect(c.exponentInput(difference: 65535, format: format) == 65535)
        #expect(c.exponentInput(difference: 65536, format: format) == 65535)
        #expect(c.exponentInput(difference: 1 << 22, format: format) == 65535)
        let half = try SoftmaxConstant(0x1p-11, format: format)   // u = diff / 2
        #expect(half.exponentInput(difference: 3, format: format) == 2)   // 1.5 -> 2
        #expect(half.exponentInput(difference: 5, format: format) == 3)   // 2.5 -> 3 (halves up)
        #expect(half.exponentInput(difference: 4, format: format) == 2)
        // The smallest c: every difference a 22-bit score difference can reach rounds to 0.
        let tiny = SoftmaxConstant(mantissa: 1 << 15, shift: 63)
        #expect(tiny.exponentInput(difference: (1 << 22) - 1, format: format) == 0)
        // The largest c: one score unit saturates.
        let huge = SoftmaxConstant(mantissa: (1 << 16) - 1, shift: 11)
        #expect(huge.exponentInput(difference: 1, format: format) == 32768)   // 65535 / 2 = 32767.5, halves up
        #expect(huge.exponentInput(difference: 2, format: format) == 65535)
    }
}
