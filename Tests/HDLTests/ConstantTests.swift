import HDL
import Testing

@Suite struct ConstantTests {
    @Test func minimalWidths() {
        #expect(Constant.minimalWidth(0, signed: false) == 1)
        #expect(Constant.minimalWidth(255, signed: false) == 8)
        #expect(Constant.minimalWidth(256, signed: false) == 9)
        #expect(Constant.minimalWidth(-1, signed: true) == 1)
        #expect(Constant.minimalWidth(-128, signed: true) == 8)
        #expect(Constant.minimalWidth(127, signed: true) == 8)
        #expect(Constant.minimalWidth(128, signed: true) == 9)
    }

    @Test func fitsMatchesTheRangeOfEachWidth() {
        for w in 1...12 {
            for v in -5000...5000 {
                let unsignedOK = v >= 0 && v < 1 << w
                let signedOK = v >= -(1 << (w - 1)) && v < 1 << (w - 1)
                #expect(Constant.fits(v, width: w, signed: false) == unsignedOK)
                #expect(Constant.fits(v, width: w, signed: true) == signedOK)
            }
        }
    }

    @Test func twosComplementRoundTrip() {
        for w in [1, 7, 8, 63, 64, 65, 130] {
            for v in [0, 1, -1, 5, -5, 100, -100] where Constant.fits(v, width: w, signed: true) {
                #expect(Constant(v, width: w).intValue(signed: true) == v)
            }
        }
    }

    @Test func wideLiteralsAreHex() {
        let c = Constant(-1, width: 70)
        #expect(c.verilog == "70'h3fffffffffffffffff")
        #expect(Constant(5, width: 8).verilog == "8'd5")
        #expect(Constant(-1, width: 8).verilog == "8'd255")
    }

    @Test func sliceAndExtend() {
        let c = Constant(0b1011_0110, width: 8)
        #expect(c.slice(lo: 2, width: 4) == Constant(0b1101, width: 4))
        #expect(c.extended(to: 12, signed: true) == Constant(0xFB6, width: 12))
        #expect(c.extended(to: 12, signed: false) == Constant(0x0B6, width: 12))
        let wide = Constant(words: [0, 1], width: 100)
        #expect(wide.bit(64) && !wide.bit(63))
        #expect(wide.slice(lo: 60, width: 8) == Constant(0x10, width: 8))
    }
}
