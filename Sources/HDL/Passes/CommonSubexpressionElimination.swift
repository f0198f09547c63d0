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
        var table = ExprTable(capacity: count)
        for i in 0..<count {
            let e = remapped(m.exprs[i]) { Int(canonical[$0.index]) }
            canonical[i] = table.findOrInsert(e, index: Int32(i))
        }
        table = ExprTable(capacity: 0)
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

/// Open-addressing hash set of expressions (by structure), storing their first index. A hand-written hash of
/// the operator, operands and type: `Dictionary<Expr, _>`'s generic hashing of the enum was most of this pass.
struct ExprTable {
    private var slots: [Int32]
    private var stored: [Expr] = []
    private var indices: [Int32] = []
    private var mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        stored.reserveCapacity(capacity)
        indices.reserveCapacity(capacity)
    }

    /// The index stored for an expression equal to `e`, or `index` after storing `e` with it.
    mutating func findOrInsert(_ e: Expr, index: Int32) -> Int32 {
        var i = Int(truncatingIfNeeded: Self.hash(e)) & mask
        while slots[i] >= 0 {
            let k = Int(slots[i])
            if stored[k] == e { return indices[k] }
            i = (i + 1) & mask
        }
        slots[i] = Int32(stored.count)
        stored.append(e)
        indices.append(index)
        return index
    }

    static func hash(_ e: Expr) -> UInt64 {
        var h: UInt64 = UInt64(truncatingIfNeeded: e.type.width) &* 31 &+ (e.type.signed ? 1 : 0)
        func mix(_ x: UInt64) { h = (h ^ x) &* 0x9E37_79B9_7F4A_7C15; h ^= h >> 29 }
        switch e.op {
        case .signal(let s): mix(1); mix(UInt64(truncatingIfNeeded: s.raw))
        case .constant(let c): mix(2); for w in c.words { mix(w) }
        case .symbol(let k): mix(3); mix(UInt64(truncatingIfNeeded: k))
        case .unary(let op, let a): mix(4); mix(UInt64(op.hashCode)); mix(UInt64(truncatingIfNeeded: a.raw))
        case .binary(let op, let a, let b):
            mix(5); mix(UInt64(op.hashCode)); mix(UInt64(truncatingIfNeeded: a.raw)); mix(UInt64(truncatingIfNeeded: b.raw))
        case .mux(let c, let a, let b):
            mix(6); mix(UInt64(truncatingIfNeeded: c.raw)); mix(UInt64(truncatingIfNeeded: a.raw)); mix(UInt64(truncatingIfNeeded: b.raw))
        case .concat(let parts): mix(7); for p in parts { mix(UInt64(truncatingIfNeeded: p.raw)) }
        case .slice(let a, let lo): mix(8); mix(UInt64(truncatingIfNeeded: a.raw)); mix(UInt64(truncatingIfNeeded: lo))
        case .extend(let a): mix(9); mix(UInt64(truncatingIfNeeded: a.raw))
        case .cast(let a): mix(10); mix(UInt64(truncatingIfNeeded: a.raw))
        }
        return h ^ (h >> 32)
    }
}

extension UnaryOp {
    var hashCode: Int {
        switch self {
        case .not: return 1
        case .reduceAnd: return 2
        case .reduceOr: return 3
        case .reduceXor: return 4
        }
    }
}

extension BinaryOp {
    var hashCode: Int {
        switch self {
        case .add: return 1
        case .sub: return 2
        case .and: return 3
        case .or: return 4
        case .xor: return 5
        case .mul: return 6
        case .eq: return 7
        case .ne: return 8
        case .lt: return 9
        case .le: return 10
        case .gt: return 11
        case .ge: return 12
        case .shl: return 13
        case .shr: return 14
        }
    }
}
