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
        var elaborateTimes: [Double] = []
        var emitTimes: [Double] = []
        var design: VerilogDesign?
        for _ in 0..<repetitions {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let c = try elaborate(core)
            let t1 = DispatchTime.now().uptimeNanoseconds
            let d = VerilogEmitter.emit(c)
            let t2 = DispatchTime.now().uptimeNanoseconds
            elaborateTimes.append(Double(t1 - t0) / 1e9)
            emitTimes.append(Double(t2 - t1) / 1e9)
            design = d
        }
        guard let design else { return }
        let totals = zip(elaborateTimes, emitTimes).map(+)
        let bytes = design.files.reduce(0) { $0 + $1.contents.utf8.count }
        let lines = design.files.reduce(0) { $0 + $1.contents.split(separator: "\n").count }
        print("\(family) sorter n = \(inputs), pipeline every \(pipelineEvery) (latency \(core.latency)): "
              + "\(core.comparators) comparators, depth \(core.depth), \(lines) lines / \(bytes / 1024) KiB of Verilog")
        print(String(format: "  elaborate + check: best %.3f s, median %.3f s", elaborateTimes.min()!, median(elaborateTimes)))
        print(String(format: "  emit Verilog:      best %.3f s, median %.3f s", emitTimes.min()!, median(emitTimes)))
        print(String(format: "  total:             best %.3f s, median %.3f s (%d runs)", totals.min()!, median(totals), repetitions))
    }
}
