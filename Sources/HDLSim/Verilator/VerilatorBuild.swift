import Foundation
import HDL

/// Compiles a design and its harness with Verilator, once per distinct content: builds are cached under
/// `Workspace.cacheRoot/verilator/<hash>` (hash of the Verilog, the harness, the flags and the Verilator
/// version), built in a temporary folder and renamed into place, one build at a time across processes.
enum VerilatorBuild {
    static let flags = ["--cc", "--exe", "--build", "-j", "2", "-O3", "--x-assign", "fast", "--x-initial", "fast",
                        "-Wno-fatal", "-Wno-lint", "-Wno-style"]

    /// The harness executable for `design` and whether it came from the cache.
    static func executable(for design: VerilogDesign, tracing: Bool) async throws -> (URL, cached: Bool) {
        let verilator = try Tool.verilator.path()
        let version = try await runProcess(verilator, ["--version"]).standardOutput
        let harness = VerilatorHarness.source(for: design)
        var hash = ContentHash()
        hash.add(version)
        hash.add(flags.joined(separator: " "))
        hash.add(tracing ? "trace" : "notrace")
        hash.add(design.top)
        hash.add(harness)
        for f in design.files {
            hash.add(f.name)
            hash.add(f.contents)
        }
        let root = Workspace.cacheRoot.appendingPathComponent("verilator")
        let dir = root.appendingPathComponent(hash.hex)
        let exe = dir.appendingPathComponent("obj_dir/hdlsim_harness")
        let fm = FileManager.default
        if fm.isExecutableFile(atPath: exe.path) { return (exe, true) }

        return try await withFileLock(root.appendingPathComponent(".build.lock")) {
            if fm.isExecutableFile(atPath: exe.path) { return (exe, true) }
            let staging = root.appendingPathComponent("\(hash.hex).tmp-\(ProcessInfo.processInfo.processIdentifier)")
            if fm.fileExists(atPath: staging.path) { try fm.removeItem(at: staging) }
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            for f in design.files {
                try Data(f.contents.utf8).write(to: staging.appendingPathComponent(f.name))
            }
            try Data(harness.utf8).write(to: staging.appendingPathComponent("harness.cpp"))
            var args = flags + ["--top-module", design.top, "-Mdir", "obj_dir", "-o", "hdlsim_harness"]
            if tracing { args.append("--trace") }
            args += design.files.map(\.name) + ["harness.cpp"]
            let result = try await runProcess(verilator, args, in: staging)
            guard result.succeeded, fm.isExecutableFile(atPath: staging.appendingPathComponent("obj_dir/hdlsim_harness").path) else {
                try? fm.removeItem(at: staging)
                throw SimulationError.buildFailed(tool: "verilator", log: String(result.output.suffix(8000)))
            }
            if fm.fileExists(atPath: dir.path) { try fm.removeItem(at: dir) }
            try fm.moveItem(at: staging, to: dir)
            return (exe, false)
        }
    }
}
