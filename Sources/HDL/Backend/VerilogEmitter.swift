/// Emits a `Circuit` as synthesizable Verilog-2005: one file per module, leaves first.
///
/// The output is written to be lint-clean under `verilator -Wall`, `iverilog -Wall` and Yosys `check`:
/// every operator's operands already have the width the IR gave them (no reliance on context-dependent
/// sizing), signed operations use `$signed` on plain identifiers, combinational signals assigned under
/// conditions are `always @*` blocks with their default first, and bits that are intentionally unread are
/// collected in a `_unused` net (Verilator's convention for deliberate sinks).
public enum VerilogEmitter {
    public static func emit(_ circuit: Circuit) -> VerilogDesign {
        var portNames: [[String]] = []
        var files: [VerilogFile] = []
        var blackBoxes: [String] = []
        files.reserveCapacity(circuit.modules.count)
        for i in circuit.modules.indices {
            let m = circuit.modules[i]
            if m.blackBox != nil {
                // Defined elsewhere: no file; its ports keep the names it declared.
                portNames.append(m.ports.map { m.signal($0).name })
                blackBoxes.append(circuit.names[i])
                continue
            }
            var e = ModuleEmitter(circuit: circuit, index: i, childPortNames: portNames)
            files.append(VerilogFile(name: "\(circuit.names[i]).v", contents: e.emit()))
            portNames.append(e.portNames)
        }
        let top = circuit.topModule
        var ports: [PortDescriptor] = []
        if top.hasState {
            ports.append(PortDescriptor(name: "clk", direction: .input, width: 1, signed: false))
            ports.append(PortDescriptor(name: "rst", direction: .input, width: 1, signed: false))
        }
        for (k, sid) in top.ports.enumerated() {
            let s = top.signal(sid)
            ports.append(PortDescriptor(name: portNames[circuit.top][k], direction: s.kind == .input ? .input : .output,
                                        width: s.width, signed: s.type.signed))
        }
        return VerilogDesign(top: circuit.names[circuit.top], files: files, ports: ports,
                             parameters: top.parameters.map { ($0.name, $0.value) },
                             parameterJSON: top.parameters.map { ($0.name, $0.json) }, blackBoxes: blackBoxes)
    }
}

/// Elaborates `top`, checks it and emits its Verilog. Throws `ElaborationError` naming the Swift lines at fault.
public func emitVerilog<M: Module>(_ top: M, file: String = #fileID, line: Int = #line) throws -> VerilogDesign {
    VerilogEmitter.emit(try elaborate(top, file: file, line: line))
}

/// Emits one module. Built once per module; not reused.
struct ModuleEmitter {
    let circuit: Circuit
    let m: ModuleIR
    let moduleName: String
    let childPortNames: [[String]]

    /// Final Verilog names of the signals (ports keep the user's names where legal).
    private var names: [String] = []
    private var used = Set<String>()
    /// Names of the module's ports in port order (for parents' instance connections).
    private(set) var portNames: [String] = []
    private var memoryNames: [String] = []

    private var useCount: [Int32]
    private var tempName: [String?]
    private var inlineText: [String?]
    private var tempCounter = 0
    private var temps = ""

    /// Bit ranges read, per signal and per temp (keyed by name), for the `_unused` sink.
    private var signalFullyRead: [Bool]
    private var signalPartialReads: [Int: [(Int, Int)]] = [:]
    private var tempPartialReads: [String: (width: Int, ranges: [(Int, Int)])] = [:]
    private var resetRead = false

    init(circuit: Circuit, index: Int, childPortNames: [[String]]) {
        self.circuit = circuit
        self.m = circuit.modules[index]
        self.moduleName = circuit.names[index]
        self.childPortNames = childPortNames
        useCount = [Int32](repeating: 0, count: m.exprs.count)
        tempName = [String?](repeating: nil, count: m.exprs.count)
        inlineText = [String?](repeating: nil, count: m.exprs.count)
        signalFullyRead = [Bool](repeating: false, count: m.signals.count)
    }

    // MARK: Names

