import Foundation
import HDLSim
import Testing

/// `sofa-gen sweep` as a user runs it. Tool-free runs use a PATH without yosys and nextpnr, so they are quick and
/// also exercise the missing-tool path; the synthesis itself is tested in `SweepTests`.
@Suite struct SweepCommandTests {
    static var executable: String { CommandLineTests.executable }

    /// The empty folder, made once: the parameterized tests run in parallel, and `Workspace.directory` removing and
    /// recreating it from two of them at once fails with "file exists".
    static let emptyPath = Result { try Workspace.directory("cli-sweep-empty-path") }

    /// Runs `sofa-gen` with PATH set to an empty folder: no yosys, no nextpnr-ice40.
    static func runWithoutTools(_ arguments: [String]) async throws -> ProcessResult {
        let empty = try Self.emptyPath.get()
        return try await runProcess("/usr/bin/env", ["PATH=\(empty.path)", executable] + arguments)
    }

    static func csv(_ folder: URL) throws -> [[String]] {
        try String(contentsOf: folder.appendingPathComponent("results.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test(arguments: [
        ["sweep", "nope"],                                              // unknown block
        ["sweep", "mac-array", "--param", "width=4"],                   // unknown parameter
        ["sweep", "mac-array", "--param", "rows=4,x"],                  // invalid value
        ["sweep", "mac-array", "--param", "rows:lanes=4:8,8"],          // malformed zipped values
        ["sweep", "mac-array", "--param", "lanes=3"],                   // the generator's own check
        ["sweep", "mac-array", "--shard", "2/2"],                       // bad shard
        ["sweep", "mac-array", "--synth", "asic"],                      // bad synthesis mode
        ["sweep", "mac-array", "--synth", "ice40", "--device", "ecp5"], // unknown part
        ["sweep", "mac-array", "--jobs", "0"],                          // no jobs
        ["sweep", "mac-array", "--jobs", "two"],                        // ArgumentParser's own error, also one line
        ["sweep", "mac-array", "--bogus"],                              // unknown option
        ["sweep", "merge"],                                             // nothing to merge
    ])
    func invalidInputExits64WithOneLineAndWritesNothing(_ arguments: [String]) async throws {
        let out = try CommandLineTests.scratch("sweep-bad-\(arguments.joined(separator: "_"))")
        let r = try await Self.runWithoutTools(arguments + ["--out", out.path])
        #expect(r.status == 64, "\(r.output)")
        #expect(r.standardError.hasPrefix("sofa-gen: error: "), "\(r.standardError)")
        #expect(r.standardError.split(separator: "\n").count == 1, "\(r.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path).isEmpty)
    }

    @Test func anUnwritableOutputIsAUsageError() async throws {
        let dir = try Workspace.directory("cli-sweep-unwritable")
        let file = dir.appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        let r = try await Self.runWithoutTools(["sweep", "counter", "--out", file.appendingPathComponent("out").path])
        #expect(r.status == 64 && r.standardError.split(separator: "\n").count == 1, "\(r.output)")
        #expect(r.standardError.contains("file is a file, not a folder"), "\(r.standardError)")
    }

    @Test func withoutToolsItWarnsWithTheInstallCommandAndStillWritesResults() async throws {
        let out = try CommandLineTests.scratch("sweep-no-tools")
        let r = try await Self.runWithoutTools(["sweep", "lz-encoder", "--param", "width=4,8", "--synth", "ice40", "--out", out.path])
        #expect(r.status == 0, "\(r.output)")
        let stderr = r.standardError.split(separator: "\n").map(String.init)
        #expect(stderr.contains { $0.hasPrefix("sofa-gen: warning: yosys was not found on PATH (install it with `sudo apt-get install -y yosys`)") },
                "\(r.standardError)")
        #expect(stderr.contains { $0.hasPrefix("sofa-gen: warning: nextpnr-ice40 was not found on PATH (install it with `sudo apt-get install -y nextpnr-ice40`)") })
        #expect(stderr.filter { $0.hasPrefix("[") }.count == 2, "one progress line per point: \(r.standardError)")
        let rows = try Self.csv(out)
        let header = rows[0]
        let cells = try #require(header.firstIndex(of: "generic_cells")), lines = try #require(header.firstIndex(of: "verilog_lines"))
        #expect(rows.dropFirst().allSatisfy { $0[cells].isEmpty && Int($0[lines])! > 0 })
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("results.md").path))
    }

    @Test func shardsMergeIntoTheWholeSweep() async throws {
        let args = ["sweep", "counter", "--param", "width=4,5,6"]
        let whole = try CommandLineTests.scratch("sweep-whole")
        #expect(try await Self.runWithoutTools(args + ["--out", whole.path]).status == 0)
        var shards: [String] = []
        for i in 0..<2 {
            let out = try CommandLineTests.scratch("sweep-shard-\(i)")
            let r = try await Self.runWithoutTools(args + ["--shard", "\(i)/2", "--out", out.path])
            #expect(r.status == 0, "\(r.output)")
            shards.append(out.path)
        }
        let merged = try CommandLineTests.scratch("sweep-merged")
        let r = try await Self.runWithoutTools(["sweep", "merge"] + shards + ["--out", merged.path])
        #expect(r.status == 0, "\(r.output)")
        // Equal except the wall-clock columns (the last two of a generic sweep).
        #expect(try Self.csv(merged).map { $0.dropLast(2) } == Self.csv(whole).map { $0.dropLast(2) })
        #expect(try Self.csv(merged).count == 4)
    }

    @Test func helpListsTheOptions() async throws {
        let overview = try await runProcess(Self.executable, ["sweep", "--help"])
        #expect(overview.status == 0)
        #expect(overview.standardOutput.contains("sofa-gen sweep <block>... --param name=v1,v2"), "\(overview.standardOutput)")
        #expect(overview.standardOutput.contains("sofa-gen sweep merge DIR... --out DIR"))
        let r = try await runProcess(Self.executable, ["sweep", "run", "--help"])
        #expect(r.status == 0)
        for option in ["--param", "--out", "--jobs", "--synth", "--device", "--shard", "--retry-failed"] {
            #expect(r.standardOutput.contains(option), "\(option)")
        }
    }
}
