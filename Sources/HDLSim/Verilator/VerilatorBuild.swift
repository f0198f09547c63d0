import Foundation
import HDL

/// Compiles a design and its harness with Verilator, once per distinct content: builds are cached under
/// `Workspace.cacheRoot/verilator/<hash>` (hash of the Verilog without its source-location comments, the
/// harness, the flags and the Verilator version), built in a temporary folder and renamed into place, one build
/// at a time across processes.
///
/// Verilator's runtime (`verilated.o`, `verilated_threads.o`, and the VCD writer when tracing) is the same
/// for every design but makes up most of a small design's build time, and the generated makefile rebuilds it
/// whenever it regenerates (the objects depend on the `.mk`). So the build runs Verilator and `make` as two
/// steps, and between them puts the runtime objects of an earlier build in place, kept under
/// `verilator-runtime/<hash of version, flags, tracing>`: about 1.7 s instead of 6.5 s for a small design.
///
/// `--x-initial unique` makes every register and memory word start from a value drawn at run time: with
/// `runtimeArguments(seed:)` (`+verilator+rand+reset+2`, `+verilator+seed+<n>`) a random one from the run's
/// seed, so a register that needs a reset and lacks one shows up (the `fast` setting starts them all at 0).
enum VerilatorBuild {
    static let flags = ["--cc", "--exe", "-O3", "--x-assign", "fast", "--x-initial", "unique",
                        "-Wno-fatal", "-Wno-lint", "-Wno-style"]

    /// The harness's command line: random initial values from `seed` (Verilator's seed is a positive 31-bit
    /// number; 0 would mean "pick one").
    static func runtimeArguments(seed: UInt64) -> [String] {
        var mixer = SeededGenerator(seed: seed ^ 0x5EED_1A17)
        let verilatorSeed = 1 + mixer.next() % 0x7FFF_FFFE
        return ["+verilator+rand+reset+2", "+verilator+seed+\(verilatorSeed)"]
    }

    /// `text` with the emitter's `// @[File.swift:line]` comments emptied to `// @[]`: the cache key, so that an edit
    /// of a generator's Swift that only moves its lines (which changes every location comment and nothing else)
    /// reuses the build instead of recompiling (20 minutes for the default attention core on a loaded machine).
    /// Lines stay where they were, so the cached simulator reports the same Verilog line numbers.
    static func withoutSourceLocations(_ text: String) -> String {
        let marker: [UInt8] = Array("// @[".utf8)
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == marker[0], i + marker.count <= bytes.count, bytes[i..<i + marker.count].elementsEqual(marker) {
                var j = i + marker.count
                while j < bytes.count, bytes[j] != UInt8(ascii: "]"), bytes[j] != UInt8(ascii: "\n") { j += 1 }
                if j < bytes.count, bytes[j] == UInt8(ascii: "]") {
                    out += marker
                    i = j  // the "]" is copied next
                    continue
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The harness executable for `design` and whether it came from the cache.
    static func executable(for design: VerilogDesign, tracing: Bool) async throws -> (URL, cached: Bool) {
        let verilator = try Tool.verilator.path()
        let version = try await VerilatorVersion.shared.of(verilator)
        let harness = VerilatorHarness.source(for: design)
        var hash = ContentHash()
        hash.add(version)
        hash.add(flags.joined(separator: " "))
        hash.add(tracing ? "trace" : "notrace")
        hash.add(design.top)
        hash.add(harness)
        for f in design.files {
            hash.add(f.name)
            hash.add(withoutSourceLocations(f.contents))
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
            let generated = try await runProcess(verilator, args, in: staging)
            guard generated.succeeded else {
                try? fm.removeItem(at: staging)
                throw SimulationError.buildFailed(tool: "verilator", log: String(generated.output.suffix(8000)))
            }
            var runtimeHash = ContentHash()
            runtimeHash.add(version)
            runtimeHash.add(flags.joined(separator: " "))
            runtimeHash.add(tracing ? "trace" : "notrace")
            let runtime = Workspace.cacheRoot.appendingPathComponent("verilator-runtime/\(runtimeHash.hex)")
            let objects = staging.appendingPathComponent("obj_dir")
            let reused = try placeRuntime(from: runtime, into: objects)
            guard let make = Tool.search("make") else {
                try? fm.removeItem(at: staging)
                throw SimulationError.buildFailed(tool: "make", log: "make was not found on PATH; install it with `sudo apt-get install -y make`")
            }
            let built = try await runProcess(make, ["-C", objects.path, "-f", "V\(design.top).mk", "-j", "2"])
            guard built.succeeded, fm.isExecutableFile(atPath: objects.appendingPathComponent("hdlsim_harness").path) else {
                try? fm.removeItem(at: staging)
                throw SimulationError.buildFailed(tool: "verilator (make)", log: String(built.output.suffix(8000)))
            }
            if !reused { try keepRuntime(from: objects, in: runtime) }
            if fm.fileExists(atPath: dir.path) { try fm.removeItem(at: dir) }
            try fm.moveItem(at: staging, to: dir)
            return (exe, false)
        }
    }

    /// Copies cached runtime objects into `objects`, stamped now so make sees them as up to date.
    private static func placeRuntime(from runtime: URL, into objects: URL) throws -> Bool {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: runtime.path), names.contains(where: { $0.hasSuffix(".o") }) else {
            return false
        }
        let now = Date()
        for name in names where name.hasSuffix(".o") || name.hasSuffix(".d") {
            let target = objects.appendingPathComponent(name)
            try? fm.removeItem(at: target)
            try fm.copyItem(at: runtime.appendingPathComponent(name), to: target)
            try fm.setAttributes([.modificationDate: now], ofItemAtPath: target.path)
        }
        return true
    }

    /// Saves the runtime objects (`verilated*.o` and their `.d`) of a complete build for the next ones.
    private static func keepRuntime(from objects: URL, in runtime: URL) throws {
        let fm = FileManager.default
        let names = try fm.contentsOfDirectory(atPath: objects.path).filter {
            $0.hasPrefix("verilated") && ($0.hasSuffix(".o") || $0.hasSuffix(".d"))
        }
        guard !names.isEmpty else { return }
        let staging = runtime.deletingLastPathComponent().appendingPathComponent(".\(runtime.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(at: staging)
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        for name in names { try fm.copyItem(at: objects.appendingPathComponent(name), to: staging.appendingPathComponent(name)) }
        if fm.fileExists(atPath: runtime.path) { try fm.removeItem(at: runtime) }
        try fm.moveItem(at: staging, to: runtime)
    }
}

/// `verilator --version` of each executable, asked once per process: it is part of every build's cache key,
/// and a run that finds its build cached should not start a Perl process to learn it.
actor VerilatorVersion {
    static let shared = VerilatorVersion()
    private var known: [String: String] = [:]

    func of(_ verilator: String) async throws -> String {
        if let v = known[verilator] { return v }
        let v = try await runProcess(verilator, ["--version"]).standardOutput
        known[verilator] = v
        return v
    }
}
