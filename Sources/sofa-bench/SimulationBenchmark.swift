import Foundation
import HDL
import HDLExamples
import HDLSim

/// Co-simulation throughput: the 8-bit signed MAC driven by `Simulation.stream` with random rows (every
/// input applied and every output read back each cycle), timed end to end from Swift: encoding the rows,
/// the pipe, the simulator, parsing the answers. The simulator build is done (and cached) before timing.
struct SimulationBenchmark {
    var verilatorCycles: Int
    var icarusCycles: Int
    var batch: Int

    func run() async throws {
        let design = try emitVerilog(MultiplyAccumulate())
        for (backend, cycles) in [(SimulatorBackend.verilator, verilatorCycles), (.icarus, icarusCycles)] where cycles > 0 {
            let dir = try Workspace.directory("bench-sim-\(backend)")
            var rng = SeededGenerator(seed: 1)
            let batches = (cycles + batch - 1) / batch
            let rows = (0..<min(batch, cycles)).map { _ in
                [0, rng.bits(8), rng.bits(8), rng.bits(1), rng.next() % 64 == 0 ? 1 : 0] as [UInt64]
            }
            let seconds = try await Simulation.run(design, on: backend, in: dir) { sim -> Double in
                sim.reset()
                _ = try await sim.stream(Array(rows.prefix(16)))  // warm up: process started, pipes open
                let start = DispatchTime.now().uptimeNanoseconds
                var checksum: UInt64 = 0
                for _ in 0..<batches {
                    let result = try await sim.stream(rows)
                    checksum &+= result.value(result.rows - 1, 0)
                }
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                if checksum == 0x5eed { print("") }  // keep the results alive
                return elapsed
            }
            let total = batches * rows.count
            print(String(format: "%@: %d cycles in %.3f s = %.0f cycles/s (MAC 8x8 -> 24, batches of %d rows)",
                         backend.rawValue, total, seconds, Double(total) / seconds, rows.count))
        }
    }
}
