import Foundation
import HDLSim
import Sweep
import Testing

@Suite struct SweepMergeTests {
    /// The check: `--shard` + `merge` give the same CSV as one run (without the wall-clock columns), and the
    /// same Markdown and plots byte for byte.
    @Test func shardsThenMergeGiveTheSameResultsAsOneRun() async throws {
        let baseline = try await Fixtures.baseline.value
        let shards = try (0..<2).map { try Fixtures.folder("shard-\($0)") }
        for (i, folder) in shards.enumerated() {
            try await Fixtures.run(Fixtures.smallArraySpec, into: folder, shard: Shard(index: i, count: 2))
        }
        #expect(try Fixtures.table(shards[0]).column("point") == ["0", "2"])
        #expect(try Fixtures.table(shards[1]).column("point") == ["1"])
        let merged = try Fixtures.folder("merged")
        let summary = try SweepMerge.merge(shards, into: merged)
        #expect(summary == SweepMerge.Summary(points: 3, merged: 3, missing: 0))
        #expect(try Fixtures.table(merged).removing(ResultTable.timingColumns) == Fixtures.table(baseline).removing(ResultTable.timingColumns))
        for file in ["results.md", "area.svg"] {
            #expect(try Fixtures.text(merged, file) == Fixtures.text(baseline, file), "\(file)")
        }
        #expect(try merged.readDescription() == SweepFolder.Description(spec: Fixtures.smallArraySpec, shard: .whole))
        #expect(try FileManager.default.contentsOfDirectory(atPath: merged.store.directory.path).count == 3)
    }

    @Test func missingPointsAreReportedAndLeftOut() async throws {
        let shard = try Fixtures.folder("merge-partial-shard")
        try await Fixtures.run(Fixtures.smallArraySpec, into: shard, shard: Shard(index: 1, count: 2), tools: Fixtures.noTools)
        let merged = try Fixtures.folder("merge-partial")
        let log = Fixtures.Log()
        let summary = try SweepMerge.merge([shard], into: merged, log: log.sink)
        #expect(summary == SweepMerge.Summary(points: 3, merged: 1, missing: 2))
        #expect(log.warnings.count == 1 && log.warnings[0].hasPrefix("2 of 3 points are not finished"), "\(log.warnings)")
        #expect(try Fixtures.table(merged).column("point") == ["1"])
    }

    @Test func onlyFoldersOfOneSweepMerge() async throws {
        let a = try Fixtures.folder("merge-a"), b = try Fixtures.folder("merge-b")
        try await Fixtures.run(SweepSpec(blocks: ["counter"], axes: [try ParameterAxis.parse("width=4")]), into: a, tools: Fixtures.noTools)
        try await Fixtures.run(SweepSpec(blocks: ["counter"], axes: [try ParameterAxis.parse("width=5")]), into: b, tools: Fixtures.noTools)
        let out = try Fixtures.folder("merge-out")
        let different = #expect(throws: SweepError.self) { try SweepMerge.merge([a, b], into: out) }
        #expect(different?.message.contains("holds a different sweep") == true)
        let notASweep = #expect(throws: SweepError.self) {
            try SweepMerge.merge([SweepFolder(out.url.deletingLastPathComponent())], into: out)
        }
        #expect(notASweep?.message.contains("is not a sweep folder") == true)
        #expect(!FileManager.default.fileExists(atPath: out.url.path))
        // Into a folder that holds another sweep: refused too.
        let taken = #expect(throws: SweepError.self) { try SweepMerge.merge([a], into: b) }
        #expect(taken?.message.contains("holds a different sweep (sofa-gen sweep counter --param width=5); choose another --out") == true)
    }
}
