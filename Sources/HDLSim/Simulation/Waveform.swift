import Foundation
import HDL

/// Replays a run's `replay.log` on a tracing build to produce `wave.vcd` in the same folder, with the same
/// initial register values (the run's seed).
enum Waveform {
    static func replay(_ design: VerilogDesign, on backend: SimulatorBackend, in directory: URL, seed: UInt64) async throws -> URL {
        let log = directory.appendingPathComponent("replay.log")
        let vcd = directory.appendingPathComponent("wave.vcd")
        guard let stimulus = FileManager.default.contents(atPath: log.path), !stimulus.isEmpty else {
            throw SimulationError.protocolViolation("nothing was sent to the simulator, so there is nothing to replay")
        }
        try? FileManager.default.removeItem(at: vcd)
        let result: ProcessResult
        switch backend {
        case .verilator:
            let (exe, _) = try await VerilatorBuild.executable(for: design, tracing: true)
            result = try await runProcess(exe.path, VerilatorBuild.runtimeArguments(seed: seed) + ["+vcd=\(vcd.path)"], in: directory,
                                          input: [UInt8](stimulus))
        case .icarus:
            let compiled = try await IcarusBuild.compile(design, in: directory, seed: seed)
            result = try await runProcess(try Tool.vvp.path(), ["-n", compiled.path, "+out=/dev/null", "+vcd=\(vcd.path)"],
                                          in: directory, input: [UInt8](stimulus))
        }
        guard FileManager.default.fileExists(atPath: vcd.path) else {
            throw SimulationError.harnessExited(status: result.status, log: result.output)
        }
        return vcd
    }
}
