/// Gives a name (a generated wire) to every expression that is worth one:
/// - computed once and used in several places (after `CommonSubexpressionElimination`, "several places" means
///   the same computation, however many times the generator wrote it);
/// - the condition of a `When`, the selector of a `Switch` or a register's clock enable, unless it is already a
///   plain signal (or its complement): control decisions can then be probed in a waveform by name, and an
///   `always` block reads `if (_slot_key_0_cond)` instead of repeating the expression.
/// Cheap expressions (signals, constants, bit selects, complements of signals) stay inline: a wire for them
/// would only add a name.
public enum SharedExpressionNaming: ModulePass {
    public static let name = "name-shared"

    public static func run(_ m: inout ModuleIR) {
        let uses = ExpressionConsumers(m)
        var chosen: [Int: String] = [:]
        var locations: [Int: SourceLocation] = [:]
        for i in m.exprs.indices where uses.consumer[i] >= 0 && !m.isCheap(ExprID(i)) {
            let suffix: String
            switch uses.rootRole[i] {
            case .condition: suffix = "_cond"
            case .selector: suffix = "_sel"
            case .enable: suffix = "_en"
            default:
                guard uses.uses[i] > 1 else { continue }
                suffix = ""
            }
            chosen[i] = uses.netName(i, in: m, suffix: suffix)
            locations[i] = uses.location(i)
        }
        NetMaterialization.run(&m, chosen, locations: locations)
    }
}
