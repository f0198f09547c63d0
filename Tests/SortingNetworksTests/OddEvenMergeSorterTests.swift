import SortingNetworks
import Testing

@Suite struct OddEvenMergeSorterTests {
    /// SOFA-SPEC section 3: (k^2 - k + 4) 2^(k-2) - 1 comparators and depth k(k+1)/2 for n = 2^k.
    @Test(arguments: 1...10)
    func countsMatchTheSpecFormula(log2n m: Int) throws {
        let network = try NetworkFamily.oddEvenMerge.sorter(inputs: 1 << m)
        #expect(network.size == ((m * m - m + 4) << m) / 4 - 1)
        #expect(network.depth == m * (m + 1) / 2)
        #expect(network.isStandard)
    }

    /// The formula as the spec quotes it at n = 64 and 256 (guards the transcription above).
    @Test func specExamples() throws {
        let n64 = try NetworkFamily.oddEvenMerge.sorter(inputs: 64)
        #expect(n64.size == 543 && n64.depth == 21)
        #expect(try NetworkFamily.oddEvenMerge.sorter(inputs: 256).size == 3839)
    }

    @Test func sortsEveryBinaryInputUpTo16() throws {
        for n in 2...16 {
            let network = try NetworkFamily.oddEvenMerge.sorter(inputs: n)
            expectProven(try ZeroOneProof.exhaustive(network), network)
        }
    }

    /// Fewer comparators than bitonic at every power of two from 8 on, same depth.
    @Test func smallerThanBitonic() throws {
        for m in 3...8 {
            let oem = try NetworkFamily.oddEvenMerge.sorter(inputs: 1 << m), bitonic = try NetworkFamily.bitonic.sorter(inputs: 1 << m)
            #expect(oem.size < bitonic.size && oem.depth == bitonic.depth)
        }
    }
}
