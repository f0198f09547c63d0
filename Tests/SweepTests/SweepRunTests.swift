import Foundation
import HDLSim
import Sweep
import Testing

@Suite struct SweepRunTests {
    /// The issue's end-to-end check: the predictor array over three sizes with Yosys; the CSV has the documented
    /// columns and the figures grow with the size.
    @Test func predictorArrayOverThreeSizes() async throws {
        let folder = try await Fixtures.baseline.value
        let table = try Fixtures.table(folder)
        for column in ["point", "block", "rows", "lanes", "verilog_lines", "modules", "latency", "ops_per_cycle", "generic_cells",
                       "generic_flip_flops", "notes", "elaborate_ms", "synthesis_s"] {
            #expect(table.columns.contains(column), "\(column) in \(table.columns)")
        }
        #expect(table.columns.contains { $0.hasPrefix("generic:$_") }, "cell counts by type")
        #expect(table.column("rows") == ["1", "2", "4"])
        for column in ["generic_cells", "generic_flip_flops", "verilog_lines", "ops_per_cycle"] {
            let values = try #require(table.column(column)).map { Int($0) }
            #expect(values.allSatisfy { $0 != nil }, "\(column): \(values)")
            #expect(zip(values, values.dropFirst()).allSatisfy { $0! < $1! }, "\(column) grows with rows: \(values)")
        }
        #expect(table.column("notes") == ["", "", ""])
        #expect(table.column("elaborate_ms")!.allSatisfy { Double($0)! > 0 })
        let fm = FileManager.default
        #expect(try fm.contentsOfDirectory(atPath: folder.store.directory.path).count == 3)
        #expect(!fm.fileExists(atPath: folder.work.path), "work folders go when every step succeeded")
        #expect(fm.fileExists(atPath: folder.url.appendingPathComponent("area.svg").path))
        #expect(!fm.fileExists(atPath: folder.url.appendingPathComponent("fmax.svg").path), "a generic sweep has no Fmax")
        #expect(try Fixtures.text(folder, "results.md").contains("| rows | Verilog lines |"))
    }

    /// Output order and contents do not depend on how many points run at once.
    @Test func twoJobsGiveTheSameResultsAsOne() async throws {
        let baseline = try await Fixtures.baseline.value
        let folder = try Fixtures.folder("two-jobs")
        let log = Fixtures.Log()
        try await Fixtures.run(Fixtures.smallArraySpec, into: folder, jobs: 2, log: log)
        #expect(try Fixtures.table(folder).removing(ResultTable.timingColumns) == Fixtures.table(baseline).removing(ResultTable.timingColumns))
        for file in ["results.md", "area.svg"] {
            #expect(try Fixtures.text(folder, file) == Fixtures.text(baseline, file), "\(file) is byte-identical")
        }
        // One progress line per point as it finishes, numbered in finishing order.
        let lines = log.progress.filter { $0.hasPrefix("[") }
        #expect(lines.map { String($0.prefix(5)) } == ["[1/3]", "[2/3]", "[3/3]"], "\(log.progress)")
    }

    /// A sweep stopped after some points resumes from them: only the missing point is computed, finished records
    /// are kept as they are.
    @Test func anInterruptedSweepResumesFromItsFinishedPoints() async throws {
        let baseline = try await Fixtures.baseline.value
        let folder = try Fixtures.folder("resume")
        try FileManager.default.copyItem(at: baseline.url, to: folder.url)
        let points = try Fixtures.smallArraySpec.points()
        let kept = try Data(contentsOf: folder.store.directory.appendingPathComponent("\(points[0].id).json"))
        try FileManager.default.removeItem(at: folder.store.directory.appendingPathComponent("\(points[1].id).json"))
        for file in ["results.csv", "results.md", "area.svg"] {
            try FileManager.default.removeItem(at: folder.url.appendingPathComponent(file))
        }
        let summary = try await Fixtures.run(Fixtures.smallArraySpec, into: folder)
        #expect(summary == SweepRun.Summary(points: 3, reused: 2, computed: 1, failed: 0))
        #expect(try Data(contentsOf: folder.store.directory.appendingPathComponent("\(points[0].id).json")) == kept)
        let table = try Fixtures.table(folder), expected = try Fixtures.table(baseline)
        #expect(table.removing(ResultTable.timingColumns) == expected.removing(ResultTable.timingColumns))
        #expect(table.column("elaborate_ms")?[0] == expected.column("elaborate_ms")?[0], "a reused point keeps its figures")
        #expect(try Fixtures.text(folder, "area.svg") == Fixtures.text(baseline, "area.svg"))
    }

