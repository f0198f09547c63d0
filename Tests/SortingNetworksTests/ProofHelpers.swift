import SortingNetworks
import Testing

/// The networks the 0-1 tests cover: every family at every size it supports up to `maxInputs`.
func sorters(upTo maxInputs: Int) -> [ComparatorNetwork] {
    NetworkFamily.allCases.flatMap { family in
        (2...maxInputs).filter { family.availableInputs?.contains($0) ?? true }.map { try! family.sorter(inputs: $0) }
    }
}

/// Records an issue naming the network and the failing 0-1 input unless the verdict is `.proven`.
func expectProven(_ verdict: ZeroOneProof.Verdict, _ network: ComparatorNetwork,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    if case .counterexample(let input) = verdict {
        Issue.record("\(network) (outputs \(network.outputs)) fails on 0-1 input \(input.map { $0 ? "1" : "0" }.joined())",
                     sourceLocation: sourceLocation)
    }
}
