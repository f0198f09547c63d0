import Foundation
import HDLSim

/// `results.md`: the command that made the sweep, how points were synthesized, the main figures as a table (no
/// wall-clock times, so the file is identical for identical results), a comparison of every other block with the
/// first one when several blocks were swept, and the plots.
public enum MarkdownReport {
    public static func text(_ results: SweepResults, plots: [Plots.Plot]) -> String {
        let spec = results.spec
        let table = results.table
        var s = "# Sweep: \(spec.blocks.joined(separator: ", "))\n\n"
        s += "```sh\nsofa-gen sweep \(spec.arguments.map(shellQuoted).joined(separator: " ")) --out DIR\n```\n\n"
        s += method(spec) + "\n\n"
        s += "\(results.points.count) points. All figures of every point, and the wall-clock times, are in `results.csv`.\n\n"

        // The main table: swept parameters, the blocks' figures, the synthesis figures, notes.
        let swept = spec.sweptParameters
        var selected: [(column: String, header: String)] = []
        if spec.blocks.count > 1 { selected.append(("block", "block")) }
        selected += swept.map { ($0, $0) }
        let figureColumns = table.columns.drop { $0 != "modules" }.dropFirst().prefix { $0 != "generic_cells" }
        selected.append(("verilog_lines", "Verilog lines"))
        selected += figureColumns.map { ($0, $0) }
        selected += [("generic_cells", "cells"), ("generic_flip_flops", "flip-flops"), ("generic:$mem_v2", "memories"),
                     ("generic_memory_bits", "memory bits")]
        if spec.synthesis.mode == .ice40 {
            selected += [("ice40_lut4", "LUT4"), ("ice40_carry", "carry"), ("ice40_flip_flops", "DFF"), ("ice40_dsp", "DSP"),
                         ("ice40_ram", "RAM"), ("ice40_logic_cells", "logic cells"), ("fmax_mhz", "Fmax (MHz)")]
        }
        if let library = spec.synthesis.mode.cellLibrary {
            let l = library.rawValue
            selected += [("\(l)_area_um2", "\(l) area (µm²)"), ("\(l)_cells", "\(l) cells"), ("\(l)_flip_flops", "\(l) flip-flops")]
            if library.hasTiming {
                selected += [("slack_ns", "slack (ns)"), ("critical_path_start", "critical path from"), ("critical_path_end", "to"),
                             ("critical_path_depth", "cells on it"), ("fmax_mhz", "Fmax (MHz)")]
            }
        }
        let notes = table.column("notes") ?? []
        if notes.contains(where: { !$0.isEmpty }) { selected.append(("notes", "notes")) }
        let columns = selected.compactMap { c in table.column(c.column).map { (c.header, $0) } }
        s += markdownTable(headers: columns.map(\.0), rows: table.rows.indices.map { r in columns.map { $0.1[r] } })

        if spec.blocks.count > 1 {
            s += comparison(results, table: table)
        }
        if !plots.isEmpty {
            s += "\n## Plots\n\n"
            for plot in plots { s += "![\(plot.title)](\(plot.kind.fileName))\n\n" }
        }
        return s
    }

