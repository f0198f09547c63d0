/// Turns one module's front-end graph (nodes and located statements) into its IR tables, checking what can
/// only be checked here: widths on connects, that targets are drivable signals of this module, case values,
/// memory address widths. Iterative, so deep expression chains cannot overflow the stack.
struct Lowering {
    let scope: Scope
    private(set) var exprs: [Expr] = []
    private(set) var diagnostics: [Diagnostic] = []
    /// Node identity -> expression index, or -1 for a node that failed to lower.
    private var memo = NodeTable()
    /// Per signal of this module: its read expression, or -1.
    private var signalExprs: [Int32] = []
    /// Memories some write statement targets.
    private var writtenMemories = Set<Int>()
    /// Named constants used by the module, in order of first use.
    private(set) var symbols: [SymbolIR] = []
    private var symbolIndex: [SymbolKey: Int] = [:]

    init(scope: Scope) {
        self.scope = scope
    }

    private mutating func diagnose(_ kind: Diagnostic.Kind, _ message: String, at loc: SourceLocation,
                                   notes: [Diagnostic.Note] = []) {
        diagnostics.append(Diagnostic(kind, message, at: loc, notes: notes, module: scope.moduleName))
    }

    // MARK: Expressions

    private func children(_ n: Node) -> [Node] {
        switch n.op {
        case .signal, .constant, .symbol, .invalid: return []
        case .unary(_, let a), .slice(let a, _), .extend(let a), .cast(let a): return [a]
        case .binary(_, let a, let b): return [a, b]
        case .mux(let c, let a, let b): return [c, a, b]
        case .concat(let parts): return parts
        }
    }

    /// The IR expression for `root`, or nil after reporting why it is invalid (at `loc`, the statement).
    /// Signals of this module and constants are leaves: one expression per signal, kept in an array by signal
    /// index, and a new one per constant use (CSE merges equal ones), so only operator nodes go through the
    /// memo table. (Most nodes of a large module are signal reads.)
    mutating func expr(_ root: Node, at loc: SourceLocation) -> ExprID? {
        if let leaf = leafExpr(root) { return leaf }
        if let m = memo[root] { return m < 0 ? nil : ExprID(Int(m)) }
        var stack: [(Node, Bool)] = [(root, false)]
        while let (n, expanded) = stack.popLast() {
            if memo[n] != nil { continue }
            if !expanded {
                stack.append((n, true))
                for c in children(n) where !isLeaf(c) && memo[c] == nil { stack.append((c, false)) }
                continue
            }
            let id = build(n, at: loc)
            memo.set(n, id.map { $0.raw } ?? -1)
        }
        let m = memo[root]!
        return m < 0 ? nil : ExprID(Int(m))
    }

    private func isLeaf(_ n: Node) -> Bool {
        switch n.op {
        case .signal(let sid, _, _): return sid == scope.id
        case .constant: return true
        default: return false
        }
    }

    /// The expression of a leaf (a signal of this module, a constant), or nil for any other node.
    private mutating func leafExpr(_ n: Node) -> ExprID? {
        switch n.op {
        case .signal(let sid, let id, _) where sid == scope.id:
            while signalExprs.count <= id.index { signalExprs.append(-1) }
            if signalExprs[id.index] >= 0 { return ExprID(Int(signalExprs[id.index])) }
            let e = append(.signal(id), n.type)
            signalExprs[id.index] = e.raw
            return e
        case .constant(let c):
            return append(.constant(c), n.type)
        default:
            return nil
        }
    }

    private mutating func lowered(_ n: Node) -> ExprID? {
        if let leaf = leafExpr(n) { return leaf }
        let m = memo[n]!
        return m < 0 ? nil : ExprID(Int(m))
    }

    private mutating func append(_ op: ExprOp, _ type: HWType) -> ExprID {
        exprs.append(Expr(op, type))
        return ExprID(exprs.count - 1)
    }

