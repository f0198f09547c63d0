import HDL

/// Renders the Verilog testbench that drives a design under Icarus from the line protocol on standard input
/// (`$fscanf`) from the template `testbenches/icarus/hdlsim_tb.v`. Answers go to the file named by
/// `+out=<path>` (a FIFO), never to standard output, where Icarus prints its own messages. `+vcd=<path>`
/// dumps a waveform. `initialValues` are the statements that start the registers from random values (see
/// `RegisterInventory.deposits`), run one time step in, after every process of the design waits on its
/// events, so combinational logic follows them; a time step later the commands start.
enum IcarusTestbench {
    static let module = "hdlsim_tb"

    static func source(for design: VerilogDesign, initialValues: [String] = []) -> String {
        let inputs = Simulation.protocolInputs(design)
        let outputs = design.outputs
        let clock = design.hasClock
        let maxWidth = (inputs.map(\.width) + [1]).max()!
        func range(_ w: Int) -> String { w == 1 ? "" : "[\(w - 1):0] " }
        func stimulus(_ p: PortDescriptor) -> String { "in_\(p.name)" }
        func response(_ p: PortDescriptor) -> String { "out_\(p.name)" }
        let stdin = "32'h8000_0000"

        var declarations: [String] = clock ? ["  reg clk;"] : []
        declarations += inputs.map { "  reg \(range($0.width))\(stimulus($0));" }
        declarations += outputs.map { "  wire \(range($0.width))\(response($0));" }
        var connections: [String] = clock ? [".clk(clk)"] : []
        connections += inputs.map { ".\($0.name)(\(stimulus($0)))" }
        connections += outputs.map { ".\($0.name)(\(response($0)))" }
        let rowWrite = outputs.isEmpty
            ? "$fwrite(out_fd, \"\\n\");"
            : "$fwrite(out_fd, \"\(Array(repeating: "%h", count: outputs.count).joined(separator: " "))\\n\", "
                + outputs.map(response).joined(separator: ", ") + ");"

        return renderTemplate(HarnessTemplates.icarus, [
            "TOP": design.top,
            "DECLARATIONS": declarations.joined(separator: "\n"),
            "CONNECTIONS": connections.map { "    " + $0 }.joined(separator: ",\n"),
            "VALUE_WIDTH": "\(maxWidth - 1)",
            "CLOCK_INIT": clock ? "    clk = 1'b0;" : "",
            "INPUT_INIT": inputs.map { "    \(stimulus($0)) = 0;" }.joined(separator: "\n"),
            "INITIAL_VALUES": initialValues.isEmpty ? "" : (["    // Seeded random initial values of every register and memory word."]
                + initialValues.map { "    " + $0 } + ["    #1;"]).joined(separator: "\n"),
            "POKE_CASES": inputs.enumerated().map { i, p in
                "            \(i): \(stimulus(p)) = value[\(p.width - 1):0];"
            }.joined(separator: "\n"),
            "SAMPLE_CASES": outputs.enumerated().map { o, p in
                "            \(o): $fwrite(out_fd, \"%h\\n\", \(response(p)));"
            }.joined(separator: "\n"),
            "ROW_POKES": inputs.map { p in
                "            status = $fscanf(\(stdin), \"%h\", value); \(stimulus(p)) = value[\(p.width - 1):0];"
            }.joined(separator: "\n"),
            "ROW_WRITE": rowWrite,
            "TICK": clock ? "clk = 1'b1; #1; clk = 1'b0; #1;" : "",
        ]) + "\n"
    }
}
