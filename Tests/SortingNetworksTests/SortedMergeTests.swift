import HDLSim
import SOFAModel
import SortingNetworks
import Testing

@Suite struct SortedMergeTests {
    @Test(arguments: [1, 2, 3, 4, 5, 6, 8, 12, 16, 32, 64])
    func mergesEveryPairOfOrderedHalves(_ k: Int) throws {
        let merge = try ComparatorNetwork.mergeOfOrderedHalves(k)
        #expect(merge.inputs == 2 * k && merge.outputs == k)
        #expect(try ZeroOneProof.orderedHalves(merge) == .proven)
    }

    @Test func powerOfTwoSizesAreOneLayerPlusABitonicMerger() throws {
        for m in 0...6 {
            let k = 1 << m
            let merge = try ComparatorNetwork.mergeOfOrderedHalves(k)
            #expect(merge.size == k + (k / 2) * m && merge.depth == 1 + m, "k = \(k): \(merge)")
        }
    }

    /// It is a merge, not a sorter: unordered halves can come out wrong, and the proof says so.
    @Test func unorderedHalvesAreNotItsJob() throws {
        let merge = try ComparatorNetwork.mergeOfOrderedHalves(4)
        guard case .counterexample = try ZeroOneProof.exhaustive(merge) else {
            Issue.record("a merge network cannot sort arbitrary inputs")
            return
        }
    }

    /// With keys, ties and index payloads, through the model: the top k of the two lists, in rank order.
    @Test func randomOrderedListsThroughTheModel() throws {
        var rng = SeededGenerator(seed: 5)
        for k in [1, 3, 4, 7, 8] {
            let merge = try ComparatorNetwork.mergeOfOrderedHalves(k)
            let model = try ComparatorNetworkModel(inputs: 2 * k, layers: merge.pairs)
            for _ in 0..<200 {
                let entries = (0..<(2 * k)).map { RankedKey(key: Int(rng.next() % 5), index: $0) }
                let a = entries[0..<k].sorted(by: RankedKey.precedes), b = entries[k...].sorted(by: RankedKey.precedes)
                let result = try model.run(Array(a) + Array(b))
                #expect(Array(result.prefix(k)) == Array(entries.sorted(by: RankedKey.precedes).prefix(k)))
            }
        }
    }
}
