/// One transformation or check of a module's IR, run after elaboration and before a backend prints it.
/// Passes are small, named and listed in order in `PassPipeline`, so each can be tested on its own (against
/// `IRText` dumps) and the order is visible in one place.
public protocol ModulePass {
    /// A short name for dumps and diagnostics (`cse`, `name-shared`, ...).
    static var name: String { get }
    static func run(_ module: inout ModuleIR)
}

/// The passes every module goes through before Verilog is printed, in order:
/// 1. `CommonSubexpressionElimination`: one expression per distinct computation, dead ones dropped.
/// 2. `SharedExpressionNaming`: expressions used in several places, `When` conditions and clock enables become
///    named wires (probe-able in a waveform, computed once in the Verilog).
/// The Verilog backend then runs its own preparation (`VerilogLegalization`, `ProcessGrouping`, naming) and prints.
public enum PassPipeline {
    public static let passes: [any ModulePass.Type] = [CommonSubexpressionElimination.self, SharedExpressionNaming.self]

    /// Runs every pass on `module`.
    public static func run(_ module: inout ModuleIR) {
        for pass in passes { pass.run(&module) }
    }

    /// Runs the passes on every module of a circuit (black boxes have nothing to transform).
    public static func run(_ circuit: Circuit) -> Circuit {
        var c = circuit
        for i in c.modules.indices where c.modules[i].blackBox == nil { run(&c.modules[i]) }
        return c
    }
}
