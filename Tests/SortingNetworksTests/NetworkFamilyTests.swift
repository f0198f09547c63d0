import HDLSim
import SOFAModel
import SortingNetworks
import Testing

@Suite struct NetworkFamilyTests {
    /// Random keys with many ties and index payloads, through the model, against the plain sort-and-take
    /// reference: every family, sizes up to 256 (powers of two and not), several k.
    @Test(arguments: NetworkFamily.allCases)
    func randomInputsWithTiesSelectTheReferenceTopK(_ family: NetworkFamily) throws {
        let seed = SeededGenerator.seed(default: 0x5AD5 + UInt64(NetworkFamily.allCases.firstIndex(of: family)!))
        var rng = SeededGenerator(seed: seed)
        let sizes = family.availableInputs ?? [2, 3, 5, 8, 12, 16, 31, 32, 33, 64, 100, 128, 200, 256]
        for n in sizes {
            for k in Set([1, 2, max(1, n / 4), n]) where k <= n {
                let network = try family.selector(inputs: n, top: k)
                let model = try ComparatorNetworkModel(inputs: n, layers: network.pairs)
                for trial in 0..<(n <= 64 ? 60 : 12) {
                    // Trial kinds: few distinct keys (ties everywhere), full 16-bit range, all equal; indices a
                    // random permutation, or random with repeats (equal (key, index) pairs are interchangeable).
                    let keyRange = [3, 1 << 16, 1][trial % 3]
                    let indices: [Int] = trial % 2 == 0 ? (0..<n).shuffled(using: &rng) : (0..<n).map { _ in Int(rng.next() % UInt64(n)) }
                    let entries = (0..<n).map { RankedKey(key: Int(rng.next() % UInt64(keyRange)) - keyRange / 2, index: indices[$0]) }
                    let out = try model.run(entries)
                    let reference = RankedKey.top(k, of: entries)
                    #expect(Array(out.prefix(k)) == reference, "\(network), seed \(seed), trial \(trial)")
                    // The rest of the positions still hold the other entries (nothing lost or duplicated).
                    #expect(out.sorted(by: RankedKey.precedes) == entries.sorted(by: RankedKey.precedes))
                }
            }
        }
    }

    @Test func invalidCombinationsAreClearErrors() {
        #expect(throws: NetworkError("bitonic: n must be 2...4096, got 1")) { try NetworkFamily.bitonic.sorter(inputs: 1) }
        #expect(throws: NetworkError("odd-even-merge: n must be 2...4096, got 5000")) { try NetworkFamily.oddEvenMerge.sorter(inputs: 5000) }
        #expect(throws: NetworkError("odd-even-merge n=16: k must be 1...16, got 17")) {
            try NetworkFamily.oddEvenMerge.selector(inputs: 16, top: 17)
        }
        #expect(throws: NetworkError("bitonic n=8: k must be 1...8, got 0")) { try NetworkFamily.bitonic.selector(inputs: 8, top: 0) }
        #expect(throws: NetworkError("fastest: no published network for n = 7 (available: 4, 8, 16, 32); use bitonic or odd-even-merge")) {
            try NetworkFamily.fastest.selector(inputs: 7, top: 2)
        }
    }

    @Test func namesSayWhereANetworkCameFrom() throws {
        #expect(try NetworkFamily.oddEvenMerge.selector(inputs: 16, top: 4).name == "odd-even-merge n=16 top 4")
        #expect(try NetworkFamily.smallest.selector(inputs: 16, top: 16).name == "smallest n=16")
        #expect(NetworkFamily(rawValue: "odd-even-merge") == .oddEvenMerge)
    }
}
