/// Decides the Verilog shape of every driver in a module: continuous `assign`s, and the `always` blocks of the
/// rest, one per decision tree rather than one per signal.
///
/// The body's top-level statements are the trees (a `When`/`Switch` with everything under it, or a single
/// connect). Two trees go into one `always` block when they drive a common signal (last-connect semantics
/// need them in one block); a run of plain unconditional register connects (pipeline registers) shares one
/// block. Combinational and clocked targets of one tree go to two blocks (`always @*` and
/// `always @(posedge clk)`); a memory's writes go to a block of their own.
///
/// Registers' resets and clock enables are folded into each block's statements here, so the printer prints
/// plain trees: with every register of the block reset, `if (rst) ... else ...`; with a mix, the reset comes
/// last (`if (rst) ...` after the logic: registers without reset are not held by it).
struct ProcessGrouping {
    enum Kind: Equatable {
        case combinational, sequential
        case memoryWrite(Int)
    }

    struct Process {
        var kind: Kind
        var statements: [StatementIR]
        /// Index of the first top-level statement: blocks are printed in this order.
        var order: Int
    }

    struct Assign {
        var target: SignalID
        var value: ExprID
        var location: SourceLocation
    }

    var assigns: [Assign] = []
    var processes: [Process] = []
    /// Signals assigned inside an `always` block (declared `reg` in Verilog).
    var procedural: [Bool]
    /// Instance inputs connected directly in the instance (`.k(beat_k)`), with the expression to print there.
    var inlined: [ExprID?]

