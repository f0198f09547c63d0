import SortingNetworks
import Testing

@Suite struct BitonicSorterTests {
    /// SOFA-SPEC section 3: k(k+1) 2^(k-2) comparators and depth k(k+1)/2 for n = 2^k.
    @Test(arguments: 1...10)
    func countsMatchTheSpecFormula(log2n m: Int) throws {
        let network = try NetworkFamily.bitonic.sorter(inputs: 1 << m)
        #expect(network.size == (m * (m + 1) << m) / 4)
        #expect(network.depth == m * (m + 1) / 2)
        #expect(network.isStandard)
        // Every layer is full: n/2 disjoint comparators.
        #expect(network.layers.allSatisfy { $0.count == 1 << (m - 1) })
    }

    /// Every n from 2 to 16, powers of two or not: all 2^n binary inputs come out sorted.
    @Test func sortsEveryBinaryInputUpTo16() throws {
        for n in 2...16 {
            let network = try NetworkFamily.bitonic.sorter(inputs: n)
            expectProven(try ZeroOneProof.exhaustive(network), network)
        }
    }

    /// Truncating from the next power of two never adds depth and only removes comparators.
    @Test func arbitrarySizesAreNoLargerThanTheNextPowerOfTwo() throws {
        for n in [3, 5, 6, 7, 9, 12, 15, 17, 31, 33, 100, 255] {
            let network = try NetworkFamily.bitonic.sorter(inputs: n)
            let padded = try NetworkFamily.bitonic.sorter(inputs: 1 << (Int.bitWidth - (n - 1).leadingZeroBitCount))
            #expect(network.size < padded.size && network.depth <= padded.depth, "n = \(n)")
        }
    }
}
