import SortingNetworks
import Testing

@Suite struct PublishedNetworksTests {
    /// The sizes and depths the source publishes (and SOFA-SPEC section 3 quotes): a typo in the data that
    /// dropped or added a comparator, or broke a layer, shows here.
    @Test func publishedSizeAndDepth() throws {
        let expected: [(NetworkFamily, Int, Int, Int)] = [
            (.smallest, 4, 5, 3), (.fastest, 4, 5, 3), (.smallest, 8, 19, 6), (.fastest, 8, 19, 6),
            (.smallest, 16, 60, 10), (.fastest, 16, 61, 9), (.smallest, 32, 185, 14), (.fastest, 32, 185, 14),
        ]
        for (family, n, size, depth) in expected {
            let network = try family.sorter(inputs: n)
            #expect(network.size == size && network.depth == depth, "\(network)")
            #expect(network.isStandard)
            // Rescheduling as early as possible keeps the published depth.
            #expect(network.rescheduled().depth == depth)
        }
    }

    /// The data is only accepted because these proofs pass: exhaustively up to 16 inputs, over the reachable
    /// 0-1 vectors for 32.
    @Test func everyPublishedNetworkSorts() throws {
        for family in [NetworkFamily.smallest, .fastest] {
            for n in family.availableInputs! {
                let network = try family.sorter(inputs: n)
                if n <= 16 { expectProven(try ZeroOneProof.exhaustive(network), network) }
                expectProven(try ZeroOneProof.reachable(network), network)
            }
        }
    }

    @Test func otherSizesAreAClearError() {
        #expect(throws: NetworkError("smallest: no published network for n = 12 (available: 4, 8, 16, 32); use bitonic or odd-even-merge")) {
            try NetworkFamily.smallest.sorter(inputs: 12)
        }
        #expect(throws: NetworkError.self) { try NetworkFamily.fastest.sorter(inputs: 64) }
    }
}
