import SOFAModel
import Testing

@Suite struct ComparatorNetworkModelTests {
    /// Knuth's 5-comparator 4-sorter written as plain data (the model never sees the SortingNetworks library).
    static let fourSorter = [[(0, 2), (1, 3)], [(0, 1), (2, 3)], [(1, 2)]]

    /// Every assignment of keys 0...2 and every permutation of indices to 4 positions (ties everywhere):
    /// the model's output is the reference ranking.
    @Test func sortsLikeTheReference() throws {
        let model = try ComparatorNetworkModel(inputs: 4, layers: Self.fourSorter)
        let permutations = Self.permutations([0, 1, 2, 3])
        for code in 0..<81 {
            let keys = (0..<4).map { p in (code / [1, 3, 9, 27][p]) % 3 }
            for indices in permutations {
                let entries = (0..<4).map { RankedKey(key: keys[$0], index: indices[$0]) }
                #expect(try model.run(entries) == RankedKey.top(4, of: entries))
            }
        }
    }

    /// A comparator exchanges exactly when the element on its low side ranks first, in either orientation.
    @Test func oneComparatorInBothOrientations() throws {
        let a = RankedKey(key: 1, index: 5), b = RankedKey(key: 1, index: 2)
        #expect(try ComparatorNetworkModel(inputs: 2, layers: [[(0, 1)]]).run([a, b]) == [b, a])
        #expect(try ComparatorNetworkModel(inputs: 2, layers: [[(1, 0)]]).run([a, b]) == [a, b])
        #expect(try ComparatorNetworkModel(inputs: 2, layers: [[(0, 1)]]).run([b, a]) == [b, a])
    }

    /// A network that is not a sorter is modelled as it is, not as a sort: one comparator of 3 leaves the
    /// third position alone.
    @Test func modelsTheNetworkNotTheIntent() throws {
        let entries = [RankedKey(key: 1, index: 0), RankedKey(key: 2, index: 1), RankedKey(key: 3, index: 2)]
        let out = try ComparatorNetworkModel(inputs: 3, layers: [[(0, 1)]]).run(entries)
        #expect(out.map(\.key) == [2, 1, 3])
    }

    @Test func invalidDataThrows() {
        #expect(throws: ComparatorNetworkModel.InvalidNetwork.self) { try ComparatorNetworkModel(inputs: 4, layers: [[(0, 4)]]) }
        #expect(throws: ComparatorNetworkModel.InvalidNetwork.self) { try ComparatorNetworkModel(inputs: 4, layers: [[(1, 1)]]) }
        #expect(throws: ComparatorNetworkModel.InvalidNetwork.self) { try ComparatorNetworkModel(inputs: 4, layers: [[(0, 1), (1, 2)]]) }
        #expect(throws: ComparatorNetworkModel.InvalidNetwork.self) {
            try ComparatorNetworkModel(inputs: 4, layers: Self.fourSorter).run([RankedKey(key: 0, index: 0)])
        }
    }

    static func permutations(_ xs: [Int]) -> [[Int]] {
        guard xs.count > 1 else { return [xs] }
        return xs.indices.flatMap { i in
            permutations(Array(xs[..<i] + xs[(i + 1)...])).map { [xs[i]] + $0 }
        }
    }
}
