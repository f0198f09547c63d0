/// The Verilog backend's preparation pass: names the expressions that Verilog cannot write inline.
///
/// - Verilog selects bits of identifiers only: the base of a bit select that is not a signal, and a signed value
///   being sign-extended (its top bit is selected), get a wire.
/// - A product's operands take the width of the product from their context: a non-trivial operand of `*` gets a
///   wire so it keeps its own width.
/// - A masked memory write selects lanes of its data and mask: non-trivial ones get a wire.
/// - An operand whose text would run past `lineLimit` characters gets a wire, so no line of Verilog is a wall of
///   operators.
/// Every other expression is printed inline by `VerilogPrinter`. Wires are named after what they feed.
enum VerilogLegalization: ModulePass {
    static let name = "verilog-legalize"
    /// Operands longer than this (estimated characters) get a wire of their own.
    static let lineLimit = 96

    static func run(_ m: inout ModuleIR) {
        let count = m.exprs.count
        guard count > 0 else { return }
        let uses = ExpressionConsumers(m)
        var needsName = [Bool](repeating: false, count: count)
        func requireIdentifier(_ e: ExprID) {
            if !m.isLeafLike(e) { needsName[e.index] = true }
        }
        for e in m.exprs {
            switch e.op {
            case .slice(let a, _):
                requireIdentifier(a)
            case .extend(let a) where m.expr(a).type.signed && e.width > m.expr(a).width:
                requireIdentifier(a)
            case .binary(.mul, let a, let b):
                requireIdentifier(a)
                requireIdentifier(b)
            default:
                break
            }
        }
        m.forEachRoot { e, role, _, _ in
            switch role {
            case .writeData(let k), .writeMask(let k):
                if m.memories[k].maskLanes > 1 { requireIdentifier(e) }
            default:
                break
            }
        }
        // Estimated printed length, bottom-up; a named operand counts as its name.
        var length = [Int32](repeating: 0, count: count)
        var operandUses = [Int32](repeating: 0, count: count)
        for e in m.exprs { for o in e.operands { operandUses[o.index] += 1 } }
        for i in 0..<count {
            let e = m.exprs[i]
            var n: Int
            switch e.op {
            case .signal(let s): n = m.nameLength(of: s)
            case .constant(let c): n = c.width <= 64 ? 6 + String(c.low64).utf8.count : 4 + c.width / 4
            case .symbol(let k): n = m.symbols[k].name.utf8.count
            default:
                n = 4
                for o in e.operands { n += needsName[o.index] ? 12 : Int(length[o.index]) }
            }
            length[i] = Int32(min(n, 1 << 20))
            if n > lineLimit && operandUses[i] > 0 && !m.isCheap(ExprID(i)) {
                needsName[i] = true
                length[i] = 12
            }
        }
        var chosen: [Int: String] = [:]
        var locations: [Int: SourceLocation] = [:]
        for i in 0..<count where needsName[i] {
            chosen[i] = uses.netName(i, in: m)
            locations[i] = uses.location(i)
        }
        NetMaterialization.run(&m, chosen, locations: locations)
    }
}
