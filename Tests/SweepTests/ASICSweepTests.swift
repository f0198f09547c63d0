import Foundation
import HDLSim
import Sweep
import Testing

/// `--synth sky130` and `--synth osu018` on the small predictor array (one and two rows: seconds each).
@Suite struct ASICSweepTests {
    static func spec(_ mode: SynthesisSettings.Mode, targetMHz: Double = 100) throws -> SweepSpec {
        var spec = Fixtures.smallArraySpec
        spec.axes[0] = try ParameterAxis.parse("rows=1,2")
        spec.synthesis = SynthesisSettings(mode: mode, targetMHz: targetMHz)
        return spec
    }

    static func numbers(_ table: ResultTable, _ column: String) throws -> [Double] {
        let cells = try #require(table.column(column), "\(column) in \(table.columns)")
        return try cells.map { try #require(Double($0), "\(column): \(cells)") }
    }

    @Test func sky130PointsGetTheirAreaPerModule() async throws {
        let folder = try Fixtures.folder("sky130")
        try await Fixtures.run(try Self.spec(.sky130), into: folder, jobs: 2)
        let table = try Fixtures.table(folder)
        for column in ["sky130_area_um2", "sky130_cells", "sky130_flip_flops", "sky130_flip_flop_area_um2"] {
            let values = try Self.numbers(table, column)
            #expect(values[0] > 0 && values[0] < values[1], "\(column) grows with rows: \(values)")
        }
        #expect(table.columns.contains("sky130:sky130_fd_sc_hd__dfxtp_1"), "cell counts by type")
        #expect(!table.columns.contains("slack_ns"), "no timing without a timing library")
        #expect(table.column("notes") == ["", ""])
        // The array's area is its rows' and encoders' areas: modules.csv adds up.
        let modules = CSVWriter.parse(try Fixtures.text(folder, "modules.csv"))
        #expect(modules.columns == ["point", "block", "label", "module", "instances", "cells", "area_um2", "hierarchy_area_um2"])
        let point1 = modules.rows.filter { $0[0] == "1" }
        #expect(point1.first?[3] == "DLZSPredictorArray" && point1.first?[7] == table.column("sky130_area_um2")?[1])
        let sum = point1.reduce(0.0) { $0 + Double($1[4])! * Double($1[6])! }
        #expect(abs(sum - (try Self.numbers(table, "sky130_area_um2"))[1]) < 0.05, "\(point1)")
        #expect(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("cell-area.svg").path))
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("fmax.svg").path))
        let md = try Fixtures.text(folder, "results.md")
        #expect(md.contains("sky130 area (µm²)") && md.contains("--synth sky130") && md.contains("no timing"))
    }

    @Test func osu018PointsGetAreaAndTiming() async throws {
        let folder = try Fixtures.folder("osu018")
        try await Fixtures.run(try Self.spec(.osu018, targetMHz: 250), into: folder)
        let table = try Fixtures.table(folder)
        let area = try Self.numbers(table, "osu018_area_um2")
        #expect(area[0] > 0 && area[0] < area[1], "\(area)")
        let slack = try Self.numbers(table, "slack_ns"), fmax = try Self.numbers(table, "fmax_mhz")
        for k in 0..<2 {
            #expect(abs(fmax[k] - 1000 / (4 - slack[k])) < 0.1, "Fmax is the inverse of the period less the slack")
            #expect(fmax[k] > 50 && fmax[k] < 2000, "\(fmax)")
        }
        for column in ["critical_path_start", "critical_path_end"] {
            #expect(table.column(column)!.allSatisfy { $0.hasSuffix("(register)") || $0.hasSuffix("(input)") || $0.hasSuffix("(output)") },
                    "\(column): \(table.column(column)!)")
        }
        #expect(try Self.numbers(table, "critical_path_depth").allSatisfy { $0 >= 1 })
        #expect(table.column("notes") == ["", ""])
        #expect(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("fmax.svg").path))
        let md = try Fixtures.text(folder, "results.md")
        let modules = CSVWriter.parse(try Fixtures.text(folder, "modules.csv"))
        #expect(modules.rows.map { $0[3] } == ["DLZSPredictorArray", "DLZSPredictorArray"], "mapped flat for timing: \(modules.rows)")
        for text in ["--synth osu018 --target-mhz 250", "typical corner", "no wire load", "DFFPOSX1", "critical path from", "Fmax (MHz)",
                     "flattened after `synth`"] {
            #expect(md.contains(text), "\(text)")
        }
    }

    /// Without the OSU Liberty file or OpenSTA the sweep warns with the install commands and leaves their columns
    /// empty; a rerun with them fills the points in.
    @Test func missingLibraryOrAnalyserAreNamedWithTheirInstallCommands() async throws {
        let folder = try Fixtures.folder("osu018-missing")
        var spec = try Self.spec(.osu018)
        spec.axes[0] = try ParameterAxis.parse("rows=1")
        let log = Fixtures.Log()
        try await Fixtures.run(spec, into: folder, tools: SweepTools(yosys: true, nextpnr: false, sta: false, osu018: false), log: log)
        #expect(log.warnings.contains { $0.contains("sudo apt-get install -y qflow-tech-osu018") && $0.contains("scripts/install-osu018.sh") },
                "\(log.warnings)")
        #expect(log.warnings.contains { $0.contains("sta was not found") && $0.contains("sudo apt-get install -y opensta") }, "\(log.warnings)")
        var table = try Fixtures.table(folder)
        #expect(table.column("osu018_area_um2") == [""] && table.column("slack_ns") == [""])
        #expect(table.column("notes")?.first?.contains("cell mapping: osu018_stdcells.lib not found") == true, "\(table.column("notes")!)")
        #expect(table.column("generic_cells")?.first.flatMap { Int($0) } != nil, "the generic figures do not wait")

        let withLibrary = try await Fixtures.run(spec, into: folder, tools: SweepTools(yosys: true, nextpnr: false, sta: false, osu018: true))
        #expect(withLibrary.computed == 1)
        table = try Fixtures.table(folder)
        #expect(table.column("osu018_area_um2")?.first.flatMap { Double($0) } != nil)
        #expect(table.column("notes") == ["sta: sta not found"])
        let withSTA = try await Fixtures.run(spec, into: folder)
        #expect(withSTA.computed == 1)
        #expect(try Fixtures.table(folder).column("slack_ns")?.first.flatMap { Double($0) } != nil)
    }
}

extension ASICSweepTests {
    /// A FIFO's storage stays a memory macro: counted by its bits in both the generic and the sky130 columns, outside
    /// the flip-flops and the µm².
    @Test func memoriesAreCountedByBits() async throws {
        let folder = try Fixtures.folder("memories")
        var spec = SweepSpec(blocks: ["fifo"], axes: [try ParameterAxis.parse("depth=16,32"), try ParameterAxis.parse("width=8")])
        spec.synthesis = SynthesisSettings(mode: .sky130)
        try await Fixtures.run(spec, into: folder, jobs: 2)
        let table = try Fixtures.table(folder)
        #expect(table.column("generic_memory_bits") == ["128", "256"], "\(table.columns)")
        #expect(table.column("sky130_memory_bits") == ["128", "256"])
        #expect(table.column("generic:$mem_v2") == ["1", "1"])
        let flipFlops = try Self.numbers(table, "generic_flip_flops")
        #expect(flipFlops.allSatisfy { $0 < 64 }, "pointers and count only: \(flipFlops)")
        #expect(table.column("notes") == ["", ""])
    }
}
