import HDL
import Testing

@Suite struct BitWidthsTests {
    /// ceil(log2 n) from its definition: the smallest k with 2^k >= n.
    static func referenceLog2Ceil(_ n: Int) -> Int {
        var k = 0
        while k < Int.bitWidth - 1 && (1 << k) < n { k += 1 }
        return (1 << k) >= n ? k : Int.bitWidth - 1
    }

    @Test func log2CeilEdgeCases() {
        #expect(log2Ceil(0) == 0)
        #expect(log2Ceil(-5) == 0)
        #expect(log2Ceil(Int.min) == 0)
        #expect(log2Ceil(1) == 0)
        #expect(log2Ceil(2) == 1)
        #expect(log2Ceil(3) == 2)
        #expect(log2Ceil(4) == 2)
        #expect(log2Ceil(5) == 3)
        #expect(log2Ceil(Int.max) == 63)
        #expect(log2Ceil(1 << 62) == 62)
        #expect(log2Ceil((1 << 62) + 1) == 63)
    }

    @Test func log2CeilAroundEveryPowerOfTwo() {
        for k in 1..<63 {
            let p = 1 << k
            #expect(log2Ceil(p - 1) == Self.referenceLog2Ceil(p - 1), "2^\(k) - 1")
            #expect(log2Ceil(p) == k, "2^\(k)")
            #expect(log2Ceil(p + 1) == k + 1, "2^\(k) + 1")
        }
        for n in 0...1000 { #expect(log2Ceil(n) == Self.referenceLog2Ceil(n), "n = \(n)") }
    }

    @Test func bitsForEdgeCases() {
        #expect(bitsFor(-1) == 1)
        #expect(bitsFor(Int.min) == 1)
        #expect(bitsFor(0) == 1)
        #expect(bitsFor(1) == 1)
        #expect(bitsFor(2) == 2)
        #expect(bitsFor(3) == 2)
        #expect(bitsFor(4) == 3)
        #expect(bitsFor(255) == 8)
        #expect(bitsFor(256) == 9)
        #expect(bitsFor(Int.max) == 63)
    }

    @Test func bitsForHoldsTheValueAndNoFewerBitsWould() {
        for k in 1..<63 {
            for v in [(1 << k) - 1, 1 << k, (1 << k) + 1] {
                let w = bitsFor(v)
                #expect(v >> w == 0, "\(v) fits \(w) bits")
                #expect(w == 1 || v >> (w - 1) == 1, "\(v) needs all \(w) bits")
            }
        }
    }
}
