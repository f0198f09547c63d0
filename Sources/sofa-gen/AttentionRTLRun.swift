import AttentionRuntime
import Foundation
import HDL
import HDLSim
import SOFA
import SOFAModel

/// `sofa-gen attention --backend verilator|icarus`: one head through the generated core on a simulator, with the
/// build cache in the user's cache folder, a private work folder, and progress on stderr.
enum RTLRun {
    /// The build cache: `--cache`, else `$SOFA_GEN_CACHE`, else `$XDG_CACHE_HOME/sofa-gen`, else `~/.cache/sofa-gen`.
    static func cacheFolder(_ option: String?) -> URL {
        let env = ProcessInfo.processInfo.environment
        if let option { return URL(fileURLWithPath: option) }
        if let path = env["SOFA_GEN_CACHE"], !path.isEmpty { return URL(fileURLWithPath: path) }
        if let xdg = env["XDG_CACHE_HOME"], !xdg.isEmpty { return URL(fileURLWithPath: xdg).appendingPathComponent("sofa-gen") }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/sofa-gen")
    }

    static func run(_ input: AttentionCoreInput, head: Int, of heads: Int, selection: KeySelection, driver: AttentionCoreDriver,
                    on simulator: SimulatorBackend, cache: String?) async throws -> AttentionCoreDriver.Run {
        // HDLSim reads its folders from the environment: the cache is shared across runs, the work folder is this
        // run's own and goes away unless the run fails (then it holds the replay log and the waveform).
        let cacheRoot = cacheFolder(cache)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("sofa-gen-attention-\(getpid())-\(head)")
        do {
            try FileManager.default.createDirectory(at: cacheRoot, withIntermediateDirectories: true)
        } catch {
            throw AttentionInputError("--cache \(cacheRoot.path): cannot create the build cache folder (\(error.localizedDescription))")
        }
        setenv("HDLSIM_CACHE", cacheRoot.path, 1)
        setenv("HDLSIM_WORK", work.path, 1)
        if head == 0 {
            let note = simulator == .verilator ? "builds are cached in \(cacheRoot.path); a new configuration's first build takes minutes"
                                               : "Icarus compiles the core on every run"
            warn("running \(heads) head\(heads == 1 ? "" : "s") on the \(simulator) core (\(note))", prefix: "")
        }
        let progress = Progress(head: head, heads: heads)
        let result: AttentionCoreDriver.Run
        do {
            result = try await driver.run(input, selection: selection, on: simulator, name: "head-\(head)", seed: 1) { done, rows in
                progress.report(done, rows)
            }
        } catch let e as ToolError {
            throw AttentionInputError("--backend \(simulator): \(e)")
        } catch let e as AttentionModelError {
            throw AttentionInputError("head \(head): \(e.message)")
        } catch {
            throw RTLRunFailure("head \(head) on \(simulator): \(error) (work folder kept: \(work.path))")
        }
        try? FileManager.default.removeItem(at: work)
        return result
    }

    /// The counters only the RTL knows, summed over the head's starts.
    static func hardwareCounters(_ run: AttentionCoreDriver.Run, core: AttentionCore) -> AttentionReport.HardwareCounters {
        AttentionReport.HardwareCounters(cycles: run.total(.cycles), streamCycles: run.total(.streamCycles),
                                         selectionCycles: run.total(.selectionCycles), stage3Cycles: run.total(.stage3Cycles),
                                         kvReads: run.total(.kvReads), laneBusyCycles: run.total(.laneBusy),
                                         macLanes: core.rows * core.macLanes)
    }

    /// The core's generator parameters as `sofa-gen emit attention-core` names them.
    static func parameters(_ core: AttentionCore) -> [(name: String, value: String)] {
        AttentionCore.parameters.map { ($0.name, $0.value(in: core)) }
    }

    static func warn(_ message: String, prefix: String = "warning: ") {
        FileHandle.standardError.write(Data("sofa-gen: \(prefix)\(Terminal.escaped(message))\n".utf8))
    }

    /// Progress lines on stderr, at most one a second, and the last one.
    final class Progress: @unchecked Sendable {
        let head: Int, heads: Int
        let lock = NSLock()
        var last = Date.distantPast
        init(head: Int, heads: Int) { (self.head, self.heads) = (head, heads) }

        func report(_ done: Int, _ rows: Int) {
            lock.lock()
            defer { lock.unlock() }
            let now = Date()
            guard done == rows || now.timeIntervalSince(last) >= 1 else { return }
            last = now
            warn("head \(head + 1) of \(heads): \(done) of \(rows) query rows out", prefix: "")
        }
    }
}

/// A simulation that failed for a reason other than the input: exit status 1 with the message.
struct RTLRunFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
