import Foundation
import HDLSim
import Testing

/// Issue 9 items 6 and 7: sweeps and emits that meet in one folder, and tool failures that are the run's own.
@Suite struct ConcurrentRunTests {
    static let noTools = ["PATH=/nonexistent"]

    /// The records of a sweep folder, decoded.
    static func records(_ folder: URL) throws -> [[String: Any]] {
        let points = folder.appendingPathComponent("points")
        guard FileManager.default.fileExists(atPath: points.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: points.path).sorted().map { name in
            let data = try Data(contentsOf: points.appendingPathComponent(name))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(name) is a JSON object")
        }
    }

    /// Every entry under `folder` whose name is a temporary sofa-gen name.
    static func temporaries(_ folder: URL) -> [String] {
        (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []).filter { $0.contains(".sofa-gen-tmp-") }
    }

    // Item 6: `sofa-gen sweep counter --param width=4,8 --out sw` into a folder that holds a DIFFERENT sweep exited
    // 0, rewrote sweep.json and mixed both sweeps' records.
    @Test func aFolderOfAnotherSweepIsRefused() async throws {
        let user = try UserFiles("item6")
        #expect(try await user.run(["sweep", "counter", "--param", "width=5", "--out", "sw"], environment: Self.noTools).status == 0)
        let before = try user.snapshot()
        let r = try await user.run(["sweep", "counter", "--param", "width=4,8", "--out", "sw"], environment: Self.noTools)
        #expect(r.isUsageError(containing: "sw holds a different sweep (sofa-gen sweep counter --param width=5); choose another --out"),
                "\(r.output)")
        #expect(try user.snapshot() == before)
    }

    // Item 7: two runs of one sweep into one folder at once shared work/<id>/; a Yosys run failed ("Can't create file
    // stat.json") and that failure was saved as the point's result. Now the folder is locked: the second run waits
    // briefly and reuses the first one's record, or is refused; no record is ever a failure.
    @Test func twentyRoundsOfTwoIdenticalSweeps() async throws {
        try #require(Tool.yosys.isAvailable, "yosys is needed (scripts/test.sh installs it)")
        let user = try UserFiles("item7-sweeps")
        var outcomes: [Int32: Int] = [:]
        for round in 0..<20 {
            let out = "sw\(round)"
            let arguments = ["sweep", "counter", "--param", "width=4", "--out", out]
            async let first = user.run(arguments)
            async let second = user.run(arguments)
            let results = try await [first, second]
            for r in results {
                outcomes[r.status, default: 0] += 1
                #expect(r.status == 0 || r.isUsageError(containing: "is being written by another sofa-gen run"), "round \(round): \(r.output)")
            }
            #expect(results.contains { $0.status == 0 }, "round \(round)")
            let folder = user.cwd.appendingPathComponent(out)
            let records = try Self.records(folder)
            #expect(records.count == 1, "round \(round)")
            let generic = records.first?["generic"] as? [String: Any]
            #expect(generic?["status"] as? String == "done", "round \(round): \(String(describing: generic))")
            let csv = try String(contentsOf: folder.appendingPathComponent("results.csv"), encoding: .utf8).split(separator: "\n")
            #expect(csv.count == 2 && !csv[1].split(separator: ",", omittingEmptySubsequences: false)[4].isEmpty, "round \(round): \(csv)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("work").path), "round \(round): work/ left")
            #expect(Self.temporaries(folder).isEmpty, "round \(round)")
        }
        #expect(outcomes[0, default: 0] >= 20, "\(outcomes)")
    }

    // Item 7: two different sweeps started together both exited 0 and mixed records. Now one writes the folder, the
    // other is refused, and the folder holds one sweep.
    @Test func twoDifferentSweepsDoNotMix() async throws {
        let user = try UserFiles("item7-different")
        async let a = user.run(["sweep", "counter", "--param", "width=4,5,6", "--out", "sw"], environment: Self.noTools)
        async let b = user.run(["sweep", "counter", "--param", "width=7,8", "--out", "sw"], environment: Self.noTools)
        let results = try await [a, b]
        #expect(results.filter { $0.status == 0 }.count == 1, "\(results.map(\.output))")
        let refused = try #require(results.first { $0.status != 0 })
        #expect(refused.isUsageError(containing: "holds a different sweep") || refused.isUsageError(containing: "is being written by another"),
                "\(refused.output)")
        let records = try Self.records(user.cwd.appendingPathComponent("sw"))
        let widths = Set(records.compactMap { ($0["configuration"] as? [[String: Any]])?.first?["value"] as? String })
        #expect(widths == ["4", "5", "6"] || widths == ["7", "8"], "\(widths)")
    }

    // Item 7 (the stress test's second half): two emits into one folder at once take turns; the folder ends with
    // one complete design, never a mix.
    @Test func twentyRoundsOfTwoEmitsIntoOneFolder() async throws {
        let user = try UserFiles("item7-emits")
        let folder = user.cwd.appendingPathComponent("out")
        let counter = Set([".sofa-gen.json", "Counter.v", "filelist.f", "manifest.json"])
        let pair = Set([".sofa-gen.json", "CounterPair.v", "Counter_width4.v", "Counter_width8.v", "filelist.f", "manifest.json"])
        for round in 0..<20 {
            async let a = user.run(["emit", "counter", "--out", "out"])
            async let b = user.run(["emit", "counter-pair", "--out", "out"])
            let results = try await [a, b]
            #expect(results.allSatisfy { $0.status == 0 }, "round \(round): \(results.map(\.output))")
            let files = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
            #expect(files == counter || files == pair, "round \(round): \(files.sorted())")
            let filelist = try String(contentsOf: folder.appendingPathComponent("filelist.f"), encoding: .utf8)
            #expect(Set(filelist.split(separator: "\n").map(String.init)) == files.subtracting([".sofa-gen.json", "filelist.f", "manifest.json"]))
        }
    }

    // Item 7: a tool failure caused by the run (here a yosys that cannot create its output file) is not stored as
    // the point's result: the sweep exits 75 (try again), records nothing, and a rerun computes the point.
    @Test func aRunsOwnToolFailureIsNotRecorded() async throws {
        try #require(Tool.yosys.isAvailable, "yosys is needed (scripts/test.sh installs it)")
        let user = try UserFiles("item7-fault")
        let bin = user.root.appendingPathComponent("fake-bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: false)
        let yosys = bin.appendingPathComponent("yosys")
        try Data("#!/bin/sh\necho \"ERROR: Can't open output file \\`stat.json' for writing: No such file or directory\"\nexit 1\n".utf8)
            .write(to: yosys)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: yosys.path)
        let arguments = ["sweep", "counter", "--param", "width=4", "--out", "sw"]
        let failed = try await user.run(arguments, environment: ["PATH=\(bin.path)"])
        #expect(failed.status == 75, "\(failed.output)")
        #expect(failed.standardError.contains("1 points could not be computed in this run and are not recorded"), "\(failed.output)")
        #expect(try Self.records(user.cwd.appendingPathComponent("sw")).isEmpty)
        let rerun = try await user.run(arguments)
        #expect(rerun.status == 0, "\(rerun.output)")
        #expect(rerun.standardOutput.contains("1 points (0 reused)"), "\(rerun.output)")
        let records = try Self.records(user.cwd.appendingPathComponent("sw"))
        #expect((records.first?["generic"] as? [String: Any])?["status"] as? String == "done")
    }
}
