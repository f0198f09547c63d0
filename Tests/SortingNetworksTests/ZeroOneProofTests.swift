import SOFAModel
import SortingNetworks
import Testing

@Suite struct ZeroOneProofTests {
    /// The proofs can fail: dropping any one comparator of a small sorter breaks it, both methods find a
    /// counterexample, and the counterexample really is one (the model, an independent interpreter, gets a
    /// wrong top k on it).
    @Test func droppingAComparatorIsCaught() throws {
        for family in NetworkFamily.allCases {
            let sorter = try family.sorter(inputs: 8)
            for l in sorter.layers.indices {
                for c in sorter.layers[l].indices {
                    var layers = sorter.layers
                    layers[l].remove(at: c)
                    let broken = try ComparatorNetwork(name: "broken", inputs: 8, layers: layers.filter { !$0.isEmpty })
                    let verdicts = [try ZeroOneProof.exhaustive(broken), try ZeroOneProof.reachable(broken)]
                    for verdict in verdicts {
                        guard case .counterexample(let input) = verdict else {
                            Issue.record("\(family) without comparator \(sorter.layers[l][c]) still proven")
                            continue
                        }
                        let entries = input.enumerated().map { RankedKey(key: $1 ? 1 : 0, index: $0) }
                        let model = try ComparatorNetworkModel(inputs: 8, layers: broken.pairs)
                        #expect(try model.run(entries) != RankedKey.top(8, of: entries))
                    }
                }
            }
        }
    }

    /// A broken 32-input network is caught by the reachable-set proof too.
    @Test func brokenPublished32IsCaught() throws {
        let sorter = try NetworkFamily.smallest.sorter(inputs: 32)
        var layers = sorter.layers
        layers[layers.count - 1].removeLast()
        let broken = try ComparatorNetwork(name: "broken", inputs: 32, layers: layers)
        guard case .counterexample(let input) = try ZeroOneProof.reachable(broken) else {
            Issue.record("not caught")
            return
        }
        let entries = input.enumerated().map { RankedKey(key: $1 ? 1 : 0, index: $0) }
        #expect(try ComparatorNetworkModel(inputs: 32, layers: broken.pairs).run(entries) != RankedKey.top(32, of: entries))
    }

    /// The two methods agree on every network up to 16 inputs, pruned ones included.
    @Test func methodsAgreeUpTo16() throws {
        for sorter in sorters(upTo: 16) {
            for k in Set([1, 3, sorter.inputs]) where k <= sorter.inputs {
                let network = try sorter.pruned(toTop: k)
                #expect(try ZeroOneProof.exhaustive(network) == .proven)
                #expect(try ZeroOneProof.reachable(network) == .proven)
            }
        }
    }

    /// The big families: 32 and 64 inputs proven over reachable sets.
    @Test func familiesSortAt32And64() throws {
        for family in [NetworkFamily.bitonic, .oddEvenMerge] {
            for n in [24, 32, 48, 64] {
                let network = try family.sorter(inputs: n)
                expectProven(try ZeroOneProof.reachable(network), network)
            }
        }
    }

    @Test func limitsAreErrors() throws {
        #expect(throws: NetworkError.self) { try ZeroOneProof.exhaustive(try NetworkFamily.bitonic.sorter(inputs: 25)) }
        #expect(throws: NetworkError.self) { try ZeroOneProof.reachable(try NetworkFamily.bitonic.sorter(inputs: 65)) }
        // No comparators: 2^20 unconstrained vectors exceed a limit of 1000.
        let empty = try ComparatorNetwork(name: "empty", inputs: 20, layers: [])
        #expect(throws: NetworkError.self) { try ZeroOneProof.reachable(empty, limit: 1000) }
    }
}
