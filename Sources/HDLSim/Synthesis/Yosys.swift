import Foundation
import HDL

/// Yosys synthesis figures of an emitted design: word-level cells (what the design asks for: `$mul`, `$add`,
/// ...) and generic gate-level cells (what it costs), read from `stat -json`.
public enum Yosys {
    /// Cell counts by type (`$mul`, `$_AND_`, `$_DFF_P_`, ...) and their total.
    public struct CellCounts: Sendable, Equatable, CustomStringConvertible {
        public var byType: [String: Int]
        public var total: Int

        public subscript(type: String) -> Int { byType[type] ?? 0 }

        /// Flip-flops of any kind (`$_DFF_*`, `$_SDFF*`, `$_DFFE_*`, ...).
        public var flipFlops: Int { byType.filter { $0.key.contains("DFF") }.values.reduce(0, +) }

        public var description: String {
            "\(total) cells (" + byType.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { "yosys: \(message)" }
    }

    /// Word-level cells after `proc; flatten; opt; wreduce`: operators as the RTL wrote them, before they are
    /// mapped to gates. Used to prove what a design does not contain (e.g. no `$mul` in the DLZS predictor).
    public static func wordLevelCells(_ design: VerilogDesign, in directory: URL) async throws -> CellCounts {
        try await stat(design, in: directory, script: "hierarchy -check -top \(design.top); proc; flatten; opt -full; wreduce; opt_clean")
    }

    /// Generic gate-level cells after `synth` (hierarchical: each distinct module is synthesized once and the
    /// totals count every instance, which keeps big arrays of identical rows fast).
    public static func genericCells(_ design: VerilogDesign, in directory: URL) async throws -> CellCounts {
        try await stat(design, in: directory, script: "synth -top \(design.top)")
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

    /// Reads the whole-design totals (`design`) of `stat -json -top`, else the top module's own counts.
    static func parseStat(_ data: Data, top: String) throws -> CellCounts {
        // Yosys 0.23 prints the hierarchy ("   ShiftAddPE   8") into the JSON of `stat -json -top`: keep only
        // lines that can be JSON.
        let text = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { line in line.contains { "\"{}[]".contains($0) } || line.allSatisfy(\.isWhitespace) }
            .joined(separator: "\n")
        guard let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw Failure(message: "stat -json is not a JSON object")
        }
        let section = (json["design"] as? [String: Any])
            ?? ((json["modules"] as? [String: Any])?["\\" + top] as? [String: Any])
        guard let section, let total = section["num_cells"] as? Int else {
            throw Failure(message: "stat -json has no cell counts for \(top)")
        }
        let byType = (section["num_cells_by_type"] as? [String: Int]) ?? [:]
        return CellCounts(byType: byType, total: total)
    }
}
