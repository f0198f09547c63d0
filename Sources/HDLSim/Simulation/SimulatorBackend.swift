/// The simulators behind the one `Simulation` API.
public enum SimulatorBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Verilator: a generated C++ harness, compiled once per design (cached), fast.
    case verilator
    /// Icarus Verilog: a generated Verilog testbench, compiles instantly, about 100x slower to run.
    case icarus

    public var description: String { rawValue }
}