    init(_ m: inout ModuleIR) {
        let signalCount = m.signals.count
        procedural = [Bool](repeating: false, count: signalCount)
        inlined = [ExprID?](repeating: nil, count: signalCount)
        let body = m.body
        // Which top-level statements drive each signal / memory.
        var drivers = DriverIndex(count: signalCount)
        var memoryDrivers = [[Int32]](repeating: [], count: m.memories.count)
        for (t, s) in body.enumerated() {
            Self.targets(of: s) { sid in
                drivers.add(sid.index, Int32(t))
            } memory: { k in
                if memoryDrivers[k].last != Int32(t) { memoryDrivers[k].append(Int32(t)) }
            }
        }
        var referenced = [Bool](repeating: false, count: signalCount)
        for e in m.exprs { if case .signal(let s) = e.op { referenced[s.index] = true } }

        // Continuous assignments: a combinational signal with one unconditional connect, or only a default.
        var isAssign = [Bool](repeating: false, count: signalCount)
        var assignOrder: [(Int, Assign)] = []
        for i in 0..<signalCount where m.signals[i].kind.isDrivenByConnects && m.signals[i].kind != .register {
            let s = m.signals[i]
            let d = drivers.statements(i)
            if d.count == 1, s.defaultValue == nil, case .connect(let c) = body[Int(d[0])] {
                isAssign[i] = true
                assignOrder.append((Int(d[0]), Assign(target: SignalID(i), value: c.value, location: c.location)))
            } else if d.isEmpty, let dv = s.defaultValue {
                isAssign[i] = true
                assignOrder.append((body.count + i, Assign(target: SignalID(i), value: dv, location: s.location)))
            }
        }
        // Instance inputs fed by a plain signal or constant and read nowhere else: connected in the instance.
        var keptAssigns: [(Int, Assign)] = []
        for (order, a) in assignOrder {
            if case .instanceInput = m.signals[a.target.index].kind, !referenced[a.target.index], m.isLeafLike(a.value) {
                inlined[a.target.index] = a.value
            } else {
                keptAssigns.append((order, a))
            }
        }
        assigns = keptAssigns.sorted { $0.0 < $1.0 }.map(\.1)

        // Union-find over top-level statements, one forest per domain.
        var combParent = Array(0..<body.count)
        var seqParent = Array(0..<body.count)
        func find(_ p: inout [Int], _ x: Int) -> Int {
            var x = x
            while p[x] != x { p[x] = p[p[x]]; x = p[x] }
            return x
        }
        func union(_ p: inout [Int], _ a: Int, _ b: Int) {
            let ra = find(&p, a), rb = find(&p, b)
            if ra != rb { p[max(ra, rb)] = min(ra, rb) }
        }
        var inComb = [Bool](repeating: false, count: body.count)
        var inSeq = [Bool](repeating: false, count: body.count)
        for i in 0..<signalCount where drivers.first[i] >= 0 && !isAssign[i] {
            let kind = m.signals[i].kind
            guard kind.isDrivenByConnects else { continue }
            let first = Int(drivers.first[i])
            for t in drivers.statements(i) {
                if kind == .register {
                    inSeq[Int(t)] = true
                    union(&seqParent, first, Int(t))
                } else {
                    inComb[Int(t)] = true
                    union(&combParent, first, Int(t))
                }
            }
        }
        // A run of plain register connects (no condition, no enable) shares one block.
        var previousPlain: Int?
        for (t, s) in body.enumerated() {
            if case .connect(let c) = s, m.signals[c.target.index].kind == .register, m.signals[c.target.index].enable == nil {
                if let p = previousPlain { union(&seqParent, p, t) }
                previousPlain = t
            } else if inSeq[t] || inComb[t] {
                previousPlain = nil
            }
        }

        // Build the processes: each group's trees in body order, pruned to the group's targets.
        var combGroups: [Int: [Int]] = [:]
        var seqGroups: [Int: [Int]] = [:]
        for t in body.indices {
            if inComb[t] { combGroups[find(&combParent, t), default: []].append(t) }
            if inSeq[t] { seqGroups[find(&seqParent, t), default: []].append(t) }
        }
        var resetExpr: ExprID?
        for (root, members) in combGroups.sorted(by: { $0.key < $1.key }) {
            var targets = Set<Int>()
            for t in members { Self.targets(of: body[t]) { if m.signals[$0.index].kind != .register && !isAssign[$0.index] { targets.insert($0.index) } } memory: { _ in } }
            var statements: [StatementIR] = []
            for i in targets.sorted() {
                if let d = m.signals[i].defaultValue {
                    statements.append(.connect(.init(target: SignalID(i), value: d, location: m.signals[i].location)))
                }
            }
            for t in members {
                if let s = Self.prune(body[t], keep: { targets.contains($0.index) }, memory: { _ in false }) { statements.append(s) }
            }
            processes.append(Process(kind: .combinational, statements: statements, order: root))
        }
        for (root, members) in seqGroups.sorted(by: { $0.key < $1.key }) {
            var targets = Set<Int>()
            for t in members { Self.targets(of: body[t]) { if m.signals[$0.index].kind == .register { targets.insert($0.index) } } memory: { _ in } }
            let registers = targets.sorted()
            let enables = Set(registers.map { m.signals[$0].enable?.index ?? -1 })
            let common = enables.count == 1 ? m.signals[registers[0]].enable : nil
            var statements: [StatementIR] = []
            for t in members {
                guard var s = Self.prune(body[t], keep: { targets.contains($0.index) }, memory: { _ in false }) else { continue }
                if common == nil && enables.count > 1 { s = Self.guardEnables(s, m) }
                statements.append(s)
            }
            if let en = common {
                statements = [.when(.init(condition: en, then: statements, otherwise: [], location: m.signals[registers[0]].location))]
            }
            let resets: [StatementIR] = registers.compactMap { i in
                guard let r = m.signals[i].reset else { return nil }
                let value = Self.constant(r, m.signals[i].type, &m)
                return .connect(.init(target: SignalID(i), value: value, location: m.signals[i].location))
            }
            if !resets.isEmpty {
                if resetExpr == nil { resetExpr = Self.resetExpression(&m) }
                let location = m.signals[registers.first { m.signals[$0].reset != nil }!].location
                if resets.count == registers.count {
                    statements = [.when(.init(condition: resetExpr!, then: resets, otherwise: statements, location: location))]
                } else {
                    statements.append(.when(.init(condition: resetExpr!, then: resets, otherwise: [], location: location)))
                }
            }
            processes.append(Process(kind: .sequential, statements: statements, order: root))
        }
        // Registers that are never connected: constant after reset.
        for i in 0..<signalCount where m.signals[i].kind == .register && drivers.first[i] < 0 {
            guard let r = m.signals[i].reset else { continue }
            if resetExpr == nil { resetExpr = Self.resetExpression(&m) }
            let value = Self.constant(r, m.signals[i].type, &m)
            let loc = m.signals[i].location
            processes.append(Process(kind: .sequential, statements: [
                .when(.init(condition: resetExpr!, then: [.connect(.init(target: SignalID(i), value: value, location: loc))],
                            otherwise: [], location: loc))], order: body.count + i))
        }
        for k in m.memories.indices where !memoryDrivers[k].isEmpty {
            let statements = memoryDrivers[k].compactMap {
                Self.prune(body[Int($0)], keep: { _ in false }, memory: { $0 == k })
            }
            processes.append(Process(kind: .memoryWrite(k), statements: statements, order: Int(memoryDrivers[k][0])))
        }
        for i in 0..<signalCount where m.signals[i].kind == .register { procedural[i] = true }
        for p in processes where p.kind == .combinational {
            for s in p.statements { Self.targets(of: s) { procedural[$0.index] = true } memory: { _ in } }
        }
        processes.sort { ($0.kindRank, $0.order) < ($1.kindRank, $1.order) }
    }

