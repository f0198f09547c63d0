/// Merges structurally identical expressions (the same operator on the same operands, of the same type) into
/// one, and drops expressions nothing uses.
///
/// Generators build the same condition again and again (`fill == 3` once for a mux and once for a `When`, a
/// comparison per loop iteration): after this pass each distinct computation exists once, so the Verilog
/// computes and names it once (see `SharedExpressionNaming`). Linear in the size of the module: the table is
/// in topological order, so one forward sweep with a hash table finds every duplicate.
public enum CommonSubexpressionElimination: ModulePass {
    public static let name = "cse"

    public static func run(_ m: inout ModuleIR) {
        let count = m.exprs.count
        guard count > 0 else { return }
        // 1. Hash-cons: canonical[i] is the first expression equal to i once operands are canonical.
        var canonical = [Int32](repeating: 0, count: count)
        var table: [Expr: Int32] = [:]
        table.reserveCapacity(count)
        for i in 0..<count {
            let e = remapped(m.exprs[i]) { Int(canonical[$0.index]) }
            if let first = table[e] {
                canonical[i] = first
            } else {
                table[e] = Int32(i)
                canonical[i] = Int32(i)
            }
        }
        table = [:]
        // 2. Liveness from the roots, over canonical expressions.
        var live = [Bool](repeating: false, count: count)
        var stack: [Int32] = []
        m.rewriteRoots { e, _, _, _ in
            let c = canonical[e.index]
            if !live[Int(c)] { live[Int(c)] = true; stack.append(c) }
        }
        while let i = stack.popLast() {
            for o in m.exprs[Int(i)].operands {
                let c = canonical[o.index]
                if !live[Int(c)] { live[Int(c)] = true; stack.append(c) }
            }
        }
        // 3. Compact: live canonical expressions keep their relative order (so the table stays topological).
        var newIndex = [Int32](repeating: -1, count: count)
        var exprs: [Expr] = []
        exprs.reserveCapacity(count)
        for i in 0..<count where live[i] && canonical[i] == Int32(i) {
            newIndex[i] = Int32(exprs.count)
            exprs.append(remapped(m.exprs[i]) { Int(newIndex[Int(canonical[$0.index])]) })
        }
        if exprs.count == count && (0..<count).allSatisfy({ newIndex[$0] == Int32($0) }) { return }
        m.exprs = exprs
        m.rewriteRoots { e, _, _, _ in e = ExprID(Int(newIndex[Int(canonical[e.index])])) }
    }

    /// `e` with every operand replaced by `map(operand)`.
    static func remapped(_ e: Expr, _ map: (ExprID) -> Int) -> Expr {
        switch e.op {
        case .signal, .constant, .symbol:
            return e
        case .unary(let op, let a):
            return Expr(.unary(op, ExprID(map(a))), e.type)
        case .binary(let op, let a, let b):
            return Expr(.binary(op, ExprID(map(a)), ExprID(map(b))), e.type)
        case .mux(let c, let a, let b):
            return Expr(.mux(ExprID(map(c)), ExprID(map(a)), ExprID(map(b))), e.type)
        case .concat(let parts):
            return Expr(.concat(parts.map { ExprID(map($0)) }), e.type)
        case .slice(let a, let lo):
            return Expr(.slice(ExprID(map(a)), lo: lo), e.type)
        case .extend(let a):
            return Expr(.extend(ExprID(map(a))), e.type)
        case .cast(let a):
            return Expr(.cast(ExprID(map(a))), e.type)
        }
    }
}
