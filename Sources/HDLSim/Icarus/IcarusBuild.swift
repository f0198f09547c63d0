import Foundation
import HDL
import Synchronization

/// Compiles the design with its testbench using `iverilog -g2005` (a few hundredths of a second, so
/// there is no cache: each run compiles into its own work folder). The testbench starts every register from
/// a random value drawn from `seed` (see `RegisterInventory`); without Yosys, which finds the registers,
/// they start at x as Icarus leaves them, and a warning says so once.
enum IcarusBuild {
    static func compile(_ design: VerilogDesign, in directory: URL, seed: UInt64) async throws -> URL {
        let sources = directory.appendingPathComponent("icarus")
        let fm = FileManager.default
        try fm.createDirectory(at: sources, withIntermediateDirectories: true)
        for f in design.files {
            try Data(f.contents.utf8).write(to: sources.appendingPathComponent(f.name))
        }
        var initialValues: [String] = []
        if Tool.yosys.isAvailable {
            initialValues = try await RegisterInventory.of(design).deposits(seed: seed)
        } else {
            MissingYosysWarning.once()
        }
        try Data(IcarusTestbench.source(for: design, initialValues: initialValues).utf8)
            .write(to: sources.appendingPathComponent("\(IcarusTestbench.module).v"))
        let output = directory.appendingPathComponent("sim.vvp")
        let args = ["-g2005", "-s", IcarusTestbench.module, "-o", output.path, "\(IcarusTestbench.module).v"] + design.files.map(\.name)
        let result = try await runProcess(.iverilog, args, in: sources)
        guard result.succeeded else {
            throw SimulationError.buildFailed(tool: "iverilog", log: result.output)
        }
        return output
    }
}

/// Says once per process that Icarus runs start registers at x because Yosys is missing.
enum MissingYosysWarning {
    private static let warned = Mutex(false)

    static func once() {
        let first = warned.withLock { w in
            defer { w = true }
            return !w
        }
        if first {
            let message = "HDLSim: yosys not found: Icarus runs start registers at x, not at seeded random values "
                + "(install it with `sudo apt-get install -y yosys`)\n"
            FileHandle.standardError.write(Data(message.utf8))
        }
    }
}
