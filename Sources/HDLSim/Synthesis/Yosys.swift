import Foundation
import HDL

/// Yosys synthesis figures of an emitted design: word-level cells (what the design asks for: `$mul`, `$add`,
/// ...), generic gate-level cells (what it costs) and iCE40 cells (what it costs on a real FPGA, with a netlist
/// for place and route), read from `stat -json`.
public enum Yosys {
    /// Cell counts by type (`$mul`, `$_AND_`, `$_DFF_P_`, ...) and their total.
    public struct CellCounts: Sendable, Equatable, CustomStringConvertible {
        public var byType: [String: Int]
        public var total: Int
        /// The memories kept as macros (`MemoryMacros`); each instance is one `$mem_v2` in `byType`.
        public var memories: [MemoryMacro]

        public subscript(type: String) -> Int { byType[type] ?? 0 }

        public init(byType: [String: Int], total: Int, memories: [MemoryMacro] = []) {
            self.byType = byType
            self.total = total
            self.memories = memories
        }

        /// Bits in the kept memories, every instance counted.
        public var memoryBits: Int { memories.totalBits }

        /// Flip-flops of any kind (`$_DFF_*`, `$_SDFF*`, `$_DFFE_*`, ..., and iCE40's `SB_DFF*`).
        public var flipFlops: Int { byType.filter { $0.key.contains("DFF") }.values.reduce(0, +) }

        /// iCE40 cells after `synth_ice40`: 4-input LUTs, carry cells, DSPs (`SB_MAC16`) and block RAMs.
        public var lut4: Int { self["SB_LUT4"] }
        public var carry: Int { self["SB_CARRY"] }
        public var dsp: Int { self["SB_MAC16"] }
        public var ram: Int { self["SB_RAM40_4K"] }

        public var description: String {
            "\(total) cells (" + byType.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { "yosys: \(message)" }

        public init(message: String) {
            self.message = message
        }
    }

    /// Word-level cells after `proc; flatten; opt; wreduce`: operators as the RTL wrote them, before they are
    /// mapped to gates. Used to prove what a design does not contain (e.g. no `$mul` in the DLZS predictor).
    public static func wordLevelCells(_ design: VerilogDesign, in directory: URL) async throws -> CellCounts {
        try await stat(design, in: directory, script: "hierarchy -check -top \(design.top); proc; flatten; opt -full; wreduce; opt_clean")
    }

    /// Word-level cells after memory inference without mapping (`proc; memory -nomap`): each memory the design
    /// declares shows as one `$mem_v2` cell when Yosys recognized it (and as flip-flops and muxes when it did not).
    public static func memoryCells(_ design: VerilogDesign, in directory: URL) async throws -> CellCounts {
        try await stat(design, in: directory, script: "hierarchy -check -top \(design.top); proc; opt_clean; memory -nomap; opt_clean")
    }

    /// Generic gate-level cells after `synth` (hierarchical: each distinct module is synthesized once and the
    /// totals count every instance, which keeps big arrays of identical rows fast). Writable memories stay macros
    /// (`MemoryMacros`): one `$mem_v2` cell each, listed with their bits in `memories`.
    public static func genericCells(_ design: VerilogDesign, in directory: URL) async throws -> CellCounts {
        let script = MemoryMacros.synthesis(top: design.top).joined(separator: "; ") + "; " + MemoryMacros.dumpCommand
        var counts = try await stat(design, in: directory, script: script)
        let json = try StatHierarchy.json(try Data(contentsOf: directory.appendingPathComponent("stat.json")))
        let hierarchy = try StatHierarchy(json: json, top: design.top)
        let dump = try String(contentsOf: directory.appendingPathComponent(MemoryMacros.dumpFile), encoding: .utf8)
        counts.memories = MemoryMacros.inventory(MemoryMacros.parse(dump: dump), instances: hierarchy.instances)
        return counts
    }

    static func stat(_ design: VerilogDesign, in directory: URL, script: String) async throws -> CellCounts {
        try design.write(to: directory)
        let files = design.files.map(\.name).joined(separator: " ")
        let full = "read_verilog \(files); \(script); tee -q -o stat.json stat -json -top \(design.top)"
        let result = try await runProcess(.yosys, ["-q", "-p", full], in: directory)
        guard result.succeeded else { throw Failure(message: String(result.output.suffix(4000))) }
        let data = try Data(contentsOf: directory.appendingPathComponent("stat.json"))
        return try parseStat(data, top: design.top)
    }

    /// The iCE40 mapping of a block wrapped for out-of-context place and route.
    public struct Ice40Synthesis: Sendable {
        /// The block's own cells (its hierarchy, without the wrapper).
        public var block: CellCounts
        /// Everything the place and route has to fit: the block and its I/O wrapper.
        public var wrapped: CellCounts
        /// The JSON netlist for `nextpnr-ice40`.
        public var netlist: URL
    }

    /// `synth_ice40` of `design` inside an `OutOfContextWrapper`, hierarchical (`-noflatten`, like
    /// `genericCells`: each distinct module is mapped once, nothing is optimized across module boundaries),
    /// with `-dsp` on parts that have DSPs. Writes `netlist.json` into `directory`.
    public static func ice40(_ design: VerilogDesign, device: Ice40Device, in directory: URL) async throws -> Ice40Synthesis {
        let wrapped = try OutOfContextWrapper.wrap(design)
        try wrapped.write(to: directory)
        let files = wrapped.files.map(\.name).joined(separator: " ")
        let synth = (["synth_ice40"] + device.synthOptions + ["-noflatten", "-top", wrapped.top, "-json", "netlist.json"])
            .joined(separator: " ")
        let script = "read_verilog \(files); \(synth); tee -q -o block.json stat -json -top \(design.top); "
            + "tee -q -o wrapped.json stat -json -top \(wrapped.top)"
        let result = try await runProcess(.yosys, ["-q", "-p", script], in: directory)
        guard result.succeeded else { throw Failure(message: String(result.output.suffix(4000))) }
        return Ice40Synthesis(
            block: try parseStat(Data(contentsOf: directory.appendingPathComponent("block.json")), top: design.top),
            wrapped: try parseStat(Data(contentsOf: directory.appendingPathComponent("wrapped.json")), top: wrapped.top),
            netlist: directory.appendingPathComponent("netlist.json"))
    }

    /// Reads the whole-design totals (`design`) of `stat -json -top`, else the top module's own counts.
    static func parseStat(_ data: Data, top: String) throws -> CellCounts {
        let json = try StatHierarchy.json(data)
        let section = (json["design"] as? [String: Any])
            ?? ((json["modules"] as? [String: Any])?["\\" + top] as? [String: Any])
        guard let section, let total = section["num_cells"] as? Int else {
            throw Failure(message: "stat -json has no cell counts for \(top)")
        }
        let byType = (section["num_cells_by_type"] as? [String: Int]) ?? [:]
        return CellCounts(byType: byType, total: total)
    }
}
