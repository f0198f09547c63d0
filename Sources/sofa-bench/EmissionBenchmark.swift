import Foundation
import HDL
import HDLExamples

/// Times elaboration (with all checks) and Verilog emission of a large design, best and median of N runs.
struct EmissionBenchmark {
    var rows: Int
    var columns: Int
    var repetitions: Int

    func run() throws {
        let top = SystolicArray(rows: rows, columns: columns)
        var elaborateTimes: [Double] = []
        var emitTimes: [Double] = []
        var design: VerilogDesign?
        var circuit: Circuit?
        for _ in 0..<repetitions {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let c = try elaborate(top)
            let t1 = DispatchTime.now().uptimeNanoseconds
            let d = VerilogEmitter.emit(c)
            let t2 = DispatchTime.now().uptimeNanoseconds
            elaborateTimes.append(Double(t1 - t0) / 1e9)
            emitTimes.append(Double(t2 - t1) / 1e9)
            design = d
            circuit = c
        }
        guard let design, let circuit else { return }
        let totals = zip(elaborateTimes, emitTimes).map(+)
        let bytes = design.files.reduce(0) { $0 + $1.contents.utf8.count }
        let lines = design.files.reduce(0) { $0 + $1.contents.split(separator: "\n").count }
        let instances = circuit.modules.reduce(0) { $0 + $1.instances.count }
        print("systolic array \(rows) x \(columns): \(instances) cell instances, \(circuit.modules.count) modules, "
              + "\(lines) lines / \(bytes / 1024) KiB of Verilog")
        print(String(format: "  elaborate + check: best %.3f s, median %.3f s", elaborateTimes.min()!, median(elaborateTimes)))
        print(String(format: "  emit Verilog:      best %.3f s, median %.3f s", emitTimes.min()!, median(emitTimes)))
        print(String(format: "  total:             best %.3f s, median %.3f s (%d runs)", totals.min()!, median(totals), repetitions))
    }
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}