    private mutating func build(_ n: Node, at loc: SourceLocation) -> ExprID? {
        switch n.op {
        case .invalid(let message, let where_):
            if let w = where_, w != loc {
                diagnose(.invalidExpression, message, at: w, notes: [.init("used here", at: loc)])
            } else {
                diagnose(.invalidExpression, message, at: loc)
            }
            return nil
        case .signal(let sid, let id, let name):
            guard sid == scope.id else {
                diagnose(.invalidExpression,
                         "'\(name)' is a signal of another module; pass values between modules through ports", at: loc)
                return nil
            }
            return append(.signal(id), n.type)
        case .constant(let c):
            return append(.constant(c), n.type)
        case .symbol(let key):
            return append(.symbol(symbol(key, at: loc)), n.type)
        default:
            break
        }
        var ops: [ExprID] = []
        for c in children(n) {
            guard let e = lowered(c) else { return nil }
            ops.append(e)
        }
        switch n.op {
        case .unary(let op, _): return append(.unary(op, ops[0]), n.type)
        case .binary(let op, _, _): return append(.binary(op, ops[0], ops[1]), n.type)
        case .mux: return append(.mux(ops[0], ops[1], ops[2]), n.type)
        case .concat: return append(.concat(ops), n.type)
        case .slice(_, let lo): return append(.slice(ops[0], lo: lo), n.type)
        case .extend: return append(.extend(ops[0]), n.type)
        case .cast: return append(.cast(ops[0]), n.type)
        case .signal, .constant, .symbol, .invalid: return nil
        }
    }

    /// The module symbol for `key`, declared on first use.
    private mutating func symbol(_ key: SymbolKey, at loc: SourceLocation) -> Int {
        if let k = symbolIndex[key] { return k }
        symbols.append(SymbolIR(name: key.name, value: key.value, type: .unsigned(key.value.width), location: loc))
        symbolIndex[key] = symbols.count - 1
        return symbols.count - 1
    }

    // MARK: Statements

    mutating func statements(_ list: [Statement], enclosing: SourceLocation) -> [StatementIR] {
        var out: [StatementIR] = []
        for s in list { lower(s, enclosing: enclosing, into: &out) }
        return out
    }

    private mutating func lower(_ s: Statement, enclosing: SourceLocation, into out: inout [StatementIR]) {
        let loc = s.location ?? enclosing
        switch s.kind {
        case .connect(let target, let value):
            if let c = connect(target, value, at: loc) { out.append(.connect(c)) }
        case .when(let w):
            out += whenChain(w, from: 0)
        case .switchCase(let sw):
            if let s = switchStatement(sw) { out.append(.switchCase(s)) }
        case .memoryWrite(let handle, let address, let data, let mask):
            if let w = memoryWrite(handle, address, data, mask: mask, at: loc) { out.append(.memoryWrite(w)) }
        case .group(let inner):
            for i in inner { lower(i, enclosing: loc, into: &out) }
        case .bidirectional(let a, let b):
            if let c = bidirectional(a, b, at: loc) { out.append(.connect(c)) }
        case .invalid(let message):
            diagnose(.invalidExpression, message, at: loc)
        }
    }

    /// The connect of a `<>` pair: exactly one side must be drivable here.
    private mutating func bidirectional(_ a: Node, _ b: Node, at loc: SourceLocation) -> StatementIR.Connect? {
        func drivable(_ n: Node) -> Bool? {
            guard case .signal(let sid, let id, _) = n.op, sid == scope.id else { return nil }
            return scope.signals[id.index].kind.isDrivenByConnects
        }
        func name(_ n: Node) -> String {
            if case .signal(_, _, let name) = n.op { return "'\(name)'" }
            return "an expression"
        }
        switch (drivable(a), drivable(b)) {
        case (true, false): return connect(a, b, at: loc)
        case (false, true): return connect(b, a, at: loc)
        case (true, true):
            diagnose(.multipleDrivers, "<> between \(name(a)) and \(name(b)) is ambiguous: both can be driven here; use <==", at: loc)
        case (false, false):
            diagnose(.multipleDrivers, "<> between \(name(a)) and \(name(b)): both are already driven (two sources)", at: loc)
        default:
            diagnose(.invalidExpression, "<> needs signals of this module on both sides", at: loc)
        }
        return nil
    }