    /// Without Yosys and nextpnr a sweep still writes what needs no tool, warns once per tool with the install
    /// command, and a rerun with the tools fills in the rest.
    @Test func withoutToolsTheSweepWritesWhatNeedsNone() async throws {
        let folder = try Fixtures.folder("no-tools")
        var spec = Fixtures.smallArraySpec
        spec.synthesis.mode = .ice40
        let log = Fixtures.Log()
        try await Fixtures.run(spec, into: folder, tools: Fixtures.noTools, log: log)
        #expect(log.warnings.count == 2, "\(log.warnings)")
        #expect(log.warnings[0].contains("yosys was not found") && log.warnings[0].contains("sudo apt-get install -y yosys"))
        #expect(log.warnings[1].contains("nextpnr-ice40 was not found") && log.warnings[1].contains("sudo apt-get install -y nextpnr-ice40"))
        let table = try Fixtures.table(folder)
        #expect(table.column("verilog_lines")!.allSatisfy { Int($0)! > 0 })
        #expect(table.column("ops_per_cycle") == ["1", "2", "4"])
        for column in ["generic_cells", "ice40_lut4", "fmax_mhz"] { #expect(table.column(column) == ["", "", ""], "\(column)") }
        #expect(table.column("notes")!.allSatisfy { $0.contains("synth: yosys not found") })
        #expect(Plots.Kind.allCases.allSatisfy { !FileManager.default.fileExists(atPath: folder.url.appendingPathComponent($0.fileName).path) })

        // Once Yosys is there, a rerun redoes the points that waited for it.
        let generic = try Fixtures.folder("no-tools-then-yosys")
        var one = Fixtures.smallArraySpec
        one.axes[0] = try ParameterAxis.parse("rows=1")
        try await Fixtures.run(one, into: generic, tools: Fixtures.noTools)
        #expect(try Fixtures.table(generic).column("generic_cells") == [""])
        let rerun = try await Fixtures.run(one, into: generic, tools: SweepTools(yosys: true, nextpnr: false))
        #expect(rerun.reused == 0 && rerun.computed == 1)
        #expect(try Fixtures.table(generic).column("generic_cells")!.allSatisfy { Int($0) != nil })
    }

    /// The issue's iCE40 path on two small points: the block's LUT4s and placed logic cells grow with its size, and
    /// nextpnr gives an Fmax for each.
    @Test func ice40PointsGetLUTsAndFmax() async throws {
        let folder = try Fixtures.folder("ice40")
        var spec = Fixtures.smallArraySpec
        spec.axes[0] = try ParameterAxis.parse("rows=1,4")
        spec.synthesis = SynthesisSettings(mode: .ice40, device: .hx8k, targetMHz: 50)
        try await Fixtures.run(spec, into: folder, jobs: 2)
        let table = try Fixtures.table(folder)
        for column in ["ice40_lut4", "ice40_flip_flops", "ice40_logic_cells"] {
            let values = try #require(table.column(column)).map { Int($0) }
            #expect(values.count == 2 && values[0] != nil && values[1] != nil && values[0]! < values[1]!, "\(column): \(values)")
        }
        #expect(table.column("ice40_dsp") == ["0", "0"])
        #expect(table.column("fmax_mhz")!.allSatisfy { Double($0).map { $0 > 10 && $0 < 1000 } == true }, "\(table.column("fmax_mhz")!)")
        for kind in Plots.Kind.allCases where kind != .cellArea {
            #expect(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent(kind.fileName).path), "\(kind)")
        }
        #expect(try Fixtures.text(folder, "results.md").contains("Fmax (MHz)"))
    }

    /// A failure is a result and is kept on a rerun, unless asked to retry.
    @Test func failedPointsAreKeptUnlessRetried() async throws {
        let folder = try Fixtures.folder("retry")
        let spec = SweepSpec(blocks: ["counter"], axes: [try ParameterAxis.parse("width=3")])
        try await Fixtures.run(spec, into: folder, tools: SweepTools(yosys: true, nextpnr: false))
        let point = try spec.points()[0]
        var record = try #require(folder.store.load(point))
        record.generic = .failed("ERROR: made up for the test")
        let writer = try folder.claim(for: spec)
        try writer.save(record)
        writer.release()
        let kept = try await Fixtures.run(spec, into: folder, tools: SweepTools(yosys: true, nextpnr: false))
        #expect(kept.reused == 1 && kept.failed == 1)
        #expect(try Fixtures.table(folder).column("notes") == ["synth: ERROR: made up for the test"])
        let retried = try await SweepRun(spec: spec, folder: folder, tools: SweepTools(yosys: true, nextpnr: false), retryFailed: true).run()
        #expect(retried.computed == 1 && retried.failed == 0)
        #expect(try Fixtures.table(folder).column("notes") == [""])
    }

    /// Bad input is found before anything is written.
    @Test func badInputWritesNothing() async throws {
        let parent = try Workspace.directory("sweep-bad-input")
        let out = SweepFolder(parent.appendingPathComponent("out"))
        let cases: [(SweepSpec, Int, String)] = [
            (SweepSpec(blocks: ["mac-array"], axes: [try ParameterAxis.parse("rows=0")]), 1, "--rows must be in"),
            // Each value is valid, the combination is not: the generator's own check, found by elaborating first.
            (SweepSpec(blocks: ["mac-array"], axes: [try ParameterAxis.parse("lanes=3,4")]), 1, "point 0 (mac-array lanes=3)"),
            (Fixtures.smallArraySpec, 0, "--jobs must be at least 1"),
        ]
        for (spec, jobs, message) in cases {
            let error = await #expect(throws: SweepError.self) {
                try await SweepRun(spec: spec, folder: out, jobs: jobs, tools: Fixtures.noTools).run()
            }
            #expect(error?.message.contains(message) == true, "\(String(describing: error))")
            #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).isEmpty)
        }
    }
}
