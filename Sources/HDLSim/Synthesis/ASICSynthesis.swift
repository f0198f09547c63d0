import Foundation
import HDL

/// One module of a design mapped to standard cells.
public struct ModuleArea: Codable, Hashable, Sendable {
    public var module: String
    /// How many times the whole design instantiates it (1 for the top).
    public var instances: Int
    /// Its own library cells (not its children's), for one instance.
    public var cells: Int
    /// The area of its own cells, one instance, µm².
    public var areaUm2: Double
    /// One instance with everything below it, µm² (the top's is the design's area).
    public var hierarchyAreaUm2: Double

    public init(module: String, instances: Int, cells: Int, areaUm2: Double, hierarchyAreaUm2: Double) {
        self.module = module
        self.instances = instances
        self.cells = cells
        self.areaUm2 = areaUm2
        self.hierarchyAreaUm2 = hierarchyAreaUm2
    }
}

extension Yosys {
    /// A design mapped to a standard-cell library: what it costs in cells and µm², module by module, and the
    /// gate-level netlist (for OpenSTA).
    public struct ASICSynthesis: Sendable {
        public var library: CellLibrary
        /// Library cells of the whole design by type (every instance counted).
        public var cells: CellCounts
        public var areaUm2: Double
        /// Flip-flops (cells with an `ff` group), and the part of the area they take.
        public var flipFlops: Int
        public var flipFlopAreaUm2: Double
        /// The top first, then the other modules by name.
        public var modules: [ModuleArea]
        /// Memories kept as macros (`MemoryMacros`): not mapped to the library, so not in the cells or the area.
        public var memories: [MemoryMacro]
        /// Hierarchical gate-level Verilog (`netlist.v`), register cells named after the registers they implement.
        public var netlist: URL
        /// The Liberty file the design was mapped with.
        public var liberty: URL
        /// The design's area as Yosys's `stat -liberty` prints it (a check of `areaUm2`).
        public var yosysAreaUm2: Double?
    }

    /// The ABC script for a library with timing: Yosys 0.23's own script for Liberty mapping aimed at a delay
    /// target, followed by buffering of large fan-outs and gate sizing (without them a select line driving hundreds
    /// of multiplexers through one minimum-size gate makes the critical path, which a real flow's repair would fix).
    public static func timingScript(delayTargetPs: Double) -> String {
        let d = String(format: "%.0f", delayTargetPs)
        return ["strash", "&get -n", "&fraig -x", "&put", "scorr", "dc2", "dretime", "strash", "&get -n", "&dch -f",
                "&nf -D \(d)", "&put", "buffer -N 16", "upsize -D \(d)", "dnsize -D \(d)", "stime -p"].joined(separator: "\n") + "\n"
    }