    private mutating func connect(_ target: Node, _ value: Node, at loc: SourceLocation) -> StatementIR.Connect? {
        guard case .signal(let sid, let id, let name) = target.op else {
            diagnose(.invalidExpression,
                     "the left side of <== must be a signal (port, wire, register or instance input), not an expression", at: loc)
            return nil
        }
        guard sid == scope.id else {
            diagnose(.invalidExpression, "'\(name)' is a signal of another module; it cannot be connected here", at: loc)
            return nil
        }
        let signal = scope.signals[id.index]
        guard signal.kind.isDrivenByConnects else {
            let why: String
            switch signal.kind {
            case .input: why = "an input port is driven from outside the module"
            case .instanceOutput: why = "an instance output is driven by the instance"
            case .memoryReadData: why = "memory read data is driven by the memory"
            default: why = "it is driven implicitly"
            }
            diagnose(.multipleDrivers, "cannot connect \(signal.kind.noun) '\(name)': \(why)", at: loc,
                     notes: [.init("'\(name)' declared here", at: signal.location)])
            return nil
        }
        if value.width > signal.width {
            diagnose(.widthMismatch,
                     "cannot connect a \(value.width)-bit value to the \(signal.width)-bit \(signal.kind.noun) '\(name)'; "
                        + "drop bits explicitly with .truncated(to: \(signal.width)) or widen the \(signal.kind.noun)",
                     at: loc, notes: [.init("'\(name)' declared here", at: signal.location)])
            return nil
        }
        if value.signed != signal.type.signed {
            diagnose(.widthMismatch,
                     "cannot connect a \(value.type) value to the \(signal.type) \(signal.kind.noun) '\(name)'; convert with asSigned()/asUnsigned()",
                     at: loc)
            return nil
        }
        guard let e = expr(value.extended(to: signal.width), at: loc) else { return nil }
        return .init(target: id, value: e, location: loc)
    }

    private mutating func whenChain(_ w: When, from i: Int) -> [StatementIR] {
        if i == w.branches.count {
            guard let body = w.otherwiseBody else { return [] }
            return statements(body, enclosing: w.otherwiseLocation ?? w.location)
        }
        let branch = w.branches[i]
        let thenBody = statements(branch.body, enclosing: branch.location)
        let elseBody = whenChain(w, from: i + 1)
        if let c = branch.condition.constantValue {
            return c.isZero ? elseBody : thenBody  // elaboration-time constant condition
        }
        guard branch.condition.width == 1 else {
            diagnose(.widthMismatch, "a When condition must be 1 bit wide", at: branch.location)
            return []
        }
        guard let cond = expr(branch.condition, at: branch.location) else { return [] }
        return [.when(.init(condition: cond, then: thenBody, otherwise: elseBody, location: branch.location))]
    }

    private mutating func switchStatement(_ sw: Switch) -> StatementIR.Switch? {
        let selector = sw.selector
        var cases: [StatementIR.Switch.Case] = []
        var defaultBody: [StatementIR]?
        var seen: [Constant: SourceLocation] = [:]
        for c in sw.cases {
            let body = statements(c.body, enclosing: c.location)
            if c.isDefault {
                if defaultBody != nil {
                    diagnose(.invalidExpression, "a Switch has more than one Default", at: c.location)
                }
                defaultBody = body
                continue
            }
            var values: [Constant] = []
            var symbols: [Int?] = []
            for (position, v) in c.values.enumerated() {
                guard Constant.fits(v, width: selector.width, signed: selector.signed) else {
                    diagnose(.widthMismatch,
                             "case value \(v) does not fit the \(selector.type) Switch selector", at: c.location)
                    continue
                }
                let k = Constant(v, width: selector.width)
                if let first = seen[k] {
                    diagnose(.invalidExpression, "case value \(v) appears twice in this Switch", at: c.location,
                             notes: [.init("first used here", at: first)])
                    continue
                }
                seen[k] = c.location
                values.append(k)
                symbols.append(c.symbols.map { symbol($0[position], at: c.location) })
            }
            if c.values.isEmpty {
                diagnose(.invalidExpression, "Is(...) needs at least one value", at: c.location)
            }
            if !values.isEmpty {
                cases.append(.init(values: values, symbols: symbols, body: body, location: c.location))
            }
        }
        guard let sel = expr(selector, at: sw.location) else { return nil }
        return .init(selector: sel, cases: cases, defaultBody: defaultBody, location: sw.location)
    }