    // MARK: Trees

    /// Calls `signal` for every connect target and `memory` for every written memory in `s`, in order.
    static func targets(of s: StatementIR, signal: (SignalID) -> Void, memory: (Int) -> Void) {
        switch s {
        case .connect(let c): signal(c.target)
        case .memoryWrite(let w): memory(w.memory)
        case .when(let w):
            for x in w.then { targets(of: x, signal: signal, memory: memory) }
            for x in w.otherwise { targets(of: x, signal: signal, memory: memory) }
        case .switchCase(let sw):
            for c in sw.cases { for x in c.body { targets(of: x, signal: signal, memory: memory) } }
            for x in sw.defaultBody ?? [] { targets(of: x, signal: signal, memory: memory) }
        }
    }

    /// `s` with only the connects to kept signals and writes to kept memories; nil when nothing is left.
    static func prune(_ s: StatementIR, keep: (SignalID) -> Bool, memory: (Int) -> Bool) -> StatementIR? {
        switch s {
        case .connect(let c): return keep(c.target) ? s : nil
        case .memoryWrite(let w): return memory(w.memory) ? s : nil
        case .when(var w):
            w.then = w.then.compactMap { prune($0, keep: keep, memory: memory) }
            w.otherwise = w.otherwise.compactMap { prune($0, keep: keep, memory: memory) }
            return w.then.isEmpty && w.otherwise.isEmpty ? nil : .when(w)
        case .switchCase(var sw):
            var any = false
            for k in sw.cases.indices {
                sw.cases[k].body = sw.cases[k].body.compactMap { prune($0, keep: keep, memory: memory) }
                if !sw.cases[k].body.isEmpty { any = true }
            }
            if let d = sw.defaultBody {
                sw.defaultBody = d.compactMap { prune($0, keep: keep, memory: memory) }
                if !sw.defaultBody!.isEmpty { any = true }
            }
            return any ? .switchCase(sw) : nil
        }
    }

    /// Wraps each connect to a register with a clock enable in `if (enable)`.
    static func guardEnables(_ s: StatementIR, _ m: ModuleIR) -> StatementIR {
        switch s {
        case .connect(let c):
            guard let en = m.signals[c.target.index].enable else { return s }
            return .when(.init(condition: en, then: [s], otherwise: [], location: c.location))
        case .memoryWrite: return s
        case .when(var w):
            w.then = w.then.map { guardEnables($0, m) }
            w.otherwise = w.otherwise.map { guardEnables($0, m) }
            return .when(w)
        case .switchCase(var sw):
            for k in sw.cases.indices { sw.cases[k].body = sw.cases[k].body.map { guardEnables($0, m) } }
            sw.defaultBody = sw.defaultBody.map { $0.map { guardEnables($0, m) } }
            return .switchCase(sw)
        }
    }

    /// An expression for the reset input, adding the `rst` signal when the body never read it.
    static func resetExpression(_ m: inout ModuleIR) -> ExprID {
        let sid: SignalID
        if let i = m.signals.firstIndex(where: { $0.kind == .reset }) {
            sid = SignalID(i)
        } else {
            sid = SignalID(m.signals.count)
            m.signals.append(Signal(name: "rst", type: .bit, kind: .reset, location: .unknown))
        }
        m.exprs.append(Expr(.signal(sid), .bit))
        return ExprID(m.exprs.count - 1)
    }

    static func constant(_ c: Constant, _ type: HWType, _ m: inout ModuleIR) -> ExprID {
        m.exprs.append(Expr(.constant(c), type))
        return ExprID(m.exprs.count - 1)
    }
}

/// The top-level statements that drive each signal, in order. Nearly every signal has exactly one, so that one is
/// kept in a flat array and only the rest in a dictionary (no array per signal in modules of millions of them).
struct DriverIndex {
    var first: [Int32]
    var rest: [Int: [Int32]] = [:]

    init(count: Int) { first = [Int32](repeating: -1, count: count) }

    mutating func add(_ signal: Int, _ statement: Int32) {
        if first[signal] < 0 {
            first[signal] = statement
        } else if first[signal] != statement && rest[signal]?.last != statement {
            rest[signal, default: []].append(statement)
        }
    }

    func statements(_ signal: Int) -> [Int32] {
        first[signal] < 0 ? [] : [first[signal]] + (rest[signal] ?? [])
    }
}

extension ProcessGrouping.Process {
    /// Combinational blocks print before clocked ones, memory writes last.
    var kindRank: Int {
        switch kind {
        case .combinational: return 0
        case .sequential: return 1
        case .memoryWrite: return 2
        }
    }
}