    private mutating func claim(_ wanted: String) -> String {
        var name = VerilogNames.legalize(wanted)
        if used.contains(name) {
            var k = 1
            while used.contains("\(name)_\(k)") { k += 1 }
            name = "\(name)_\(k)"
        }
        used.insert(name)
        return name
    }

    private mutating func assignNames() {
        if m.hasState {
            used.insert("clk")
            used.insert("rst")
        }
        used.insert("_unused")
        names = [String](repeating: "", count: m.signals.count)
        for sid in m.ports { names[sid.index] = claim(m.signal(sid).name) }
        portNames = m.ports.map { names[$0.index] }
        for (i, s) in m.signals.enumerated() where names[i].isEmpty {
            names[i] = s.kind == .reset ? "rst" : claim(s.name)
        }
        memoryNames = m.memories.map { claim($0.name) }
    }

    private mutating func newTemp() -> String {
        while true {
            tempCounter += 1
            let n = "_t\(tempCounter)"
            if !used.contains(n) {
                used.insert(n)
                return n
            }
        }
    }

    // MARK: Declarations

    private static func range(_ t: HWType) -> String {
        (t.signed ? "signed " : "") + (t.width == 1 ? "" : "[\(t.width - 1):0] ")
    }

    private static func comment(_ loc: SourceLocation) -> String { "  // @[\(loc)]" }

    // MARK: Expressions

    private mutating func countUses() {
        func bump(_ e: ExprID) { useCount[e.index] += 1 }
        for expr in m.exprs {
            for o in expr.operands { bump(o) }
        }
        for s in m.signals {
            if let d = s.defaultValue { bump(d) }
            if let e = s.enable { bump(e) }
        }
        for mem in m.memories {
            for p in mem.readPorts {
                bump(p.address)
                if let e = p.enable { bump(e) }
            }
        }
        func walk(_ block: [StatementIR]) {
            for st in block {
                switch st {
                case .connect(let c): bump(c.value)
                case .when(let w):
                    bump(w.condition)
                    walk(w.then)
                    walk(w.otherwise)
                case .switchCase(let s):
                    bump(s.selector)
                    for c in s.cases { walk(c.body) }
                    if let d = s.defaultBody { walk(d) }
                case .memoryWrite(let w):
                    bump(w.address)
                    bump(w.data)
                }
            }
        }
        walk(m.body)
    }

    private mutating func markRead(_ sid: SignalID, lo: Int? = nil, hi: Int? = nil) {
        let s = m.signal(sid)
        if s.kind == .reset { resetRead = true; return }
        if let lo, let hi, !(lo == 0 && hi == s.width - 1) {
            signalPartialReads[sid.index, default: []].append((lo, hi))
        } else {
            signalFullyRead[sid.index] = true
        }
    }

    /// Whether an expression is rendered as a bare identifier or literal.
    private func isLeaf(_ e: ExprID) -> Bool {
        switch m.expr(e).op {
        case .signal, .constant: return true
        case .cast(let a): return isLeaf(a)
        default: return tempName[e.index] != nil
        }
    }

    /// A bare signal or literal (possibly reinterpreted): no temporary, no operator.
    private func isPlainLeaf(_ e: ExprID) -> Bool {
        switch m.expr(e).op {
        case .signal, .constant: return true
        case .cast(let a): return isPlainLeaf(a)
        default: return false
        }
    }

    /// An identifier (signal or temp) holding the value of `e`: what slices, sign extensions and `$signed`
    /// operate on.
    private mutating func atom(_ e: ExprID) -> String {
        let expr = m.expr(e)
        switch expr.op {
        case .signal(let s):
            markRead(s)
            return names[s.index]
        case .cast(let a):
            return atom(a)
        default:
            if let t = tempName[e.index] {
                markTempRead(t, width: expr.width, lo: 0, hi: expr.width - 1)
                return t
            }
            let text = render(e)
            let t = newTemp()
            temps += "  wire \(Self.range(.unsigned(expr.width)))\(t) = \(text);\n"
            tempName[e.index] = t
            markTempRead(t, width: expr.width, lo: 0, hi: expr.width - 1)
            return t
        }
    }

