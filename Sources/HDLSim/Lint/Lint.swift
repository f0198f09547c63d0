import Foundation
import HDL

/// The three lint checks every emitted design must pass (see TOOLCHAIN.md for what each one misses):
/// `verilator --lint-only -Wall` (widths, latches, loops, unused/undriven), `iverilog -g2005 -Wall` (a second
/// front end, strict Verilog-2005), and Yosys `hierarchy -check; proc; check -assert` plus no latch cells
/// (multiple drivers, which Verilator does not report).
public enum Lint {
    public struct Failure: Error, CustomStringConvertible {
        /// (tool, its complaints) for every tool that failed.
        public var findings: [(tool: String, messages: String)]
        public var directory: URL

        public var description: String {
            "lint failed for the design in \(directory.path):\n"
                + findings.map { "[\($0.tool)]\n\($0.messages)" }.joined(separator: "\n")
        }
    }

    /// Writes `design` into `directory` and runs all three tools; throws `Failure` naming each tool's messages.
    public static func check(_ design: VerilogDesign, in directory: URL) async throws {
        try design.write(to: directory)
        let files = design.files.map(\.name)
        var findings: [(String, String)] = []

        let verilator = try await runProcess(.verilator, ["--lint-only", "-Wall", "--top-module", design.top] + files, in: directory)
        if !verilator.succeeded || verilator.output.contains("%Warning") || verilator.output.contains("%Error") {
            findings.append(("verilator --lint-only -Wall", verilator.output))
        }

        let icarus = try await runProcess(.iverilog, ["-g2005", "-Wall", "-o", "/dev/null"] + files, in: directory)
        if !icarus.succeeded || !icarus.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            findings.append(("iverilog -g2005 -Wall", icarus.output))
        }

        let script = "read_verilog -sv \(files.joined(separator: " ")); hierarchy -check -top \(design.top); proc; "
            + "check -assert; select -assert-none t:$dlatch t:$adlatch t:$dlatchsr"
        let yosys = try await runProcess(.yosys, ["-q", "-p", script], in: directory)
        let yosysText = yosys.output.split(separator: "\n").filter { !$0.hasPrefix("Yosys ") }.joined(separator: "\n")
        if !yosys.succeeded || yosysText.lowercased().contains("warning") {
            findings.append(("yosys check", yosysText.isEmpty ? "exit status \(yosys.status)" : yosysText))
        }

        if !findings.isEmpty { throw Failure(findings: findings, directory: directory) }
    }
}