    static func method(_ spec: SweepSpec) -> String {
        var s = "Area: Yosys generic `synth` (hierarchical: each distinct module once, instances counted; writable memories "
        s += "of \(MemoryMacros.minimumWords) words or more kept as macros, one `$mem_v2` cell each, counted by their bits: not as "
        s += "flip-flops, and "
        s += "outside a standard-cell area)."
        if spec.synthesis.mode == .ice40 {
            let d = spec.synthesis.device
            s += " iCE40: `synth_ice40 \((d.synthOptions + ["-noflatten"]).joined(separator: " "))` for the block's own cells; "
            s += "Fmax from `nextpnr-ice40 \(d.nextpnrArguments.joined(separator: " "))` at a "
            s += "\(SynthesisSettings.format(spec.synthesis.targetMHz)) MHz target (seed 1), out of context: the block inside "
            s += "a 5-pin shift-register wrapper (inputs from a shift register, outputs captured in registers)."
        }
        if let library = spec.synthesis.mode.cellLibrary {
            s += " Cells: " + library.summary + "; `synth`, `dfflibmap -liberty`, `abc -liberty`"
            if library.hasTiming {
                let mhz = SynthesisSettings.format(spec.synthesis.targetMHz)
                s += ", flattened after `synth` (ABC buffers only inside the netlist it maps, so nets that cross module boundaries "
                s += "must be inside it; `modules.csv` has the top alone), ABC aiming at the \(mhz) MHz period with fan-out buffering (at most 16) "
                s += "and gate sizing. Timing: OpenSTA at "
                s += "\(mhz) MHz, typical corner, no wire load (the library has none: pin capacitance only, pre-layout), ideal clock; "
                s += "the block alone, its inputs driven by a DFFPOSX1 (clock-to-Q counted, input delay 0), its outputs loading a "
                s += "DFFPOSX1 D pin (output delay 0). Fmax = 1 / (period - worst slack). Memories kept as macros are "
                s += "taken out of the timed netlist: paths into and out of them are not timed."
            } else {
                s += ", hierarchical (each distinct module mapped once; `modules.csv` has every module's cells and area), ABC "
                s += "mapping for area (the library has no timing)."
            }
        }
        return s
    }

    /// Every other block's points against the first block's points with the same values of the swept parameters
    /// all points share: cells (and LUT4 with iCE40) and their ratio. When the first block has variants (e.g. two
    /// roundings), each is a row of its own.
    static func comparison(_ results: SweepResults, table: ResultTable) -> String {
        let baseline = results.spec.blocks[0]
        let points = results.points
        let swept = results.spec.sweptParameters
        let cells = table.column("generic_cells") ?? []
        let luts = table.column("ice40_lut4")
        let areas = results.spec.synthesis.mode.cellLibrary.flatMap { table.column("\($0.rawValue)_area_um2") }
        let basePoints = points.indices.filter { points[$0].block == baseline }
        let others = points.indices.filter { points[$0].block != baseline }
        let shared = swept.filter { name in points.allSatisfy { p in p.swept.contains { $0.name == name } } }
        guard !basePoints.isEmpty, !others.isEmpty else { return "" }
        func variant(_ p: SweepPoint) -> String {
            ([p.block] + p.swept.filter { !shared.contains($0.name) && swept.contains($0.name) }.map { "\($0.name)=\($0.value)" })
                .joined(separator: " ")
        }
        var rows: [[String]] = []
        for k in others {
            let key = points[k].swept.filter { shared.contains($0.name) }
            for b in basePoints where key.allSatisfy({ points[b].swept.contains($0) }) {
                var row = key.map(\.value) + [variant(points[k]), cells[k], variant(points[b]), cells[b], ratio(cells[k], cells[b])]
                if let luts { row += [luts[k], luts[b], ratio(luts[k], luts[b])] }
                if let areas { row += [areas[k], areas[b], ratio(areas[k], areas[b])] }
                rows.append(row)
            }
        }
        guard !rows.isEmpty else { return "" }
        var headers = shared + ["block", "cells", "baseline", "baseline cells", "cells ratio"]
        if luts != nil { headers += ["LUT4", "baseline LUT4", "LUT4 ratio"] }
        if areas != nil { headers += ["area (µm²)", "baseline area (µm²)", "area ratio"] }
        return "\n## Compared with \(baseline)\n\n" + markdownTable(headers: headers, rows: rows)
    }

    static func ratio(_ a: String, _ b: String) -> String {
        guard let x = Double(a), let y = Double(b), y > 0 else { return "" }
        return String(format: "%.2f", x / y)
    }

    static func markdownTable(headers: [String], rows: [[String]]) -> String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        return line(headers) + "|" + String(repeating: "---|", count: headers.count) + "\n" + rows.map(line).joined()
    }

    static func shellQuoted(_ s: String) -> String {
        s.allSatisfy { $0.isLetter || $0.isNumber || "-_=:,./".contains($0) } ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