    private mutating func markTempRead(_ t: String, width: Int, lo: Int, hi: Int) {
        tempPartialReads[t, default: (width, [])].ranges.append((lo, hi))
    }

    /// `e` without the casts on top (a cast is only a change of signedness, rendered as its operand).
    private func stripCasts(_ e: ExprID) -> ExprID {
        if case .cast(let a) = m.expr(e).op { return stripCasts(a) }
        return e
    }

    /// `e` as an operand of a larger expression: parenthesized unless it is a leaf, a concatenation or a select.
    private mutating func operand(_ e: ExprID) -> String {
        let text = value(e)
        let e = stripCasts(e)
        if isLeaf(e) { return text }
        switch m.expr(e).op {
        case .concat, .slice, .unary(.not, _): return text
        case .extend(let a) where m.expr(e).width > m.expr(a).width: return text
        default: return "(\(text))"
        }
    }

    /// The text of `e` wherever a value is needed: inline when used once and short, else a shared temp.
    private mutating func value(_ e: ExprID) -> String {
        let expr = m.expr(e)
        switch expr.op {
        case .signal(let s):
            markRead(s)
            return names[s.index]
        case .constant(let c):
            return c.verilog
        case .cast(let a):
            return value(a)
        default:
            break
        }
        if let t = tempName[e.index] {
            markTempRead(t, width: expr.width, lo: 0, hi: expr.width - 1)
            return t
        }
        // A select of a signal is as cheap to repeat as a name: never worth a temporary.
        if case .slice(let inner, _) = expr.op, case .signal = m.expr(stripCasts(inner)).op { return render(e) }
        if useCount[e.index] > 1 { return atom(e) }
        let text = render(e)
        if text.utf8.count > 96 {
            let t = newTemp()
            temps += "  wire \(Self.range(.unsigned(expr.width)))\(t) = \(text);\n"
            tempName[e.index] = t
            markTempRead(t, width: expr.width, lo: 0, hi: expr.width - 1)
            return t
        }
        return text
    }

    private mutating func signedAtom(_ e: ExprID) -> String {
        if case .constant(let c) = m.expr(e).op { return "$signed(\(c.verilog))" }
        return "$signed(\(atom(e)))"
    }

    /// Renders the operator of `e` (never a bare identifier).
    private mutating func render(_ e: ExprID) -> String {
        let expr = m.expr(e)
        switch expr.op {
        case .signal, .constant, .cast:
            return value(e)
        case .unary(let op, let a):
            switch op {
            case .not: return "~\(operand(a))"
            case .reduceAnd: return "&\(operand(a))"
            case .reduceOr: return "|\(operand(a))"
            case .reduceXor: return "^\(operand(a))"
            }
        case .binary(let op, let a, let b):
            let ta = m.expr(a).type
            switch op {
            case .add: return "\(operand(a)) + \(operand(b))"
            case .sub: return "\(operand(a)) - \(operand(b))"
            case .and: return "\(operand(a)) & \(operand(b))"
            case .or: return "\(operand(a)) | \(operand(b))"
            case .xor: return "\(operand(a)) ^ \(operand(b))"
            case .mul:
                // Operands must be self-contained: the product's width is the context of the multiply.
                if ta.signed { return "\(signedAtom(a)) * \(signedAtom(b))" }
                return "\(mulOperand(a)) * \(mulOperand(b))"
            case .eq: return "\(operand(a)) == \(operand(b))"
            case .ne: return "\(operand(a)) != \(operand(b))"
            case .lt, .le, .gt, .ge:
                let sym = op == .lt ? "<" : op == .le ? "<=" : op == .gt ? ">" : ">="
                if ta.signed { return "\(signedAtom(a)) \(sym) \(signedAtom(b))" }
                return "\(operand(a)) \(sym) \(operand(b))"
            case .shl: return "\(operand(a)) << \(operand(b))"
            case .shr:
                if ta.signed { return "\(signedAtom(a)) >>> \(operand(b))" }
                return "\(operand(a)) >> \(operand(b))"
            }
        case .mux(let c, let a, let b):
            return "\(operand(c)) ? \(operand(a)) : \(operand(b))"
        case .concat(let parts):
            return "{" + parts.map { concatPart($0) }.joined(separator: ", ") + "}"
        case .slice(let a, let lo):
            return select(a, lo: lo, width: expr.width)
        case .extend(let a):
            let inner = m.expr(a)
            let extra = expr.width - inner.width
            if extra == 0 { return value(a) }
            if inner.type.signed {
                let base = atom(a)
                let sign = inner.width == 1 ? base : "\(base)[\(inner.width - 1)]"
                if inner.width == 1 { return "{\(extra + 1){\(sign)}}" }
                if extra == 1 { return "{\(sign), \(base)}" }
                return "{{\(extra){\(sign)}}, \(base)}"
            }
            return "{\(extra)'d0, \(concatPart(a))}"
        }
    }

