import Foundation
import HDL

/// Compiles the design with its testbench using `iverilog -g2005` (a few hundredths of a second, so
/// there is no cache: each run compiles into its own work folder).
enum IcarusBuild {
    static func compile(_ design: VerilogDesign, in directory: URL) async throws -> URL {
        let sources = directory.appendingPathComponent("icarus")
        let fm = FileManager.default
        try fm.createDirectory(at: sources, withIntermediateDirectories: true)
        for f in design.files {
            try Data(f.contents.utf8).write(to: sources.appendingPathComponent(f.name))
        }
        try Data(IcarusTestbench.source(for: design).utf8).write(to: sources.appendingPathComponent("\(IcarusTestbench.module).v"))
        let output = directory.appendingPathComponent("sim.vvp")
        let args = ["-g2005", "-s", IcarusTestbench.module, "-o", output.path, "\(IcarusTestbench.module).v"] + design.files.map(\.name)
        let result = try await runProcess(.iverilog, args, in: sources)
        guard result.succeeded else {
            throw SimulationError.buildFailed(tool: "iverilog", log: result.output)
        }
        return output
    }
}
