import HDL
import HDLExamples
import Foundation
do {
    let t0 = Date()
    let d = try emitVerilog(SystolicArray(rows: 128, columns: 32))
    print(Date().timeIntervalSince(t0), d.files.map { $0.contents.utf8.count }.reduce(0, +))
    try d.write(to: URL(fileURLWithPath: "/tmp/out/grid"))
    try emitVerilog(SystolicArray(rows: 3, columns: 2)).write(to: URL(fileURLWithPath: "/tmp/out/grid3"))
} catch { print(error) }