    private mutating func mulOperand(_ e: ExprID) -> String {
        switch m.expr(e).op {
        case .signal, .constant: return value(e)
        default: return atom(e)
        }
    }

    private mutating func concatPart(_ e: ExprID) -> String {
        let text = value(e)
        if isLeaf(e) { return text }
        switch m.expr(e).op {
        case .concat, .slice: return text
        default: return "(\(text))"
        }
    }

    /// `x[hi:lo]` / `x[i]` on an identifier.
    private mutating func select(_ a: ExprID, lo: Int, width: Int) -> String {
        let inner = m.expr(a)
        let hi = lo + width - 1
        let base: String
        switch inner.op {
        case .signal(let s):
            markRead(s, lo: lo, hi: hi)
            base = names[s.index]
            if m.signal(s).width == 1 { return base }
        case .cast(let x) where { if case .signal = m.expr(x).op { return true } else { return false } }():
            return select(x, lo: lo, width: width)
        default:
            if inner.width == 1 { return value(a) }
            if tempName[a.index] == nil {
                let text = render(a)
                let t = newTemp()
                temps += "  wire \(Self.range(.unsigned(inner.width)))\(t) = \(text);\n"
                tempName[a.index] = t
            }
            base = tempName[a.index]!
            markTempRead(base, width: inner.width, lo: lo, hi: hi)
        }
        return width == 1 ? "\(base)[\(lo)]" : "\(base)[\(hi):\(lo)]"
    }

    // MARK: Driver trees

    private struct PathStep: Equatable {
        var node: Int
        var branch: Int
    }

    /// One assignment of a target (signal or memory) with the conditional branches it sits in.
    private struct Entry {
        var path: [PathStep]
        var leaf: Leaf
    }

    private enum Leaf {
        case statement(StatementIR)
        /// A synthesized line (a register's reset assignment).
        case text(String, SourceLocation)
    }

    private enum Condition {
        case expr(ExprID)
        /// A synthesized condition on an identifier (`rst`).
        case identifier(String)
    }

    private enum Conditional {
        case when(Condition, SourceLocation?)
        case switchCase(StatementIR.Switch)
    }

    private var conditionals: [Conditional] = []
    private var signalEntries: [[Entry]] = []
    private var memoryEntries: [[Entry]] = []
    /// Signals in the order of their first connect (the order of `assign`s and `always` blocks).
    private var driveOrder: [Int] = []

    private mutating func collectEntries() {
        signalEntries = Array(repeating: [], count: m.signals.count)
        memoryEntries = Array(repeating: [], count: m.memories.count)
        var path: [PathStep] = []
        walkEntries(m.body, &path)
    }

    private mutating func walkEntries(_ block: [StatementIR], _ path: inout [PathStep]) {
        for st in block {
            switch st {
            case .connect(let c):
                if signalEntries[c.target.index].isEmpty { driveOrder.append(c.target.index) }
                signalEntries[c.target.index].append(Entry(path: path, leaf: .statement(st)))
            case .memoryWrite(let w):
                memoryEntries[w.memory].append(Entry(path: path, leaf: .statement(st)))
            case .when(let w):
                let id = conditionals.count
                conditionals.append(.when(.expr(w.condition), w.location))
                path.append(PathStep(node: id, branch: 0))
                walkEntries(w.then, &path)
                path[path.count - 1].branch = 1
                walkEntries(w.otherwise, &path)
                path.removeLast()
            case .switchCase(let s):
                let id = conditionals.count
                conditionals.append(.switchCase(s))
                for (k, c) in s.cases.enumerated() {
                    path.append(PathStep(node: id, branch: k))
                    walkEntries(c.body, &path)
                    path.removeLast()
                }
                if let d = s.defaultBody {
                    path.append(PathStep(node: id, branch: s.cases.count))
                    walkEntries(d, &path)
                    path.removeLast()
                }
            }
        }
    }