    private mutating func memoryWrite(_ handle: MemoryHandle, _ address: Node, _ data: Node, mask: Node?,
                                      at loc: SourceLocation) -> StatementIR.MemoryWrite? {
        guard handle.scope == scope.id else {
            diagnose(.invalidExpression, "memory '\(handle.name)' belongs to another module", at: loc)
            return nil
        }
        let mem = scope.memories[handle.index]
        guard let a = lowerAddress(address, for: mem, at: loc) else { return nil }
        if data.width > mem.type.width {
            diagnose(.widthMismatch, "cannot write a \(data.width)-bit value into the \(mem.type.width)-bit memory '\(mem.name)'", at: loc)
            return nil
        }
        var m: ExprID?
        if let mask {
            guard mask.width == mem.maskLanes, !mask.signed else {
                diagnose(.widthMismatch,
                         "the write mask of memory '\(mem.name)' must be an unsigned value of \(mem.maskLanes) bits (one per lane), not \(mask.type)",
                         at: loc)
                return nil
            }
            m = expr(mask, at: loc)
        }
        guard let d = expr(data.extended(to: mem.type.width).cast(signed: mem.type.signed), at: loc) else { return nil }
        writtenMemories.insert(handle.index)
        return .init(memory: handle.index, address: a, data: d, mask: m, location: loc)
    }

    private mutating func lowerAddress(_ address: Node, for mem: Scope.MemoryDeclaration, at loc: SourceLocation) -> ExprID? {
        let aw = MemoryIR.addressWidth(depth: mem.depth)
        if address.width > aw {
            diagnose(.widthMismatch,
                     "the \(address.width)-bit address is wider than the \(aw) bits memory '\(mem.name)' (depth \(mem.depth)) needs; truncate it explicitly",
                     at: loc)
            return nil
        }
        if let c = address.constantValue, let v = c.intValue(signed: false), v >= mem.depth {
            diagnose(.invalidExpression, "address \(v) is out of range for memory '\(mem.name)' (depth \(mem.depth): addresses 0...\(mem.depth - 1))",
                     at: loc)
            return nil
        }
        return expr(address.extended(to: aw), at: loc)
    }

    // MARK: Module

    /// Lowers the whole module: declarations' attached expressions, memories, implicit and body statements.
    mutating func module(body: Block, baseName: String, parameters: [ModuleIR.Parameter], location: SourceLocation) -> ModuleIR {
        // Nearly every signal is read once (a large array's instance ports): room for those reads up front, so the
        // table does not grow by copying itself at the end of lowering, when the front end's graph is still alive.
        exprs.reserveCapacity(scope.signals.count + 64)
        scope.releaseSignalNodes()
        var defaults: [(SignalID, ExprID)] = []
        for (sid, node) in scope.defaultValues {
            if let e = expr(node, at: scope.signals[sid.index].location) { defaults.append((sid, e)) }
        }
        var enables: [(SignalID, ExprID)] = []
        for (sid, node) in scope.enables {
            if let e = expr(node, at: scope.signals[sid.index].location) { enables.append((sid, e)) }
        }
        var memories: [MemoryIR] = []
        for m in scope.memories {
            var ports: [MemoryIR.ReadPort] = []
            for p in m.readPorts {
                guard let a = lowerAddress(p.address, for: m, at: p.location) else { continue }
                let en = p.enable.flatMap { expr($0, at: p.location) }
                ports.append(.init(address: a, enable: en, data: p.data, kind: p.kind, location: p.location))
            }
            memories.append(MemoryIR(name: m.name, depth: m.depth, type: m.type, readPorts: ports, initial: m.initial,
                                     maskLanes: m.maskLanes, location: m.location))
        }
        // Implicit statements first, then the body's, without concatenating the two lists (a copy of every statement).
        var lowered: [StatementIR] = []
        lowered.reserveCapacity(scope.implicitStatements.count + body.statements.count)
        for s in scope.implicitStatements { lower(s, enclosing: location, into: &lowered) }
        for s in body.statements { lower(s, enclosing: location, into: &lowered) }
        let body = lowered
        // Every statement is lowered: the signal table moves out of the scope (no copy of millions of signals).
        let hasState = scope.hasState || !writtenMemories.isEmpty, usesReset = scope.usesReset
        var signals = scope.takeSignals()
        for (sid, e) in defaults { signals[sid.index].defaultValue = e }
        for (sid, e) in enables { signals[sid.index].enable = e }
        var ir = ModuleIR(baseName: baseName, parameters: parameters, signals: signals, ports: scope.ports, exprs: exprs,
                          body: body, instances: scope.instances, memories: memories,
                          hasState: hasState, combinationalPaths: [], location: location)
        ir.usesReset = usesReset
        ir.symbols = symbols
        ir.packedPorts = scope.packedPorts
        return ir
    }
}
