import SortingNetworks
import Testing

@Suite struct ComparatorNetworkTests {
    @Test func invalidDataIsAClearError() {
        #expect(throws: NetworkError("t: comparator (0, 4) in layer 0 is outside positions 0...3")) {
            try ComparatorNetwork(name: "t", inputs: 4, pairs: [[(0, 4)]])
        }
        #expect(throws: NetworkError("t: comparator (2, 2) in layer 1 compares a position with itself")) {
            try ComparatorNetwork(name: "t", inputs: 4, pairs: [[(0, 1)], [(2, 2)]])
        }
        #expect(throws: NetworkError("t: layer 0 uses a position twice at comparator (1, 2)")) {
            try ComparatorNetwork(name: "t", inputs: 4, pairs: [[(0, 1), (1, 2)]])
        }
        #expect(throws: NetworkError("t: layer 1 is empty")) {
            try ComparatorNetwork(name: "t", inputs: 4, pairs: [[(0, 1)], []])
        }
        #expect(throws: NetworkError("t: outputs must be 1...4, got 5")) {
            try ComparatorNetwork(name: "t", inputs: 4, outputs: 5, pairs: [[(0, 1)]])
        }
        #expect(throws: NetworkError.self) { try ComparatorNetwork(name: "t", inputs: 0, layers: []) }
    }

    @Test func sizeDepthAndPlainPairs() throws {
        let network = try ComparatorNetwork(name: "t", inputs: 4, pairs: [[(0, 2), (1, 3)], [(0, 1), (2, 3)], [(1, 2)]])
        #expect(network.size == 5 && network.depth == 3 && network.outputs == 4)
        #expect(network.pairs.map { $0.map { [$0.0, $0.1] } } == [[[0, 2], [1, 3]], [[0, 1], [2, 3]], [[1, 2]]])
        #expect(network.isStandard)
        #expect(!(try ComparatorNetwork(name: "u", inputs: 2, pairs: [[(1, 0)]])).isStandard)
        #expect(network.description == "t (5 comparators, depth 3)")
    }

    /// A network that sorts ascending (the preferred element to the higher position) is a valid network; the
    /// proof rejects it as a descending sorter.
    @Test func directionMatters() throws {
        let ascending = try ComparatorNetwork(name: "up", inputs: 4, pairs: [[(2, 0), (3, 1)], [(1, 0), (3, 2)], [(2, 1)]])
        #expect(try ZeroOneProof.exhaustive(ascending) != .proven)
    }
}
