import HDL
import HDLExamples
import Foundation
do {
    for (name, d) in [("counter", try emitVerilog(Counter())), ("lod", try emitVerilog(LeadingOneDetector(width: 8))),
                      ("mac", try emitVerilog(MultiplyAccumulate())), ("fifo", try emitVerilog(FIFO())), ("pair", try emitVerilog(CounterPair()))] {
        try d.write(to: URL(fileURLWithPath: "/tmp/out/\(name)"))
    }
} catch { print(error) }