    /// Maps `design` to `library`: `synth` (writable memories kept as macros, `MemoryMacros`: listed in `memories`,
    /// outside the cells and the area); `dfflibmap` and `abc` with the Liberty file; registers named after their
    /// signals; then cells and areas per module from `stat -json` and the Liberty's cell areas, and `netlist.v`.
    /// Writes into `directory`.
    ///
    /// For area (no `delayTargetPs`, or a library without timing) the mapping is hierarchical, each distinct module
    /// once (like `genericCells`), so `modules` gives every module's share. For timing the generic `synth` is the
    /// same, then the design is flattened before `dfflibmap` and `abc` (`modules` holds the top alone): ABC buffers
    /// and sizes only inside the netlist it is given and never buffers a module's inputs, so a hierarchical mapping
    /// leaves a signal that crosses into a child and fans out there (a row's load enable, 320 register inputs) on
    /// one minimum-size gate, a 7 ns path no real flow would keep.
    public static func asic(_ design: VerilogDesign, library: CellLibrary, delayTargetPs: Double? = nil,
                            in directory: URL) async throws -> ASICSynthesis {
        try design.write(to: directory)
        let liberty = try library.liberty(in: directory)
        let areas = LibertyAreas(text: try String(contentsOf: liberty, encoding: .utf8))
        let files = design.files.map(\.name).joined(separator: " ")
        var abc = "abc -liberty \(liberty.path)"
        let forTiming = library.hasTiming && delayTargetPs != nil
        if forTiming, let delayTargetPs {
            let script = directory.appendingPathComponent("map.abc")
            try Data(timingScript(delayTargetPs: delayTargetPs).utf8).write(to: script)
            abc += " -script \(script.path)"
        }
        let commands = [
            "read_verilog \(files)", MemoryMacros.synthesis(top: design.top).joined(separator: "; "),
            // Register cells take their signal's name (`acc_q[3]$_SDFF_PP0_`), so timing paths name registers; for
            // timing, flattened after that (a flat `synth` would lose names of registers that fed child ports).
            "rename -wire t:$_*DFF*", forTiming ? "flatten" : "",
            "dfflibmap -liberty \(liberty.path)", abc, "opt_clean -purge", "setundef -zero",
            MemoryMacros.dumpCommand, "tee -q -o stat.json stat -json -top \(design.top)",
            "tee -q -o stat.txt stat -liberty \(liberty.path) -top \(design.top)",
            // OpenSTA reads structural Verilog only, and a kept memory would be written as behavioural code: for
            // timing it is taken out of the netlist (its read data tied to 0), so paths into and out of it are not
            // timed. The cells and area above are counted before.
            forTiming ? "delete t:$mem_v2; setundef -undriven -zero" : "",
            "write_verilog -noattr -noexpr -nohex -nodec netlist.v",
        ]
        let result = try await runProcess(.yosys, ["-q", "-p", commands.filter { !$0.isEmpty }.joined(separator: "; ")], in: directory)
        guard result.succeeded else { throw Failure(message: String(result.output.suffix(4000))) }
        let stat = try Data(contentsOf: directory.appendingPathComponent("stat.json"))
        let dump = try String(contentsOf: directory.appendingPathComponent(MemoryMacros.dumpFile), encoding: .utf8)
        var synthesis = try parseASICStat(stat, top: design.top, areas: areas, library: library, memoryDump: dump)
        synthesis.netlist = directory.appendingPathComponent("netlist.v")
        synthesis.liberty = liberty
        if let text = try? String(contentsOf: directory.appendingPathComponent("stat.txt"), encoding: .utf8) {
            // "Chip area for top module" with a hierarchy, "Chip area for module" for a single module.
            let area = text.firstMatch(of: /Chip area for top module '[^']*': ([0-9.]+)/)?.1
                ?? text.matches(of: /Chip area for module '\\?([^']*)': ([0-9.]+)/).first { $0.1 == design.top }?.2
            synthesis.yosysAreaUm2 = area.flatMap { Double($0) }
        }
        return synthesis
    }

    /// Cells and areas per module from `stat -json -top` of a mapped design: a module's cell types are library cells
    /// (with an area in `areas`) or its child modules; anything else means the mapping left a cell the library does
    /// not have, which is an error (its area would be missing).
    static func parseASICStat(_ data: Data, top: String, areas: LibertyAreas, library: CellLibrary,
                              memoryDump: String = "") throws -> ASICSynthesis {
        let structure = try StatHierarchy(json: try StatHierarchy.json(data), top: top)
        let byModule = structure.byModule
        let macro = "$mem_v2"
        for (module, types) in byModule {
            let unknown = types.keys.filter { areas.area[$0] == nil && byModule[$0] == nil && $0 != macro }.sorted()
            if !unknown.isEmpty {
                throw Failure(message: "\(module) has cells \(library.libraryName) does not define: \(unknown.joined(separator: ", "))")
            }
        }
        // Own figures, then the hierarchy bottom up (memoized), then instance counts top down.
        func own(_ m: String) -> (cells: Int, area: Double, flipFlopArea: Double) {
            var cells = 0, area = 0.0, ff = 0.0
            for (type, n) in byModule[m]! where areas.area[type] != nil {
                cells += n
                area += Double(n) * areas.area[type]!
                if areas.sequential.contains(type) { ff += Double(n) * areas.area[type]! }
            }
            return (cells, area, ff)
        }
        var hierarchy: [String: Double] = [:]
        func total(_ m: String, depth: Int = 0) throws -> Double {
            if let t = hierarchy[m] { return t }
            guard depth < 1000 else { throw Failure(message: "the module hierarchy of \(top) is recursive") }
            var t = own(m).area
            for (type, n) in byModule[m]! where byModule[type] != nil { t += Double(n) * (try total(type, depth: depth + 1)) }
            hierarchy[m] = t
            return t
        }
        let order = structure.order, instances = structure.instances
        var leafCells: [String: Int] = [:]
        var flipFlopArea = 0.0
        for m in order {
            let count = instances[m] ?? 0
            for (type, n) in byModule[m]! where byModule[type] == nil && type != macro { leafCells[type, default: 0] += n * count }
            flipFlopArea += Double(count) * own(m).flipFlopArea
        }
        var rows: [ModuleArea] = []
        for m in order where (instances[m] ?? 0) > 0 {
            let o = own(m)
            rows.append(ModuleArea(module: m, instances: instances[m]!, cells: o.cells, areaUm2: o.area, hierarchyAreaUm2: try total(m)))
        }
        rows = [rows[0]] + rows.dropFirst().sorted { $0.module < $1.module }
        let counts = CellCounts(byType: leafCells, total: leafCells.values.reduce(0, +))
        let flipFlops = leafCells.filter { areas.sequential.contains($0.key) }.values.reduce(0, +)
        return ASICSynthesis(library: library, cells: counts, areaUm2: try total(top), flipFlops: flipFlops,
                             flipFlopAreaUm2: flipFlopArea, modules: rows,
                             memories: MemoryMacros.inventory(MemoryMacros.parse(dump: memoryDump), instances: instances),
                             netlist: URL(fileURLWithPath: "/dev/null"), liberty: URL(fileURLWithPath: "/dev/null"), yosysAreaUm2: nil)
    }
}
