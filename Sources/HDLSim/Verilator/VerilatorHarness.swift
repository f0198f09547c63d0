import HDL

/// Renders the C++ program that drives a Verilated design from the line protocol (see `CommandBuffer`) from
/// the template `testbenches/verilator/harness.cpp`: buffered reads of stdin, answers buffered on stdout and
/// flushed at each `f`. Built with `--trace`, the same source writes a VCD to the path given as `+vcd=<path>`.
enum VerilatorHarness {
    static func source(for design: VerilogDesign) -> String {
        let inputs = Simulation.protocolInputs(design)
        let outputs = design.outputs

        func mask(_ width: Int) -> String { width >= 64 ? "~0ULL" : "0x\(String((UInt64(1) << UInt64(width)) - 1, radix: 16))ULL" }
        func words32(_ width: Int) -> Int { (width + 31) / 32 }

        var poke = ""
        for (i, p) in inputs.enumerated() {
            if p.width <= 64 {
                poke += "    case \(i): top->\(p.name) = read_hex64() & \(mask(p.width)); break;\n"
            } else {
                poke += "    case \(i): { uint32_t w[\(words32(p.width))]; read_hex_wide(w, \(words32(p.width)), \(p.width)); "
                    + "for (int k = 0; k < \(words32(p.width)); ++k) top->\(p.name)[k] = w[k]; break; }\n"
            }
        }
        var sample = ""
        for (o, p) in outputs.enumerated() {
            if p.width <= 64 {
                sample += "    case \(o): write_hex64(static_cast<uint64_t>(top->\(p.name))); break;\n"
            } else {
                sample += "    case \(o): { uint32_t w[\(words32(p.width))]; for (int k = 0; k < \(words32(p.width)); ++k) "
                    + "w[k] = top->\(p.name)[k]; write_hex_wide(w, \(words32(p.width))); break; }\n"
            }
        }
        let clock = design.hasClock
        let inputInit = inputs.map { p in
            p.width <= 64 ? "    top->\(p.name) = 0;"
                : "    for (int k = 0; k < \(words32(p.width)); ++k) top->\(p.name)[k] = 0;"
        }.joined(separator: "\n")
        return renderTemplate(HarnessTemplates.verilator, [
            "TOP": design.top,
            "POKE_CASES": poke,
            "SAMPLE_CASES": sample,
            "INPUT_COUNT": "\(inputs.count)",
            "OUTPUT_COUNT": "\(outputs.count)",
            "TICK": clock ? "top->clk = 1; top->eval(); dump(); top->clk = 0; top->eval(); dump();" : "",
            "CLOCK_INIT": clock ? "top->clk = 0;" : "",
            "INPUT_INIT": inputInit,
        ]) + "\n"
    }
}
