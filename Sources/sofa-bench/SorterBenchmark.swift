import Foundation
import HDL
import SOFA
import SortingNetworks

/// Times elaboration (with all checks) and Verilog emission of a large comparator-network core: by default
/// the 256-input odd-even merge sorter (3839 compare-exchanges, depth 36) and the bitonic sorter of the same
/// size (the network Amaranth's export is timed on in the README), best and median of N runs.
struct SorterBenchmark {
    var inputs: Int
    var pipelineEvery: Int
    var repetitions: Int

    func run() throws {
        for family in [NetworkFamily.oddEvenMerge, .bitonic] { try run(family) }
    }

    func run(_ family: NetworkFamily) throws {
        let core = try SortingNetworkCore(family: family, inputs: inputs, top: inputs, keyWidth: 16,
                                          indexWidth: 8, pipelineEvery: pipelineEvery)
        let timing = try EmissionTiming(core, repetitions: repetitions)
        print("\(family) sorter n = \(inputs), pipeline every \(pipelineEvery) (latency \(core.latency)): "
              + "\(core.comparators) comparators, depth \(core.depth), \(timing.lines) lines / \(timing.kibibytes) KiB of Verilog")
        timing.report()
    }
}
