import BlockCatalog
import Foundation
import HDLSim
import Sweep
import Testing

/// Shared inputs of the sweep tests: a small predictor-array sweep (three sizes that synthesize in well under a
/// second each) and helpers to run sweeps into fresh folders and read their outputs.
enum Fixtures {
    /// The DLZS predictor array over 1, 2 and 4 rows, shrunk everywhere else so Yosys is quick.
    static let smallArraySpec = SweepSpec(
        blocks: ["dlzs-array"],
        axes: [ParameterAxis(names: ["rows"], values: [["1"], ["2"], ["4"]]), ParameterAxis(names: ["lanes"], values: [["1"]]),
               ParameterAxis(names: ["head-dim"], values: [["2"]]), ParameterAxis(names: ["data-width"], values: [["4"]]),
               ParameterAxis(names: ["index-width"], values: [["2"]])])

    static let allTools = SweepTools(yosys: true, nextpnr: true, sta: true, osu018: true)
    static let noTools = SweepTools(yosys: false, nextpnr: false)

    /// A fresh, empty parent folder; the sweep folder inside it does not exist yet.
    static func folder(_ name: String) throws -> SweepFolder {
        SweepFolder(try Workspace.directory("sweep-\(name)").appendingPathComponent("out"))
    }

    /// Collects what a sweep logs.
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [SweepLog] = []
        var all: [SweepLog] { lock.withLock { entries } }
        var warnings: [String] { all.compactMap { if case .warning(let w) = $0 { w } else { nil } } }
        var progress: [String] { all.compactMap { if case .progress(let p) = $0 { p } else { nil } } }
        var sink: @Sendable (SweepLog) -> Void { { [self] e in lock.withLock { entries.append(e) } } }
    }

    @discardableResult
    static func run(_ spec: SweepSpec, into folder: SweepFolder, shard: Shard = .whole, jobs: Int = 1,
                    tools: SweepTools = allTools, log: Log = Log()) async throws -> SweepRun.Summary {
        try await SweepRun(spec: spec, folder: folder, shard: shard, jobs: jobs, tools: tools, log: log.sink).run()
    }

    /// The small array sweep, run once (one job, all tools) and shared by the tests that compare against it.
    static let baseline: Task<SweepFolder, Error> = Task {
        let folder = try Fixtures.folder("baseline")
        try await run(smallArraySpec, into: folder)
        return folder
    }

    static func text(_ folder: SweepFolder, _ name: String) throws -> String {
        try String(contentsOf: folder.url.appendingPathComponent(name), encoding: .utf8)
    }

    static func table(_ folder: SweepFolder) throws -> ResultTable {
        CSVWriter.parse(try text(folder, "results.csv"))
    }

    /// A record as a sweep would make it, with made-up synthesis results: for tests of the writers.
    static func record(_ point: SweepPoint, cells: [String: Int]?, ice40: [String: Int]? = nil, fmax: Double? = nil,
                       failure: String? = nil) throws -> PointRecord {
        var r = PointRecord(point: point, elaboration: ElaborationFigures(milliseconds: 1.5, verilogLines: 100, modules: 2),
                            figures: try Catalog.block(named: point.block).figures(point.overrides))
        if let cells {
            r.generic = .done
            r.genericCells = cells
            r.genericMemories = []
        }
        if let ice40 {
            r.ice40 = .done
            r.ice40Cells = ice40
            r.placeRoute = failure.map { StepResult.failed($0) } ?? .done
            r.fmaxMHz = fmax
            r.logicCells = fmax == nil ? nil : 99
        }
        return r
    }
}