    /// Wraps `entries` in a synthesized conditional: they go to branch `branch` of a new node.
    private mutating func wrap(_ entries: [Entry], in condition: Condition, branch: Int, at loc: SourceLocation?) -> (node: Int, entries: [Entry]) {
        let id = conditionals.count
        conditionals.append(.when(condition, loc))
        return (id, entries.map { Entry(path: [PathStep(node: id, branch: branch)] + $0.path, leaf: $0.leaf) })
    }

    private typealias Assignment = (inout ModuleEmitter, StatementIR) -> String

    /// Renders the pruned statement tree of one target. `assignment` renders a connect or write.
    private mutating func renderTree(_ entries: ArraySlice<Entry>, depth: Int, indent: String, into out: inout String,
                                     assignment: Assignment) {
        var i = entries.startIndex
        while i < entries.endIndex {
            let e = entries[i]
            if e.path.count == depth {
                switch e.leaf {
                case .statement(let st): out += indent + assignment(&self, st) + "\n"
                case .text(let t, let loc): out += indent + t + Self.comment(loc) + "\n"
                }
                i += 1
                continue
            }
            let node = e.path[depth].node
            var j = i
            while j < entries.endIndex, entries[j].path.count > depth, entries[j].path[depth].node == node { j += 1 }
            let group = entries[i..<j]
            switch conditionals[node] {
            case .when:
                renderWhen(node, group, depth: depth, indent: indent, into: &out, assignment: assignment)
            case .switchCase(let s):
                renderSwitch(s, group, depth: depth, indent: indent, into: &out, assignment: assignment)
            }
            i = j
        }
    }

    private mutating func renderSwitch(_ s: StatementIR.Switch, _ group: ArraySlice<Entry>, depth: Int, indent: String,
                                       into out: inout String, assignment: Assignment) {
        let sel = value(s.selector)
        let selWidth = m.expr(s.selector).width
        out += indent + "case (\(sel))" + Self.comment(s.location) + "\n"
        let branches = s.cases.count + (s.defaultBody == nil ? 0 : 1)
        // A switch that lists every value gets its last case as `default`, so no tool sees an open path.
        let coversAll = s.defaultBody == nil && selWidth < 20
            && s.cases.reduce(0) { $0 + $1.values.count } == 1 << selWidth
        var emittedDefault = false
        for k in 0..<branches {
            let part = group.filter { $0.path[depth].branch == k }
            let isDefault = k == s.cases.count || (coversAll && k == s.cases.count - 1)
            if part.isEmpty && !isDefault { continue }
            let label = isDefault ? "default" : s.cases[k].values.map(\.verilog).joined(separator: ", ")
            out += indent + "  \(label): begin\n"
            renderTree(part[...], depth: depth + 1, indent: indent + "    ", into: &out, assignment: assignment)
            out += indent + "  end\n"
            if isDefault { emittedDefault = true }
        }
        if !emittedDefault { out += indent + "  default: ;\n" }
        out += indent + "endcase\n"
    }

