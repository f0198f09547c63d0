import AttentionRuntime
import Foundation
import SOFA
import SOFAModel
import Sweep

/// The attention core's cycles as R (query rows per tile) varies, from its cycle model (equal to the RTL's counters:
/// Tests/SOFATests/CoreCycleModelTests): one fixed MiniLM head (by default the 256-token essay, layer 2, head 0) and
/// the whole set of 128+ token texts, topk keep 25 % with one segment and dense, on the default core (or the one
/// `overrides` give) with `rows` changed. With the R sweep's `results.csv` (`sofa-gen sweep attention-core --param rows=...`), each R's cells,
/// memory bits and area join the cycles, and the product of area and cycles on the fixed head shows the design
/// point. With an output folder, writes `cycles.csv`, `cycles.md` and `cycles.svg` there.
struct CoreRowsBenchmark {
    var directory: URL
    var rows = [4, 8, 16, 32]
    var fixed = (sample: 7, layer: 2, head: 0)
    var minimumTokens = 128
    var sweepResults: URL?
    var output: URL?
    /// Parameters of the core other than `rows` (`queue-depth=64`), as `sofa-gen emit attention-core` takes them.
    var overrides: [String: String] = [:]

    struct Row {
        var rows: Int
        var fixedSparse: CoreCycleModel.Prediction
        var fixedDense: CoreCycleModel.Prediction
        var set: CoreCyclesBenchmark.Totals
        var cells: String = "", memoryBits: String = "", areaUm2: String = ""
    }

    func run() throws {
        if overrides["rows"] != nil { throw NumpyError("core-rows: rows is what it varies") }
        _ = try AttentionCoreOverrides.core(overrides)
        let data = try AttentionDataSet.load(directory: directory)
        let heads = data.heads.filter { $0.tokens >= minimumTokens }
        guard let head = data.heads.first(where: { $0.sample == fixed.sample && $0.layer == fixed.layer && $0.head == fixed.head }) else {
            throw NumpyError("\(directory.path): no head sample \(fixed.sample) layer \(fixed.layer) head \(fixed.head)")
        }
        let sparseSelection = KeySelection.topk(keep: 0.25, segments: 1, radius: nil)
        let sweep = try sweepResults.map { try SweepFigures(csv: $0) }
        print("""
            fixed head: sample \(head.sample) layer \(head.layer) head \(head.head) (\(head.tokens) tokens); \
            set: \(heads.count) heads of \(minimumTokens)+ tokens (\(directory.path)); topk keep 25 %, n = 1 vs dense
            core: \(AttentionCore.parameters.filter { $0.name != "rows" }.map { "\($0.name) \($0.value(in: AttentionCore.configured(overrides)))" }
                .joined(separator: ", ")), R varied
            """)
        var table: [Row] = []
        for r in rows {
            var core = try AttentionCoreOverrides.core(overrides)
            core.rows = r
            try core.validate()
            let driver = AttentionCoreDriver(core: core)
            let model = CoreCycleModel(parameters: .init(core: core))
            func predict(_ h: AttentionHead, _ selection: KeySelection) throws -> CoreCycleModel.Prediction {
                let p = try model.predict(try AttentionCoreInput(h), selection: selection, configuration: driver.modelConfiguration).starts
                return p.dropFirst().reduce(p[0], +)
            }
            var set = CoreCyclesBenchmark.Totals()
            for h in heads { set.add(rows: h.tokens, sparse: try predict(h, sparseSelection), dense: try predict(h, .dense)) }
            var row = Row(rows: r, fixedSparse: try predict(head, sparseSelection), fixedDense: try predict(head, .dense), set: set)
            if let figures = sweep?.byRows[r] {
                (row.cells, row.memoryBits, row.areaUm2) = (figures.cells, figures.memoryBits, figures.areaUm2)
            }
            table.append(row)
        }
        let columns = ["rows", "head_cycles_topk", "head_cycles_dense", "head_speedup", "head_utilization_topk",
                       "set_cycles_topk", "set_cycles_dense", "set_speedup", "set_utilization_topk", "set_utilization_dense",
                       "set_kv_reads_per_kept_key", "generic_cells", "generic_memory_bits", "sky130_area_um2",
                       "sky130_area_x_head_cycles_mm2_kcycles"]
        let lines = table.map { t -> [String] in
            let lanes = (rows: t.rows, macLanes: AttentionCore.configured(overrides).macLanes)
            let product = Double(t.areaUm2).map { String(format: "%.1f", $0 / 1e6 * Double(t.fixedSparse.cycles) / 1e3) } ?? ""
            return [String(t.rows), String(t.fixedSparse.cycles), String(t.fixedDense.cycles),
                    String(format: "%.2f", Double(t.fixedDense.cycles) / Double(t.fixedSparse.cycles)),
                    String(format: "%.3f", t.fixedSparse.utilization(rows: lanes.rows, macLanes: lanes.macLanes)),
                    String(t.set.sparse.cycles), String(t.set.dense.cycles),
                    String(format: "%.2f", Double(t.set.dense.cycles) / Double(t.set.sparse.cycles)),
                    String(format: "%.3f", t.set.sparse.utilization(rows: lanes.rows, macLanes: lanes.macLanes)),
                    String(format: "%.3f", t.set.dense.utilization(rows: lanes.rows, macLanes: lanes.macLanes)),
                    String(format: "%.3f", Double(t.set.sparse.kvReads) / Double(t.set.sparse.keysKept)),
                    t.cells, t.memoryBits, t.areaUm2, product]
        }
        let widths = columns.indices.map { i in max(columns[i].count, lines.map { $0[i].count }.max() ?? 0) }
        print(zip(columns, widths).map { $0.0.padding(toLength: $0.1, withPad: " ", startingAt: 0) }.joined(separator: "  "))
        for l in lines { print(zip(l, widths).map { String(repeating: " ", count: $0.1 - $0.0.count) + $0.0 }.joined(separator: "  ")) }
        guard let output else { return }
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let csv = ([columns] + lines).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
        try Data(csv.utf8).write(to: output.appendingPathComponent("cycles.csv"))
        let md = "| " + columns.joined(separator: " | ") + " |\n|" + columns.map { _ in "---:" }.joined(separator: "|") + "|\n"
            + lines.map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n") + "\n"
        try Data(md.utf8).write(to: output.appendingPathComponent("cycles.md"))
        // `kind` names a sweep's file only; the plot is rendered from its title, labels and series.
        let plot = Plots.Plot(kind: .area, title: "Cycles of the fixed head (sample \(head.sample), layer \(head.layer), head \(head.head))",
                              xLabel: "rows (R)", yLabel: "cycles",
                              series: [Plots.Series(name: "topk 25 %", points: table.map { (Double($0.rows), Double($0.fixedSparse.cycles)) }),
                                       Plots.Series(name: "dense", points: table.map { (Double($0.rows), Double($0.fixedDense.cycles)) })])
        try Data(SVGPlot.render(plot).utf8).write(to: output.appendingPathComponent("cycles.svg"))
        print("wrote cycles.csv, cycles.md, cycles.svg in \(output.path)")
    }

