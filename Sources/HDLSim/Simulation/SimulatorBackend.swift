import HDL

/// The simulators behind the one `Simulation` API.
public enum SimulatorBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Verilator: a generated C++ harness, compiled once per design (cached), fast.
    case verilator
    /// Icarus Verilog: a generated Verilog testbench, compiles instantly, about 100x slower to run.
    case icarus

    public var description: String { rawValue }
}

extension SimulatorBackend {
    /// The harness template this backend renders (`testbenches/verilator/harness.cpp` or
    /// `testbenches/icarus/hdlsim_tb.v`), verbatim.
    public var harnessTemplate: String {
        switch self {
        case .verilator: HarnessTemplates.verilator + "\n"
        case .icarus: HarnessTemplates.icarus + "\n"
        }
    }

    /// Where the template lives in this repository.
    public var harnessTemplatePath: String { HarnessTemplates.paths[rawValue]! }

    /// The harness rendered for `design`: the C++ main program (Verilator) or the testbench module (Icarus),
    /// for running the protocol outside HDLSim.
    public func harness(for design: VerilogDesign) -> String {
        switch self {
        case .verilator: VerilatorHarness.source(for: design)
        case .icarus: IcarusTestbench.source(for: design)
        }
    }
}
