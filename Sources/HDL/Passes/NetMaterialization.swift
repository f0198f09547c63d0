/// Turns chosen expressions into named nets: each gets a generated wire driven by it, and every other use of
/// the expression reads the wire instead. Shared by the passes that decide *which* expressions deserve a name
/// (`SharedExpressionNaming`, `VerilogLegalization`).
///
/// Names are taken from what the expression feeds (see `ExpressionConsumers`): `_threshold` for an operand of
/// the value connected to `threshold`, `_slot_key_0_cond` for the condition of a `When` whose first target is
/// `slot_key_0`. Final Verilog names are made unique later; the wires' connects go first in the body.
enum NetMaterialization {
    /// Materializes `chosen` (expression index -> wanted name). Linear: the table is rebuilt once, with each
    /// chosen expression followed by a read of its wire, so it stays in topological order.
    static func run(_ m: inout ModuleIR, _ chosen: [Int: String], locations: [Int: SourceLocation]) {
        guard !chosen.isEmpty else { return }
        let count = m.exprs.count
        // use[i]: the expression consumers read for old expression i (the wire for chosen ones).
        var use = [Int32](repeating: 0, count: count)
        var exprs: [Expr] = []
        exprs.reserveCapacity(count + chosen.count)
        var connects: [StatementIR] = []
        connects.reserveCapacity(chosen.count)
        for i in 0..<count {
            let e = CommonSubexpressionElimination.remapped(m.exprs[i]) { Int(use[$0.index]) }
            exprs.append(e)
            let definition = ExprID(exprs.count - 1)
            use[i] = Int32(definition.index)
            guard let name = chosen[i] else { continue }
            let loc = locations[i] ?? m.location
            var wire = Signal(name: name, type: e.type, kind: .wire, location: loc)
            wire.isGenerated = true
            let sid = SignalID(m.signals.count)
            m.signals.append(wire)
            exprs.append(Expr(.signal(sid), e.type))
            use[i] = Int32(exprs.count - 1)
            connects.append(.connect(.init(target: sid, value: definition, location: loc)))
        }
        m.exprs = exprs
        m.rewriteRoots { e, _, _, _ in e = ExprID(Int(use[e.index])) }
        m.body = connects + m.body
    }
}

/// For every expression, how many places use it (other expressions and roots) and the first thing it feeds
/// in root order: where a net made for it takes its name from.
struct ExpressionConsumers {
    /// Uses of each expression: as an operand of other expressions plus as a root.
    var uses: [Int32]
    /// Per expression: index into `names`/`locations` of the first consumer, or -1 (not reachable from a root).
    var consumer: [Int32]
    var names: [RootFeeds] = []
    var locations: [SourceLocation] = []
    /// Per expression: the role of the root when the expression IS a root (its first one).
    var rootRole: [RootRole?]

    init(_ m: ModuleIR) {
        let count = m.exprs.count
        uses = [Int32](repeating: 0, count: count)
        consumer = [Int32](repeating: -1, count: count)
        rootRole = [RootRole?](repeating: nil, count: count)
        for e in m.exprs {
            for o in e.operands { uses[o.index] += 1 }
        }
        var names: [RootFeeds] = []
        var locations: [SourceLocation] = []
        var stack: [Int32] = []
        var consumer = self.consumer
        var uses = self.uses
        var rootRole = self.rootRole
        m.forEachRoot { root, role, feeds, loc in
            uses[root.index] += 1
            if rootRole[root.index] == nil { rootRole[root.index] = role }
            guard consumer[root.index] < 0 else { return }
            let k = Int32(names.count)
            names.append(feeds)
            locations.append(loc)
            consumer[root.index] = k
            stack.append(Int32(root.index))
            while let i = stack.popLast() {
                for o in m.exprs[Int(i)].operands where consumer[o.index] < 0 {
                    consumer[o.index] = k
                    stack.append(Int32(o.index))
                }
            }
        }
        self.consumer = consumer
        self.uses = uses
        self.rootRole = rootRole
        self.names = names
        self.locations = locations
    }

    /// The name a net for expression `i` of `m` gets: `_<consumer><suffix>`.
    func netName(_ i: Int, in m: ModuleIR, suffix: String = "") -> String {
        let k = consumer[i]
        return "_" + (k < 0 ? "t" : names[Int(k)].name(in: m)) + suffix
    }

    func location(_ i: Int) -> SourceLocation? {
        let k = consumer[i]
        return k < 0 ? nil : locations[Int(k)]
    }
}

extension ModuleIR {
    /// Whether expression `e` costs nothing to repeat in the Verilog: a signal, a constant or symbol, a select or
    /// reinterpretation of one, its complement or its zero extension.
    func isCheap(_ e: ExprID) -> Bool {
        switch expr(e).op {
        case .signal, .constant, .symbol: return true
        case .cast(let a), .slice(let a, _): return isLeafLike(a)
        case .unary(.not, let a): return isLeafLike(a)
        case .extend(let a): return !expr(a).type.signed && isLeafLike(a)
        default: return false
        }
    }

    /// A signal, constant or symbol, possibly reinterpreted.
    func isLeafLike(_ e: ExprID) -> Bool {
        switch expr(e).op {
        case .signal, .constant, .symbol: return true
        case .cast(let a): return isLeafLike(a)
        default: return false
        }
    }
}
