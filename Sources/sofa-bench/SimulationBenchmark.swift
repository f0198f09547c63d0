import Foundation
import HDL
import HDLExamples
import HDLSim

/// Co-simulation throughput on the 8-bit signed MAC, timed end to end from Swift.
///
/// The fast path: random rows built with the typed front (`Stimulus`: one assignment per IO field), then
/// streamed batch after batch (every input applied and every output read back each cycle): the timing covers
/// encoding the rows, the pipe, the simulator and parsing the answers; building the rows is timed on its own.
/// The lock-step path: `Simulation.drive` with one agent that pokes every input and samples the output each
/// cycle (one round trip per cycle: what ready/valid drivers cost). Simulator builds are done (and cached)
/// before timing.
struct SimulationBenchmark {
    var verilatorCycles: Int
    var icarusCycles: Int
    var batch: Int
    var lockStepCycles = 20_000

    func run() async throws {
        let mac = MultiplyAccumulate()
        for (backend, cycles) in [(SimulatorBackend.verilator, verilatorCycles), (.icarus, icarusCycles)] where cycles > 0 {
            let batches = (cycles + batch - 1) / batch
            let rowCount = min(batch, cycles)
            let (seconds, buildSeconds, rawSeconds) = try await Simulation.run(mac, on: backend, name: "bench-sim-\(backend)", seed: 1) {
                sim, io -> (Double, Double, Double) in
                var rng = SeededGenerator(seed: 1)
                // Building is measured in process CPU time: it runs on one thread, and CPU time does not count
                // the waits a loaded machine adds.
                let buildStart = Self.cpuNanoseconds()
                var s = sim.stimulus()
                for _ in 0..<rowCount {
                    s[io.a] = rng.signedBits(8); s[io.b] = rng.signedBits(8)
                    s[io.enable] = rng.next() & 1 == 1; s[io.clear] = rng.next() % 64 == 0
                    s.step()
                }
                let built = Double(Self.cpuNanoseconds() - buildStart) / 1e9
                sim.reset()
                var warmUp = sim.stimulus()
                warmUp.step(16)
                _ = try await sim.stream(warmUp)  // process started, pipes open
                let start = DispatchTime.now().uptimeNanoseconds
                var checksum = 0
                for _ in 0..<batches {
                    let result = try await sim.stream(s)
                    checksum &+= try result.value(io.acc, row: result.rows - 1)
                }
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                // The same rows through the positional path (raw bit patterns, no IO values), for comparison.
                let raw: [[UInt64]] = (0..<rowCount).map { _ in
                    [0, rng.bits(8), rng.bits(8), rng.bits(1), rng.next() % 64 == 0 ? 1 : 0]
                }
                let rawStart = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<batches {
                    let result = try await sim.stream(raw)
                    checksum &+= Int(result.value(result.rows - 1, 0))
                }
                let rawElapsed = Double(DispatchTime.now().uptimeNanoseconds - rawStart) / 1e9
                if checksum == 0x5eed { print("") }  // keep the results alive
                return (elapsed, built, rawElapsed)
            }
            let total = batches * rowCount
            print(String(format: "%@: %d cycles in %.3f s = %.0f cycles/s (MAC 8x8 -> 24, Stimulus batches of %d rows; building a batch: %.3f s CPU = %.0f rows/s)",
                         backend.rawValue, total, seconds, Double(total) / seconds, rowCount, buildSeconds, Double(rowCount) / buildSeconds))
            print(String(format: "%@: the same through positional rows: %.3f s = %.0f cycles/s",
                         backend.rawValue, rawSeconds, Double(total) / rawSeconds))
            let lockStep = backend == .verilator ? lockStepCycles : lockStepCycles / 10
            let lockSeconds = try await Simulation.run(mac, on: backend, name: "bench-drive-\(backend)", seed: 1) { sim, io -> Double in
                let agent = RandomOperands(io: io)
                sim.reset()
                try await sim.drive(cycles: 10, agent)
                let start = DispatchTime.now().uptimeNanoseconds
                try await sim.drive(cycles: lockStep, agent)
                return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            }
            print(String(format: "%@: lock-step drive, %d cycles in %.3f s = %.0f cycles/s (one round trip per cycle)",
                         backend.rawValue, lockStep, lockSeconds, Double(lockStep) / lockSeconds))
        }
    }
}

extension SimulationBenchmark {
    static func cpuNanoseconds() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }
}

/// Pokes random operands every cycle and samples the accumulator: the per-cycle cost of a reactive agent.
final class RandomOperands: CycleAgent {
    let io: MultiplyAccumulate.IO
    var rng = SeededGenerator(seed: 2)
    var sample: Simulation.Sample?
    var checksum = 0

    init(io: MultiplyAccumulate.IO) { self.io = io }

    func drive(_ sim: Simulation) {
        sim.poke(io.a, rng.signedBits(8)); sim.poke(io.b, rng.signedBits(8)); sim.poke(io.enable, true); sim.poke(io.clear, false)
    }

    func sample(_ sim: Simulation) { sample = sim.sample(io.acc) }

    func observe(_ sim: Simulation) throws {
        if let sample { checksum &+= try sim.signedValue(of: sample) }
    }
}
