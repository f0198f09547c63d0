@testable import SOFAModel
import Testing

@Suite struct FixedPointTests {
    /// Halves go up (toward +infinity), on both signs: the add-then-arithmetic-shift the hardware does.
    @Test func roundShiftRightHalvesUp() {
        #expect(FixedPoint.roundShiftRight(3, by: 1) == 2 && FixedPoint.roundShiftRight(5, by: 1) == 3)
        #expect(FixedPoint.roundShiftRight(-3, by: 1) == -1 && FixedPoint.roundShiftRight(-5, by: 1) == -2)
        #expect(FixedPoint.roundShiftRight(-6, by: 2) == -1 && FixedPoint.roundShiftRight(-7, by: 2) == -2)
        #expect(FixedPoint.roundShiftRight(7, by: 0) == 7 && FixedPoint.roundShiftRight(7, by: -3) == 56)
        #expect(FixedPoint.roundShiftRight(1 << 40, by: 70) == 0 && FixedPoint.roundShiftRight(-(1 << 40), by: 70) == 0)
        for x in -300...300 {
            for t in 1...9 {
                let exact = Double(x) / Double(1 << t)
                #expect(FixedPoint.roundShiftRight(x, by: t) == Int((exact + 0.5).rounded(.down)))
            }
        }
    }

    @Test func alignAndWidths() {
        #expect(FixedPoint.align(mantissa: 1024, shift: 0, mantissaBits: 10, toFraction: 16) == 1 << 16)
        #expect(FixedPoint.align(mantissa: 1023, shift: 20, mantissaBits: 10, toFraction: 16) == 0)   // 2^-20 * 0.999
        #expect(FixedPoint.align(mantissa: 1024, shift: 17, mantissaBits: 10, toFraction: 16) == 1)   // 2^-17: half, up
        #expect(FixedPoint.ceilLog2(1) == 0 && FixedPoint.ceilLog2(256) == 8 && FixedPoint.ceilLog2(257) == 9)
        #expect(FixedPoint.bitLength(256) == 9 && FixedPoint.bitLength(255) == 8 && FixedPoint.bitLength(0) == 0)
    }
}
