import Foundation
import HDL
import Subprocess
import SystemPackage

extension Simulation {
    /// Starts the design on `backend` in `directory` (wiped first is the caller's choice: see
    /// `Workspace.directory`), runs `body` with the simulation, and stops it. When anything fails, the
    /// run is replayed into `<directory>/wave.vcd` and a `SimulationFailure` naming the seed, the VCD and
    /// the replay log is thrown.
    ///
    /// `seed` draws the registers' initial values (and is what a failure tells you to rerun with); without
    /// one, `HDLSIM_SEED` or 1.
    @discardableResult
    public static func run<R: Sendable>(_ design: VerilogDesign, on backend: SimulatorBackend, in directory: URL,
                                        seed: UInt64? = nil, waveformOnFailure: Bool = true,
                                        _ body: (Simulation) async throws -> R) async throws -> R {
        try await run(design, on: backend, in: directory, seed: seed, binding: nil, waveformOnFailure: waveformOnFailure, body)
    }

    static func run<R: Sendable>(_ design: VerilogDesign, on backend: SimulatorBackend, in directory: URL,
                                 seed: UInt64?, binding: PortBinding?, waveformOnFailure: Bool,
                                 _ body: (Simulation) async throws -> R) async throws -> R {
        let seed = seed ?? SeededGenerator.seed(default: 1)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let replayLog = directory.appendingPathComponent("replay.log")
        do {
            switch backend {
            case .verilator: return try await runVerilator(design, directory, seed, binding, body)
            case .icarus: return try await runIcarus(design, directory, seed, binding, body)
            }
        } catch {
            // A build failure has nothing to replay; anything else is replayed into a waveform when it can be.
            if let e = error as? SimulationError, case .buildFailed = e { throw error }
            var waveform: URL?
            var waveformError: String?
            if waveformOnFailure, FileManager.default.fileExists(atPath: replayLog.path) {
                do {
                    waveform = try await Waveform.replay(design, on: backend, in: directory, seed: seed)
                } catch {
                    waveformError = "\(error)"
                }
            }
            throw SimulationFailure(underlying: error, backend: backend, seed: seed, replayLog: replayLog,
                                    waveform: waveform, waveformError: waveformError)
        }
    }

    /// Opens `path` for writing (truncating) as a descriptor a child process can inherit.
    static func logDescriptor(_ path: URL) throws -> FileDescriptor {
        try FileDescriptor.open(FilePath(path.path), .writeOnly, options: [.create, .truncate],
                                permissions: [.ownerReadWrite, .groupRead, .otherRead])
    }

    private static func runVerilator<R: Sendable>(_ design: VerilogDesign, _ directory: URL, _ seed: UInt64,
                                                  _ binding: PortBinding?,
                                                  _ body: (Simulation) async throws -> R) async throws -> R {
        let (exe, cached) = try await VerilatorBuild.executable(for: design, tracing: false)
        let stderrLog = directory.appendingPathComponent("harness.log")
        let result = try await Subprocess.run(
            .path(FilePath(exe.path)), arguments: Arguments(VerilatorBuild.runtimeArguments(seed: seed)),
            workingDirectory: FilePath(directory.path),
            input: .inputWriter, output: .sequence,
            error: .fileDescriptor(try logDescriptor(stderrLog), closeAfterSpawningProcess: true)
        ) { execution in
            let transport = PipeTransport(writer: execution.standardInputWriter, output: execution.standardOutput,
                                          stderrLog: stderrLog)
            let sim = try Simulation(design: design, backend: .verilator, workDirectory: directory, seed: seed,
                                     binding: binding, transport: transport)
            sim.harnessWasCached = cached
            do {
                let value = try await body(sim)
                try await sim.finish()
                return value
            } catch {
                await transport.abandon()
                throw error
            }
        }
        return result.closureResult
    }

    private static func runIcarus<R: Sendable>(_ design: VerilogDesign, _ directory: URL, _ seed: UInt64,
                                               _ binding: PortBinding?,
                                               _ body: (Simulation) async throws -> R) async throws -> R {
        let vvp = try Tool.vvp.path()
        let compiled = try await IcarusBuild.compile(design, in: directory, seed: seed)
        let fifo = directory.appendingPathComponent("answers.fifo")
        try? FileManager.default.removeItem(at: fifo)
        guard mkfifo(fifo.path, 0o600) == 0 else {
            throw SimulationError.protocolViolation("cannot create the answer pipe \(fifo.path)")
        }
        let log = directory.appendingPathComponent("vvp.log")
        let logFD = try logDescriptor(log)
        let result = try await Subprocess.run(
            .path(FilePath(vvp)), arguments: ["-n", compiled.path, "+out=\(fifo.path)"],
            workingDirectory: FilePath(directory.path), input: .inputWriter,
            output: .fileDescriptor(logFD, closeAfterSpawningProcess: false),
            error: .fileDescriptor(logFD, closeAfterSpawningProcess: true)
        ) { execution in
            let transport = try FIFOTransport(writer: execution.standardInputWriter, fifo: fifo,
                                              pid: execution.processIdentifier.value, log: log)
            let sim = try Simulation(design: design, backend: .icarus, workDirectory: directory, seed: seed,
                                     binding: binding, transport: transport)
            do {
                let value = try await body(sim)
                try await sim.finish()
                return value
            } catch {
                try? await execution.standardInputWriter.finish()
                throw error
            }
        }
        return result.closureResult
    }
}