    /// `if (c) ... end else if (d) ... end else ... end`: an else branch that holds nothing but another
    /// conditional (an `elseWhen`) continues the chain instead of nesting.
    private mutating func renderWhen(_ firstNode: Int, _ firstGroup: ArraySlice<Entry>, depth firstDepth: Int,
                                     indent: String, into out: inout String, assignment: Assignment) {
        var node = firstNode
        var group = Array(firstGroup)
        var depth = firstDepth
        var opener = indent + "if"
        while true {
            guard case .when(let condition, let location) = conditionals[node] else { return }
            let thenPart = group.filter { $0.path[depth].branch == 0 }
            let elsePart = group.filter { $0.path[depth].branch == 1 }
            let cond = conditionText(condition)
            if thenPart.isEmpty {
                out += opener + " (!\(cond.negatable)) begin" + (location.map(Self.comment) ?? "") + "\n"
                renderTree(elsePart[...], depth: depth + 1, indent: indent + "  ", into: &out, assignment: assignment)
                out += indent + "end\n"
                return
            }
            out += opener + " (\(cond.text)) begin" + (location.map(Self.comment) ?? "") + "\n"
            renderTree(thenPart[...], depth: depth + 1, indent: indent + "  ", into: &out, assignment: assignment)
            if elsePart.isEmpty {
                out += indent + "end\n"
                return
            }
            // Continue the chain when the else branch is exactly one nested When with a then part.
            let next = depth + 1
            if elsePart.allSatisfy({ $0.path.count > next && $0.path[next].node == elsePart[0].path[next].node }),
               case .when = conditionals[elsePart[0].path[next].node],
               elsePart.contains(where: { $0.path[next].branch == 0 }) {
                opener = indent + "end else if"
                node = elsePart[0].path[next].node
                group = elsePart
                depth = next
                continue
            }
            out += indent + "end else begin\n"
            renderTree(elsePart[...], depth: depth + 1, indent: indent + "  ", into: &out, assignment: assignment)
            out += indent + "end\n"
            return
        }
    }

    private struct ConditionText {
        var text: String
        /// The text safe to put after `!`.
        var negatable: String
    }

    private mutating func conditionText(_ e: ExprID) -> ConditionText {
        let text = value(e)
        return ConditionText(text: text, negatable: isLeaf(e) ? text : "(\(text))")
    }

    private mutating func conditionText(_ c: Condition) -> ConditionText {
        switch c {
        case .expr(let e): return conditionText(e)
        case .identifier(let name): return ConditionText(text: name, negatable: name)
        }
    }

    // MARK: Module

