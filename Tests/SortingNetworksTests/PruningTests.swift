import SortingNetworks
import Testing

@Suite struct PruningTests {
    /// Every family, every n <= 16, every k: the pruned network puts the top k in order on positions 0..<k
    /// for all 2^n binary inputs.
    @Test func prunedNetworksSelectTheTopKUpTo16() throws {
        for sorter in sorters(upTo: 16) {
            for k in 1...sorter.inputs {
                let pruned = try sorter.pruned(toTop: k)
                #expect(pruned.outputs == k)
                expectProven(try ZeroOneProof.exhaustive(pruned), pruned)
            }
        }
    }

    /// Larger networks, through the reachable-set proof: every family at 32, and at 64 the ones whose
    /// reachable sets stay small. (Odd-even merge at 64 pruned to k >= 2 keeps many partial results alive
    /// across its last merge and exceeds the proof's limit; the randomized model tests cover it.)
    @Test func prunedNetworksSelectTheTopKAt32And64() throws {
        var networks: [ComparatorNetwork] = []
        for family in NetworkFamily.allCases {
            for k in [1, 2, 4, 8, 17, 31] { networks.append(try family.selector(inputs: 32, top: k)) }
        }
        for k in [1, 2, 16, 33] { networks.append(try NetworkFamily.bitonic.selector(inputs: 64, top: k)) }
        networks.append(try NetworkFamily.oddEvenMerge.selector(inputs: 64, top: 1))
        for network in networks { expectProven(try ZeroOneProof.reachable(network), network) }
    }

    /// Pruning keeps a subset of the comparators in their order on every position, never adds depth, and
    /// keeps only comparators that matter: pruning again removes nothing.
    @Test func prunedIsASubsequenceAndIdempotent() throws {
        for sorter in sorters(upTo: 16) + [try NetworkFamily.oddEvenMerge.sorter(inputs: 64)] {
            for k in Set([1, 2, max(1, sorter.inputs / 4), sorter.inputs - 1, sorter.inputs]) where k >= 1 {
                let pruned = try sorter.pruned(toTop: k)
                #expect(pruned.depth <= sorter.depth && pruned.size <= sorter.size)
                #expect(try pruned.pruned(toTop: k).size == pruned.size)
                for p in 0..<sorter.inputs {
                    let original = sorter.layers.flatMap { $0 }.filter { $0.high == p || $0.low == p }
                    let kept = pruned.layers.flatMap { $0 }.filter { $0.high == p || $0.low == p }
                    #expect(isSubsequence(kept, of: original), "\(pruned): position \(p)")
                }
            }
        }
    }

    /// k = n keeps every comparator (each one feeds some output).
    @Test func topNKeepsEverything() throws {
        for sorter in sorters(upTo: 16) {
            #expect(try sorter.pruned(toTop: sorter.inputs).size == sorter.size)
        }
    }

    /// The top 1 needs at least n - 1 comparators (every element but the winner must lose once).
    @Test func topOneNeedsAtLeastNMinusOneComparators() throws {
        for sorter in sorters(upTo: 32) {
            #expect(try sorter.pruned(toTop: 1).size >= sorter.inputs - 1)
        }
    }

    @Test func rescheduledKeepsTheFunctionAndNeverDeepens() throws {
        // A deliberately late layering: every comparator in its own layer.
        let sorter = try NetworkFamily.oddEvenMerge.sorter(inputs: 8)
        let serial = try ComparatorNetwork(name: "serial", inputs: 8, layers: sorter.layers.flatMap { $0.map { [$0] } })
        #expect(serial.depth == sorter.size)
        let rescheduled = serial.rescheduled()
        #expect(rescheduled.depth == sorter.depth && rescheduled.size == sorter.size)
        expectProven(try ZeroOneProof.exhaustive(rescheduled), rescheduled)
    }

    @Test func invalidKThrows() throws {
        let sorter = try NetworkFamily.bitonic.sorter(inputs: 8)
        #expect(throws: NetworkError("bitonic n=8: k must be 1...8, got 9")) { try sorter.pruned(toTop: 9) }
        #expect(throws: NetworkError.self) { try sorter.pruned(toTop: 0) }
        // Pruning is relative to the network's current outputs.
        #expect(throws: NetworkError.self) { try sorter.pruned(toTop: 4).pruned(toTop: 5) }
    }

    private func isSubsequence(_ a: [Comparator], of b: [Comparator]) -> Bool {
        var i = 0
        for c in b where i < a.count && a[i] == c { i += 1 }
        return i == a.count
    }
}