    /// The figures of each R from a sweep's `results.csv`.
    struct SweepFigures {
        var byRows: [Int: (cells: String, memoryBits: String, areaUm2: String)] = [:]

        init(csv: URL) throws {
            let table = CSVWriter.parse(try String(contentsOf: csv, encoding: .utf8))
            guard let rows = table.column("rows"), let cells = table.column("generic_cells") else {
                throw NumpyError("\(csv.path): not the results.csv of an attention-core sweep over rows")
            }
            let bits = table.column("generic_memory_bits") ?? rows.map { _ in "" }
            let area = table.column("sky130_area_um2") ?? rows.map { _ in "" }
            for i in rows.indices { if let r = Int(rows[i]) { byRows[r] = (cells[i], bits[i], area[i]) } }
        }
    }
}

/// The attention core a benchmark runs: the default with `name=value` parameters as `sofa-gen emit attention-core`
/// takes them, validated.
enum AttentionCoreOverrides {
    static func core(_ overrides: [String: String]) throws -> AttentionCore {
        let names = Set(AttentionCore.parameters.map(\.name))
        if let unknown = overrides.keys.sorted().first(where: { !names.contains($0) }) {
            throw NumpyError("\(unknown) is not a parameter of attention-core (\(names.sorted().joined(separator: ", ")))")
        }
        let core = AttentionCore.configured(overrides)
        for p in AttentionCore.parameters where overrides[p.name] != nil && p.value(in: core) != overrides[p.name] {
            throw NumpyError("\(p.name)=\(overrides[p.name]!): not a value of attention-core's \(p.name)")
        }
        try core.validate()
        return core
    }
}