    mutating func emit() -> String {
        assignNames()
        countUses()
        collectEntries()

        // Decide how each driven signal is emitted.
        var isAlwaysReg = [Bool](repeating: false, count: m.signals.count)
        for (i, s) in m.signals.enumerated() {
            switch s.kind {
            case .register, .memoryReadData:
                isAlwaysReg[i] = true
            case .output, .wire, .instanceInput:
                let entries = signalEntries[i]
                let single = entries.count == 1 && entries[0].path.isEmpty
                let onlyDefault = entries.isEmpty && s.defaultValue != nil
                isAlwaysReg[i] = !(single || onlyDefault)
            default:
                break
            }
        }

        // An instance input driven once, unconditionally, by a plain signal or constant that nothing else
        // reads is connected directly (`.k(beat_k)`), without a wire and an assign of its own.
        var inlined = [String?](repeating: nil, count: m.signals.count)
        var referenced = [Bool](repeating: false, count: m.signals.count)
        for expr in m.exprs { if case .signal(let sid) = expr.op { referenced[sid.index] = true } }
        for (i, s) in m.signals.enumerated() where !isAlwaysReg[i] && !referenced[i] {
            guard case .instanceInput = s.kind else { continue }
            if let e = signalEntries[i].first, case .statement(.connect(let c)) = e.leaf, isPlainLeaf(c.value) {
                inlined[i] = value(c.value)
            } else if signalEntries[i].isEmpty, let d = s.defaultValue, isPlainLeaf(d) {
                inlined[i] = value(d)
            }
        }

        var body = ""
        // Instances.
        for inst in m.instances {
            let child = circuit.modules[inst.module]
            body += "  \(circuit.names[inst.module]) \(claimInstanceName(inst.name)) (" + Self.comment(inst.location) + "\n"
            var conns: [String] = []
            if child.takesClock { conns.append(".clk(clk)") }
            if child.takesReset { conns.append(".rst(rst)") }
            let childNames = childPortNames[inst.module]
            for (k, sid) in inst.portSignals.enumerated() {
                // The child reads its inputs; its outputs are read only where this module's logic uses them.
                if case .instanceInput = m.signal(sid).kind { markRead(sid) }
                conns.append(".\(childNames[k])(\(inlined[sid.index] ?? names[sid.index]))")
            }
            body += conns.map { "    " + $0 }.joined(separator: ",\n") + "\n  );\n"
        }

        // Continuous assignments and combinational always blocks, in order of first connect.
        var assigns = ""
        var combBlocks = ""
        var seqBlocks = ""
        var ordered = driveOrder
        for (i, s) in m.signals.enumerated() where signalEntries[i].isEmpty && s.defaultValue != nil { ordered.append(i) }
        for i in ordered where inlined[i] == nil {
            let s = m.signals[i]
            let name = names[i]
            switch s.kind {
            case .output, .wire, .instanceInput:
                if !isAlwaysReg[i] {
                    if let e = signalEntries[i].first, case .statement(.connect(let c)) = e.leaf {
                        assigns += "  assign \(name) = \(value(c.value));" + Self.comment(c.location) + "\n"
                    } else if let d = s.defaultValue {
                        assigns += "  assign \(name) = \(value(d));" + Self.comment(s.location) + "\n"
                    }
                    continue
                }
                var block = "  always @* begin\n"
                if let d = s.defaultValue { block += "    \(name) = \(value(d));" + Self.comment(s.location) + "\n" }
                renderTree(signalEntries[i][...], depth: 0, indent: "    ", into: &block) { em, st in
                    guard case .connect(let c) = st else { return "" }
                    return "\(name) = \(em.value(c.value));" + Self.comment(c.location)
                }
                block += "  end\n"
                combBlocks += block
            case .register:
                seqBlocks += registerBlock(i)
            default:
                break
            }
        }
        // Registers that are never connected (constant after reset).
        for (i, s) in m.signals.enumerated() where s.kind == .register && signalEntries[i].isEmpty {
            seqBlocks += registerBlock(i)
        }

        // Memories.
        var memoryDecls = ""
        var memoryBlocks = ""
        for (k, mem) in m.memories.enumerated() {
            let memName = memoryNames[k]
            memoryDecls += "  reg \(Self.range(mem.type))\(memName) [0:\(mem.depth - 1)];" + Self.comment(mem.location) + "\n"
            if !memoryEntries[k].isEmpty {
                var block = "  always @(posedge clk) begin\n"
                renderTree(memoryEntries[k][...], depth: 0, indent: "    ", into: &block) { em, st in
                    guard case .memoryWrite(let w) = st else { return "" }
                    return "\(memName)[\(em.value(w.address))] <= \(em.value(w.data));" + Self.comment(w.location)
                }
                block += "  end\n"
                memoryBlocks += block
            }
            for p in mem.readPorts {
                let data = names[p.data.index]
                memoryBlocks += "  always @(posedge clk) begin\n"
                if let en = p.enable {
                    let c = conditionText(en)
                    memoryBlocks += "    if (\(c.text)) begin\n      \(data) <= \(memName)[\(value(p.address))];" + Self.comment(p.location) + "\n    end\n"
                } else {
                    memoryBlocks += "    \(data) <= \(memName)[\(value(p.address))];" + Self.comment(p.location) + "\n"
                }
                memoryBlocks += "  end\n"
            }
        }

        // Declarations of non-port signals.
        var decls = ""
        for (i, s) in m.signals.enumerated() where inlined[i] == nil {
            switch s.kind {
            case .input, .output, .reset: continue
            default: break
            }
            let kw = isAlwaysReg[i] ? "reg" : "wire"
            decls += "  \(kw) \(Self.range(s.type))\(names[i]);" + Self.comment(s.location) + "\n"
        }

        // Header with ports.
        var header = "// Generated by the sofa-rtl HDL. Do not edit: change the Swift generator instead.\n"
        header += "// \(moduleName)"
        if !m.parameters.isEmpty {
            header += ": " + m.parameters.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
        }
        header += "\n// @[\(m.location)]\n"
        header += "module \(moduleName) (\n"
        var portLines: [String] = []
        if m.hasState {
            portLines.append("  input  wire clk")
            portLines.append("  input  wire rst")
        }
        for sid in m.ports {
            let s = m.signal(sid)
            let dir = s.kind == .input ? "input  wire" : (isAlwaysReg[sid.index] ? "output reg " : "output wire")
            portLines.append("  \(dir) \(Self.range(s.type))\(names[sid.index])")
        }
        header += portLines.joined(separator: ",\n") + "\n);\n"

        // The `_unused` sink: every bit that is computed or received but never read.
        let unused = unusedBits()

        var out = header
        out.reserveCapacity(header.utf8.count + decls.utf8.count + temps.utf8.count + body.utf8.count
                            + assigns.utf8.count + combBlocks.utf8.count + seqBlocks.utf8.count + memoryBlocks.utf8.count + 256)
        out += decls
        out += memoryDecls
        out += temps
        out += body
        out += assigns
        out += combBlocks
        out += seqBlocks
        out += memoryBlocks
        if !unused.isEmpty {
            out += "  // Bits that are deliberately left unread.\n"
            out += "  wire _unused = &{1'b0, " + unused.joined(separator: ", ") + ", 1'b0};\n"
        }
        out += "endmodule\n"
        return out
    }

