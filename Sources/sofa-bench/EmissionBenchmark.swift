import Foundation
import HDL
import HDLExamples

/// Times elaboration (with all checks) and Verilog emission of a large design: a rows x columns systolic grid
/// of MAC cells (default 128 x 32), best and median of N runs.
struct EmissionBenchmark {
    var rows: Int
    var columns: Int
    var repetitions: Int

    func run() throws {
        let timing = try EmissionTiming(SystolicArray(rows: rows, columns: columns), repetitions: repetitions)
        let instances = timing.instances
        print("systolic array \(rows) x \(columns): \(instances) cell instances, \(timing.modules) modules, "
              + "\(timing.lines) lines / \(timing.kibibytes) KiB of Verilog")
        timing.report()
    }
}
