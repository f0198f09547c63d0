import BlockCatalog
import Foundation

/// The results as one table of text cells: the columns of `results.csv`, in a fixed order that depends only on
/// the spec and the records (not on timing, jobs or shards):
///
/// - `point` (0-based sweep position), `block`, then every parameter of the swept blocks (full configuration;
///   empty where a block lacks the parameter), in catalog order;
/// - `verilog_lines`, `modules`, then the blocks' own figures (`latency`, `ops_per_cycle`, ...);
/// - `generic_cells`, `generic_flip_flops`, `generic_memory_bits` (when a point kept memories as macros, see
///   `MemoryMacros`; each is one `generic:$mem_v2` cell), then `generic:<type>` per Yosys cell type;
/// - with `--synth ice40`: `ice40_lut4`, `ice40_carry`, `ice40_flip_flops`, `ice40_dsp`, `ice40_ram` (the block's
///   own cells), `ice40_logic_cells` (placed, wrapper included) and `fmax_mhz`;
/// - with `--synth sky130` or `osu018` (`<lib>` is the library): `<lib>_area_um2`, `<lib>_cells`, `<lib>_flip_flops`,
///   `<lib>_flip_flop_area_um2`, `<lib>_memory_bits` (when a point kept memories: outside the area), then
///   `<lib>:<cell>` per library cell type; with `osu018` also the worst path at the target clock: `slack_ns`,
///   `critical_path_start`, `critical_path_end`, `critical_path_depth` and `fmax_mhz` (the target period minus the
///   slack, inverted);
/// - `notes`: why a figure is missing (a failed step's message, a tool that was not found);
/// - last, the wall-clock columns `elaborate_ms`, `synthesis_s` (and `place_route_s`), the only ones that differ
///   between runs of the same sweep (`timingColumns`).
///
/// A cell is empty when its figure does not exist for the point: the tool was missing, the step failed (see
/// `notes`), or the block has no such parameter or figure.
public struct ResultTable: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[String]]

    /// The columns whose values vary from run to run; compare tables without them.
    public static let timingColumns: Set<String> = ["elaborate_ms", "synthesis_s", "place_route_s"]

    public init(columns: [String], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }

    init(_ results: SweepResults) {
        let ice40 = results.spec.synthesis.mode == .ice40
        let library = results.spec.synthesis.mode.cellLibrary
        var parameters: [String] = []
        for name in results.spec.blocks {
            for p in (try? Catalog.block(named: name))?.parameters ?? [] where !parameters.contains(p.name) {
                parameters.append(p.name)
            }
        }
        var figures: [String] = []
        for r in results.records {
            for f in r.figures where !figures.contains(f.name) { figures.append(f.name) }
        }
        let cellTypes = Set(results.records.filter { $0.generic.status == .done }.flatMap(\.genericCells.keys)).sorted()
        let libraryCellTypes = Set(results.records.filter { $0.asic?.status == .done }.flatMap { ($0.asicCells ?? [:]).keys }).sorted()

        var columns = ["point", "block"]
        // A parameter or figure named like a fixed column gets a prefix, so no two columns share a name.
        func unique(_ name: String, prefix: String) -> String { columns.contains(name) ? "\(prefix):\(name)" : name }
        let parameterColumns = parameters.map { unique($0, prefix: "parameter") }
        columns += parameterColumns
        columns += ["verilog_lines", "modules"]
        let figureColumns = figures.map { unique($0, prefix: "figure") }
        columns += figureColumns
        // Memory bits only where a point kept memories (tables of designs without them keep their columns).
        let genericMemories = results.records.contains { ($0.genericMemoryBits ?? 0) > 0 }
        let asicMemories = results.records.contains { ($0.asicMemoryBits ?? 0) > 0 }
        columns += ["generic_cells", "generic_flip_flops"] + (genericMemories ? ["generic_memory_bits"] : [])
            + cellTypes.map { "generic:\($0)" }
        if ice40 {
            columns += ["ice40_lut4", "ice40_carry", "ice40_flip_flops", "ice40_dsp", "ice40_ram", "ice40_logic_cells", "fmax_mhz"]
        }
        if let library {
            let l = library.rawValue
            columns += ["\(l)_area_um2", "\(l)_cells", "\(l)_flip_flops", "\(l)_flip_flop_area_um2"]
                + (asicMemories ? ["\(l)_memory_bits"] : [])
                + libraryCellTypes.map { "\(l):\($0)" }
            if library.hasTiming {
                columns += ["slack_ns", "critical_path_start", "critical_path_end", "critical_path_depth", "fmax_mhz"]
            }
        }
        columns += ["notes", "elaborate_ms", "synthesis_s"] + (ice40 ? ["place_route_s"] : [])

        var rows: [[String]] = []
        for (point, record) in zip(results.points, results.records) {
            let values = Dictionary(uniqueKeysWithValues: record.configuration.map { ($0.name, $0.value) })
            let figureValues = Dictionary(record.figures.map { ($0.name, $0.text) }, uniquingKeysWith: { a, _ in a })
            var row = [String(point.index), record.block]
            row += parameters.map { values[$0] ?? "" }
            row += [String(record.elaboration.verilogLines), String(record.elaboration.modules)]
            row += figures.map { figureValues[$0] ?? "" }
            if record.generic.status == .done {
                let cells = Counts(record.genericCells)
                row += [String(cells.total), String(cells.flipFlops)] + (genericMemories ? [String(record.genericMemoryBits ?? 0)] : [])
                    + cellTypes.map { String(record.genericCells[$0] ?? 0) }
            } else {
                row += Array(repeating: "", count: 2 + (genericMemories ? 1 : 0) + cellTypes.count)
            }
            if ice40 {
                if record.ice40?.status == .done {
                    let c = Counts(record.ice40Cells)
                    row += [c["SB_LUT4"], c["SB_CARRY"], c.flipFlops, c["SB_MAC16"], c["SB_RAM40_4K"]].map(String.init)
                } else {
                    row += Array(repeating: "", count: 5)
                }
                let placed = record.placeRoute?.status == .done
                row.append(placed ? record.logicCells.map(String.init) ?? "" : "")
                row.append(placed ? record.fmaxMHz.map { String(format: "%.2f", $0) } ?? "" : "")
            }
            if let library {
                if record.asic?.status == .done, let cells = record.asicCells {
                    row += [Self.area(record.asicAreaUm2), String(cells.values.reduce(0, +)), String(record.asicFlipFlops ?? 0),
                            Self.area(record.asicFlipFlopAreaUm2)] + (asicMemories ? [String(record.asicMemoryBits ?? 0)] : [])
                    row += libraryCellTypes.map { String(cells[$0] ?? 0) }
                } else {
                    row += Array(repeating: "", count: 4 + (asicMemories ? 1 : 0) + libraryCellTypes.count)
                }
                if library.hasTiming {
                    if record.timing?.status == .done, let t = record.timingReport {
                        row += [String(format: "%.3f", t.slackNs), t.startpoint, t.endpoint, String(t.depth), String(format: "%.1f", t.fmaxMHz)]
                    } else {
                        row += Array(repeating: "", count: 5)
                    }
                }
            }
            row.append(Self.notes(record))
            row.append(String(format: "%.1f", record.elaboration.milliseconds))
            row.append(String(format: "%.2f", record.synthesisSeconds))
            if ice40 { row.append(String(format: "%.2f", record.placeRouteSeconds)) }
            rows.append(row)
        }
        self.init(columns: columns, rows: rows)
    }

    /// Cell counts by type with the sums the table shows.
    private struct Counts {
        var byType: [String: Int]
        init(_ byType: [String: Int]) { self.byType = byType }
        subscript(type: String) -> Int { byType[type] ?? 0 }
        var total: Int { byType.values.reduce(0, +) }
        var flipFlops: Int { byType.filter { $0.key.contains("DFF") }.values.reduce(0, +) }
    }

    /// An area in µm² with two decimals (the Liberty areas have six: the sum is exact to well below that).
    static func area(_ value: Double?) -> String {
        value.map { String(format: "%.2f", $0) } ?? ""
    }

    /// Why figures are missing, one clause per step that did not finish.
    static func notes(_ record: PointRecord) -> String {
        var out: [String] = []
        let steps = [(record.generic, "synth"), (record.ice40, "synth_ice40"), (record.placeRoute, "nextpnr"),
                     (record.asic, "cell mapping"), (record.timing, "sta")]
        for (step, name) in steps {
            guard let step, step.status != .done else { continue }
            switch step.status {
            case .toolMissing: out.append("\(name): \(step.message ?? "tool") not found")
            case .failed: out.append("\(name): \(step.message ?? "failed")")
            case .done: break
            }
        }
        return out.joined(separator: "; ")
    }

    /// The table without `names` (e.g. `timingColumns`), for comparing runs.
    public func removing(_ names: Set<String>) -> ResultTable {
        let keep = columns.indices.filter { !names.contains(columns[$0]) }
        return ResultTable(columns: keep.map { columns[$0] }, rows: rows.map { row in keep.map { row[$0] } })
    }

    /// The cells of one column (nil when there is no such column).
    public func column(_ name: String) -> [String]? {
        columns.firstIndex(of: name).map { i in rows.map { $0[i] } }
    }
}