    private mutating func claimInstanceName(_ name: String) -> String {
        claim(name)
    }

    /// `always @(posedge clk)` for one register: reset first, then the enable, then its connects, all as
    /// one if/else-if chain.
    private mutating func registerBlock(_ i: Int) -> String {
        let s = m.signals[i]
        let name = names[i]
        var entries = signalEntries[i]
        if let en = s.enable {
            entries = wrap(entries, in: .expr(en), branch: 0, at: s.location).entries
        }
        if let r = s.reset {
            resetRead = true
            let wrapped = wrap(entries, in: .identifier("rst"), branch: 1, at: nil)
            entries = [Entry(path: [PathStep(node: wrapped.node, branch: 0)], leaf: .text("\(name) <= \(r.verilog);", s.location))]
                + wrapped.entries
        }
        var block = "  always @(posedge clk) begin\n"
        renderTree(entries[...], depth: 0, indent: "    ", into: &block) { em, st in
            guard case .connect(let c) = st else { return "" }
            return "\(name) <= \(em.value(c.value));" + Self.comment(c.location)
        }
        block += "  end\n"
        return block
    }

    /// Selects of every signal or temp bit range never read, merged and in declaration order.
    private func unusedBits() -> [String] {
        var out: [String] = []
        if m.hasState && !resetRead && !m.instances.contains(where: { circuit.modules[$0.module].takesReset }) {
            out.append("rst")
        }
        for (i, s) in m.signals.enumerated() {
            switch s.kind {
            case .output, .reset: continue
            default: break
            }
            if signalFullyRead[i] { continue }
            let ranges = signalPartialReads[i] ?? []
            out += Self.gaps(in: ranges, width: s.width).map { Self.selectText(names[i], $0, width: s.width) }
        }
        for t in tempPartialReads.keys.sorted(by: { Int($0.dropFirst(2))! < Int($1.dropFirst(2))! }) {
            let (width, ranges) = tempPartialReads[t]!
            out += Self.gaps(in: ranges, width: width).map { Self.selectText(t, $0, width: width) }
        }
        return out
    }

    private static func selectText(_ name: String, _ r: (Int, Int), width: Int) -> String {
        if width == 1 { return name }
        if r.0 == 0 && r.1 == width - 1 { return name }
        return r.0 == r.1 ? "\(name)[\(r.0)]" : "\(name)[\(r.1):\(r.0)]"
    }

    /// The maximal bit ranges of [0, width) not covered by `ranges` (inclusive (lo, hi) pairs).
    static func gaps(in ranges: [(Int, Int)], width: Int) -> [(Int, Int)] {
        let sorted = ranges.sorted { $0.0 < $1.0 }
        var gaps: [(Int, Int)] = []
        var next = 0
        for (lo, hi) in sorted {
            if lo > next { gaps.append((next, lo - 1)) }
            next = max(next, hi + 1)
        }
        if next < width { gaps.append((next, width - 1)) }
        return gaps.reversed()
    }
}
