/// Prints one prepared module as Verilog-2005 text. Every decision (which expressions are wires, which signals
/// share an `always` block, names, unread bits) was made by the passes before it; the printer only chooses
/// syntax: operator text and parentheses, `$signed`/`$unsigned` where Verilog's signedness rules differ from the
/// IR's, literals, indentation and the `// @[File.swift:line]` comments.
/// A packed port as its parents connect it: its name and the positions (in the module's port list) of its
/// elements, element 0 first.
struct PackedPortLayout {
    var name: String
    var positions: [Int]
}

struct VerilogPrinter {
    let m: ModuleIR
    let moduleName: String
    let names: VerilogNaming
    let grouping: ProcessGrouping
    let unused: [UnusedBits.Range]
    /// Module names of the circuit and the port names of every module, for instances.
    let childNames: [String]
    let childPorts: [[String]]
    /// Per module of the circuit: its packed ports (name, positions of the element ports, element 0 first).
    let childPacked: [[PackedPortLayout]]
    /// Per module of the circuit: whether its instances connect `clk` and `rst`.
    let childClocking: [(clock: Bool, reset: Bool)]
    /// Whether the module has an `rst` port (the top has one whenever it has state).
    let hasResetPort: Bool
    /// The names of the files source locations refer to (every location of the module is interned by now).
    let fileNames = FileTable.shared.names()

    // MARK: Module

    /// The module's whole text.
    func print() -> String {
        var text = ""
        print(chunkSize: .max) { chunk in
            if text.isEmpty { text = chunk } else { text += chunk }
        }
        return text
    }

    /// Prints the module, handing its text to `deliver` in order, in pieces of about `chunkSize` bytes (a piece
    /// ends after the line that passes the size), so a module of millions of lines need not be held whole.
    func print(chunkSize: Int, to deliver: (String) -> Void) {
        var out = ""
        // Generous: untouched capacity of a large buffer costs no memory, while growing it copies the whole text.
        let estimate = m.signals.count * 96 + m.exprs.count * 24 + m.instances.count * 64 + 4096
        out.reserveCapacity(chunkSize >= estimate ? estimate : min(estimate, chunkSize + chunkSize / 4 + 65536))
        /// Hands the text gathered so far to `deliver` once it reaches the chunk size.
        func flush(_ out: inout String) {
            guard out.utf8.count >= chunkSize else { return }
            deliver(out)
            out.removeAll(keepingCapacity: true)
        }
        header(into: &out)
        for (k, symbol) in m.symbols.enumerated() {
            out += "  localparam \(Self.range(symbol.type))\(names.symbols[k]) = \(Self.literal(symbol.value, symbol.type));"
            out += comment(symbol.location) + "\n"
        }
        // Declarations of non-port signals, then the generated nets with their values.
        var generated: [(ExprID, Int)] = []
        var generatedValue = [ExprID?](repeating: nil, count: m.signals.count)
        for a in grouping.assigns where m.signals[a.target.index].isGenerated {
            generatedValue[a.target.index] = a.value
            generated.append((a.value, a.target.index))
        }
        let packed = packedElement
        for (i, s) in m.signals.enumerated() {
            if let (g, k) = packed[SignalID(i)] {
                // An element of a packed port: a net of its own inside the module.
                if s.kind == .input {
                    let lo = k * s.width
                    out += "  wire \(Self.range(s.type))\(names.signals[i]) = \(names.packedPorts[g])"
                    out += s.width == 1 && m.packedPorts[g].count == 1 ? ";" : "[\(s.width == 1 ? "\(lo)" : "\(lo + s.width - 1):\(lo)")];"
                    comment(s.location, into: &out)
                } else {
                    out += isReg(i) ? "  reg " : "  wire "
                    out += Self.range(s.type) + names.signals[i] + ";"
                    comment(s.location, into: &out)
                }
                flush(&out)
                continue
            }
            switch s.kind {
            case .input, .output, .reset: continue
            default: break
            }
            if grouping.inlined[i] != nil || generatedValue[i] != nil { continue }
            out += isReg(i) ? "  reg " : "  wire "
            out += Self.range(s.type)
            names.signals.append(i, to: &out)
            out += ";"
            comment(s.location, into: &out)
            flush(&out)
        }
        for (k, mem) in m.memories.enumerated() {
            out += "  reg \(Self.range(mem.type))\(names.memories[k]) [0:\(mem.depth - 1)];" + comment(mem.location) + "\n"
        }
        for (value, i) in generated.sorted(by: { $0.0 < $1.0 }) {
            out += "  wire "
            out += Self.range(m.signals[i].type)
            names.signals.append(i, to: &out)
            out += " = "
            write(value, into: &out)
            out += ";"
            comment(m.signals[i].location, into: &out)
            flush(&out)
        }
        for (g, elements) in m.packedPorts.enumerated() where m.signal(elements[0]).kind == .output {
            out += "  assign \(names.packedPorts[g]) = "
            writePacked(elements.reversed().map { names.signals[$0.index] }, into: &out)
            out += ";\n"
        }
        instances(into: &out, flush: flush)
        for a in grouping.assigns where !m.signals[a.target.index].isGenerated && grouping.inlined[a.target.index] == nil {
            out += "  assign "
            names.signals.append(a.target.index, to: &out)
            out += " = "
            write(a.value, into: &out)
            out += ";"
            comment(a.location, into: &out)
            flush(&out)
        }
        for p in grouping.processes {
            switch p.kind {
            case .combinational:
                out += "  always @* begin\n"
                statements(p.statements, indent: "    ", blocking: true, into: &out)
            case .sequential, .memoryWrite:
                out += "  always @(posedge clk) begin\n"
                statements(p.statements, indent: "    ", blocking: false, into: &out)
            }
            out += "  end\n"
            flush(&out)
        }
        memories(into: &out)
        let sink = unusedList()
        if !sink.isEmpty {
            out += "  // Bits that are deliberately left unread.\n"
            out += "  wire _unused = &{1'b0, " + sink.joined(separator: ", ") + ", 1'b0};\n"
        }
        out += "endmodule\n"
        deliver(out)
    }

    /// The packed port (index) and position in it of each element port signal.
    private var packedElement: [SignalID: (Int, Int)] {
        var map: [SignalID: (Int, Int)] = [:]
        for (g, elements) in m.packedPorts.enumerated() {
            for (k, sid) in elements.enumerated() { map[sid] = (g, k) }
        }
        return map
    }

    private func isReg(_ i: Int) -> Bool {
        if grouping.procedural[i] { return true }
        if case .memoryReadData(let k, let p) = m.signals[i].kind {
            return m.memories[Int(k)].readPorts[Int(p)].kind == .registered
        }
        return false
    }

    private func header(into out: inout String) {
        out += "// Generated by the sofa-rtl HDL. Do not edit: change the Swift generator instead.\n"
        out += "// \(moduleName)"
        if !m.parameters.isEmpty {
            out += ": " + m.parameters.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")
        }
        out += "\n// @[\(m.location)]\n"
        out += "module \(moduleName) (\n"
        var lines: [String] = []
        if m.hasState { lines.append("  input  wire clk") }
        if hasResetPort { lines.append("  input  wire rst") }
        for sid in m.ports {
            let s = m.signal(sid)
            if let (g, k) = packedElement[sid] {
                guard k == 0 else { continue }
                let width = s.width * m.packedPorts[g].count
                lines.append("  \(s.kind == .input ? "input " : "output") wire [\(width - 1):0] \(names.packedPorts[g])")
                continue
            }
            let dir = s.kind == .input ? "input  wire" : (isReg(sid.index) ? "output reg " : "output wire")
            lines.append("  \(dir) \(Self.range(s.type))\(names.signals[sid.index])")
        }
        out += lines.joined(separator: ",\n") + "\n);\n"
    }

    private func instances(into out: inout String, flush: (inout String) -> Void) {
        for (k, inst) in m.instances.enumerated() {
            let child = childClocking[inst.module]
            out += "  "
            out += childNames[inst.module]
            out += " "
            out += names.instances[k]
            out += " ("
            comment(inst.location, into: &out)
            var first = true
            func separator() {
                out += first ? "    " : ",\n    "
                first = false
            }
            if child.clock { separator(); out += ".clk(clk)" }
            if child.reset { separator(); out += ".rst(rst)" }
            let ports = childPorts[inst.module]
            var inGroup: [Int: (Int, Int)] = [:]
            for (g, layout) in childPacked[inst.module].enumerated() {
                for (k, p) in layout.positions.enumerated() { inGroup[p] = (g, k) }
            }
            func connection(_ sid: SignalID) -> String {
                if let e = grouping.inlined[sid.index] { return text(e) }
                return names.signals[sid.index]
            }
            for (p, sid) in inst.portSignals.enumerated() {
                if let (g, k) = inGroup[p] {
                    guard k == 0 else { continue }
                    let layout = childPacked[inst.module][g]
                    separator()
                    out += "." + layout.name + "("
                    writePacked(layout.positions.reversed().map { connection(inst.portSignals[$0]) }, into: &out)
                    out += ")"
                    continue
                }
                separator()
                out += "."
                out += ports[p]
                out += "("
                if let e = grouping.inlined[sid.index] { out += text(e) } else { names.signals.append(sid.index, to: &out) }
                out += ")"
            }
            out += "\n  );\n"
            flush(&out)
        }
    }

    private func memories(into out: inout String) {
        for (k, mem) in m.memories.enumerated() {
            let name = names.memories[k]
            if let initial = mem.initial {
                out += "  initial begin" + comment(mem.location) + "\n"
                for (a, word) in initial.enumerated() {
                    out += "    \(name)[\(a)] = \(Self.literal(word, mem.type));\n"
                }
                out += "  end\n"
            }
            for p in mem.readPorts {
                let data = names.signals[p.data.index]
                let read = "\(name)[\(text(p.address))]"
                switch p.kind {
                case .combinational:
                    out += "  assign \(data) = \(read);" + comment(p.location) + "\n"
                case .registered:
                    out += "  always @(posedge clk) begin\n"
                    if let en = p.enable {
                        out += "    if (\(text(en))) begin\n      \(data) <= \(read);" + comment(p.location) + "\n    end\n"
                    } else {
                        out += "    \(data) <= \(read);" + comment(p.location) + "\n"
                    }
                    out += "  end\n"
                }
            }
        }
    }

    private func unusedList() -> [String] {
        var out: [String] = []
        let resetRead = m.signals.contains { $0.kind == .reset }
            || m.instances.contains { childClocking[$0.module].reset }
        if hasResetPort && !resetRead { out.append("rst") }
        for r in unused {
            let s = m.signals[r.signal.index]
            let name = names.signals[r.signal.index]
            if s.width == 1 || (r.lo == 0 && r.hi == s.width - 1) {
                out.append(name)
            } else {
                out.append(r.lo == r.hi ? "\(name)[\(r.lo)]" : "\(name)[\(r.hi):\(r.lo)]")
            }
        }
        return out
    }

    /// `{a, b, c, ...}`, eight parts per line.
    private func writePacked(_ parts: [String], into out: inout String) {
        guard parts.count > 1 else {
            out += parts.first ?? ""
            return
        }
        out += "{"
        for (k, part) in parts.enumerated() {
            if k > 0 { out += k % 8 == 0 ? ",\n      " : ", " }
            out += part
        }
        out += "}"
    }

    // MARK: Statements

    private func statements(_ list: [StatementIR], indent: String, blocking: Bool, into out: inout String) {
        for s in list { statement(s, indent: indent, blocking: blocking, into: &out) }
    }

    private func statement(_ s: StatementIR, indent: String, blocking: Bool, into out: inout String) {
        switch s {
        case .connect(let c):
            out += indent
            names.signals.append(c.target.index, to: &out)
            out += blocking ? " = " : " <= "
            write(c.value, into: &out)
            out += ";"
            comment(c.location, into: &out)
        case .memoryWrite(let w):
            memoryWrite(w, indent: indent, into: &out)
        case .when(let w):
            when(w, indent: indent, blocking: blocking, into: &out)
        case .switchCase(let sw):
            switchCase(sw, indent: indent, blocking: blocking, into: &out)
        }
    }

    /// `if (c) ... end else if (d) ... end else ... end`: an else branch that is exactly one conditional with a
    /// then part continues the chain instead of nesting.
    private func when(_ first: StatementIR.When, indent: String, blocking: Bool, into out: inout String) {
        var w = first
        var opener = indent + "if"
        while true {
            if w.then.isEmpty {
                out += opener + " (!\(negatable(w.condition))) begin" + comment(w.location) + "\n"
                statements(w.otherwise, indent: indent + "  ", blocking: blocking, into: &out)
                out += indent + "end\n"
                return
            }
            out += opener + " (\(text(w.condition))) begin" + comment(w.location) + "\n"
            statements(w.then, indent: indent + "  ", blocking: blocking, into: &out)
            if w.otherwise.isEmpty {
                out += indent + "end\n"
                return
            }
            if w.otherwise.count == 1, case .when(let next) = w.otherwise[0], !next.then.isEmpty {
                opener = indent + "end else if"
                w = next
                continue
            }
            out += indent + "end else begin\n"
            statements(w.otherwise, indent: indent + "  ", blocking: blocking, into: &out)
            out += indent + "end\n"
            return
        }
    }

    private func switchCase(_ s: StatementIR.Switch, indent: String, blocking: Bool, into out: inout String) {
        let selector = m.expr(s.selector)
        out += indent + "case (\(text(s.selector)))" + comment(s.location) + "\n"
        // A switch that lists every value gets its last case as `default`, so no tool sees an open path.
        let coversAll = s.defaultBody == nil && selector.width < 20
            && s.cases.reduce(0) { $0 + $1.values.count } == 1 << selector.width
        for (k, c) in s.cases.enumerated() {
            let isDefault = coversAll && k == s.cases.count - 1
            if c.body.isEmpty && !isDefault { continue }
            let label = isDefault ? "default" : c.values.indices.map { v in
                c.symbols[v].map { names.symbols[$0] } ?? Self.literal(c.values[v], selector.type)
            }.joined(separator: ", ")
            out += indent + "  \(label): begin\n"
            statements(c.body, indent: indent + "    ", blocking: blocking, into: &out)
            out += indent + "  end\n"
        }
        if let d = s.defaultBody, !d.isEmpty {
            out += indent + "  default: begin\n"
            statements(d, indent: indent + "    ", blocking: blocking, into: &out)
            out += indent + "  end\n"
        } else if !coversAll {
            out += indent + "  default: ;\n"
        }
        out += indent + "endcase\n"
    }

    private func memoryWrite(_ w: StatementIR.MemoryWrite, indent: String, into out: inout String) {
        let mem = m.memories[w.memory]
        let target = "\(names.memories[w.memory])[\(text(w.address))]"
        guard let mask = w.mask else {
            out += indent + "\(target) <= \(text(w.data));" + comment(w.location) + "\n"
            return
        }
        if mem.maskLanes == 1 {
            out += indent + "if (\(negatable(mask))) \(target) <= \(text(w.data));" + comment(w.location) + "\n"
            return
        }
        let lane = mem.laneWidth
        for i in 0..<mem.maskLanes {
            let lo = i * lane, hi = lo + lane - 1
            let part = lane == 1 ? "[\(lo)]" : "[\(hi):\(lo)]"
            let enable: String
            if case .constant(let c) = m.expr(mask).op {
                guard c.bit(i) else { continue }
                enable = ""
            } else {
                enable = "if (\(select(mask, lo: i, width: 1))) "
            }
            out += indent + enable + "\(target)\(part) <= \(select(w.data, lo: lo, width: lane));" + comment(w.location) + "\n"
        }
    }

    // MARK: Expressions

    /// The Verilog text of `e`.
    func text(_ e: ExprID) -> String {
        var out = ""
        write(e, into: &out)
        return out
    }

    /// Appends the Verilog text of `e` (no temporaries: large modules print millions of expressions).
    func write(_ e: ExprID, into out: inout String) {
        let x = m.expr(e)
        switch x.op {
        case .signal(let s): names.signals.append(s.index, to: &out)
        case .constant(let c): out += Self.literal(c, x.type)
        case .symbol(let k): out += names.symbols[k]
        case .cast(let a): write(a, into: &out)
        case .unary(let op, let a):
            switch op {
            case .not: out += "~"
            case .reduceAnd: out += "&"
            case .reduceOr: out += "|"
            case .reduceXor: out += "^"
            }
            writeOperand(a, into: &out)
        case .binary(let op, let a, let b):
            let signed = m.expr(a).type.signed
            switch op {
            case .add: infix(a, " + ", b, into: &out)
            case .sub: infix(a, " - ", b, into: &out)
            case .and: infix(a, " & ", b, into: &out)
            case .or: infix(a, " | ", b, into: &out)
            case .xor: infix(a, " ^ ", b, into: &out)
            case .eq: infix(a, " == ", b, into: &out)
            case .ne: infix(a, " != ", b, into: &out)
            case .mul:
                writeFactor(a, signed: signed, product: x.width, into: &out)
                out += " * "
                writeFactor(b, signed: signed, product: x.width, into: &out)
            case .lt: typedInfix(a, " < ", b, signed: signed, into: &out)
            case .le: typedInfix(a, " <= ", b, signed: signed, into: &out)
            case .gt: typedInfix(a, " > ", b, signed: signed, into: &out)
            case .ge: typedInfix(a, " >= ", b, signed: signed, into: &out)
            case .shl: infix(a, " << ", b, into: &out)
            case .shr:
                writeTyped(a, signed: signed, into: &out)
                out += signed ? " >>> " : " >> "
                writeOperand(b, into: &out)
            }
        case .mux(let c, let a, let b):
            writeOperand(c, into: &out)
            out += " ? "
            writeOperand(a, into: &out)
            out += " : "
            writeOperand(b, into: &out)
        case .concat(let parts):
            out += "{"
            for (k, p) in parts.enumerated() {
                if k > 0 { out += ", " }
                writeConcatPart(p, into: &out)
            }
            out += "}"
        case .slice(let a, let lo):
            writeSelect(a, lo: lo, width: x.width, into: &out)
        case .extend(let a):
            let inner = m.expr(a)
            let extra = x.width - inner.width
            if extra == 0 {
                write(a, into: &out)
            } else if inner.type.signed {
                let base = text(a)
                if inner.width == 1 {
                    out += "{\(extra + 1){\(base)}}"
                } else if extra == 1 {
                    out += "{\(base)[\(inner.width - 1)], \(base)}"
                } else {
                    out += "{{\(extra){\(base)[\(inner.width - 1)]}}, \(base)}"
                }
            } else {
                out += "{\(extra)'d0, "
                writeConcatPart(a, into: &out)
                out += "}"
            }
        }
    }

    private func infix(_ a: ExprID, _ op: String, _ b: ExprID, into out: inout String) {
        writeOperand(a, into: &out)
        out += op
        writeOperand(b, into: &out)
    }

    private func typedInfix(_ a: ExprID, _ op: String, _ b: ExprID, signed: Bool, into out: inout String) {
        writeTyped(a, signed: signed, into: &out)
        out += op
        writeTyped(b, signed: signed, into: &out)
    }

    /// A factor of a product. The product is wider than its factors, and Verilator sizes a negated literal to
    /// that width (`-3'sd3` in an 11-bit product is a WIDTH warning), so a negative literal factor is printed at
    /// the product's width: `a * (-11'sd3)`.
    private func writeFactor(_ e: ExprID, signed: Bool, product width: Int, into out: inout String) {
        let inner = m.expr(stripCasts(e))
        if signed, case .constant(let c) = inner.op, isNegativeLiteral(c, m.expr(e).type), width <= 64,
           let v = c.intValue(signed: true), v > Int.min {
            out += "(-\(width)'sd\(-v))"
            return
        }
        writeTyped(e, signed: signed, into: &out)
    }

    /// `e` as an operand of an operator: parenthesized unless it binds tighter than any binary operator.
    private func writeOperand(_ e: ExprID, into out: inout String) {
        let bare: Bool
        switch m.expr(stripCasts(e)).op {
        case .signal, .symbol, .concat, .slice, .extend, .unary: bare = true
        case .constant(let c): bare = !isNegativeLiteral(c, m.expr(e).type)
        default: bare = false
        }
        if !bare { out += "(" }
        write(e, into: &out)
        if !bare { out += ")" }
    }

    /// `e` where the operator's signedness matters: wrapped in `$signed`/`$unsigned` when Verilog would read it
    /// with the other signedness (a reinterpreted signal, an expression of mixed operands).
    private func writeTyped(_ e: ExprID, signed: Bool, into out: inout String) {
        if verilogSigned(e) == signed {
            writeOperand(e, into: &out)
            return
        }
        out += signed ? "$signed(" : "$unsigned("
        write(e, into: &out)
        out += ")"
    }

    /// The signedness Verilog gives the printed text of `e` (its rules: an operator is signed only when all its
    /// operands are; selects, concatenations and comparisons are unsigned).
    private func verilogSigned(_ e: ExprID) -> Bool {
        let x = m.expr(e)
        switch x.op {
        case .signal, .constant, .symbol: return x.type.signed
        case .cast(let a): return verilogSigned(a)
        case .unary(.not, let a): return verilogSigned(a)
        case .unary: return false
        case .binary(let op, let a, let b):
            switch op {
            case .eq, .ne, .lt, .le, .gt, .ge: return false
            case .shl, .shr: return verilogSigned(a)
            default: return verilogSigned(a) && verilogSigned(b)
            }
        case .mux(_, let a, let b): return verilogSigned(a) && verilogSigned(b)
        case .concat, .slice, .extend: return false
        }
    }

    private func writeConcatPart(_ e: ExprID, into out: inout String) {
        let bare: Bool
        switch m.expr(stripCasts(e)).op {
        case .signal, .symbol, .concat, .slice, .constant: bare = true
        default: bare = false
        }
        if !bare { out += "(" }
        write(e, into: &out)
        if !bare { out += ")" }
    }

    /// Bits [lo, lo + width) of `a` (an identifier, a symbol or a constant: `VerilogLegalization` made sure).
    private func writeSelect(_ a: ExprID, lo: Int, width: Int, into out: inout String) {
        let base = stripCasts(a)
        let inner = m.expr(base)
        if case .constant(let c) = inner.op {
            out += Self.literal(c.slice(lo: lo, width: width), .unsigned(width))
            return
        }
        write(base, into: &out)
        if inner.width == 1 { return }
        out += "["
        if width > 1 {
            out += String(lo + width - 1)
            out += ":"
        }
        out += String(lo)
        out += "]"
    }

    private func select(_ a: ExprID, lo: Int, width: Int) -> String {
        var out = ""
        writeSelect(a, lo: lo, width: width, into: &out)
        return out
    }

    /// The text after `!` in `if (!c)`.
    private func negatable(_ e: ExprID) -> String {
        let t = text(e)
        switch m.expr(stripCasts(e)).op {
        case .signal, .symbol, .slice: return t
        default: return "(\(t))"
        }
    }

    private func stripCasts(_ e: ExprID) -> ExprID {
        if case .cast(let a) = m.expr(e).op { return stripCasts(a) }
        return e
    }

    private func isNegativeLiteral(_ c: Constant, _ type: HWType) -> Bool { type.signed && c.bit(c.width - 1) }

    // MARK: Literals and declarations

    /// A sized literal in the type's signedness: `8'd5`; signed `8'sd5`, `-8'sd3`; the most negative value and
    /// patterns over 64 bits in hex (`8'sh80`, `70'h3f...`).
    static func literal(_ c: Constant, _ type: HWType) -> String {
        guard type.signed else { return c.verilog }
        if c.width <= 64, let v = c.intValue(signed: true) {
            if v >= 0 { return "\(c.width)'sd\(v)" }
            let isMinimum = (0..<(c.width - 1)).allSatisfy { !c.bit($0) }
            if !isMinimum { return "-\(c.width)'sd\(-v)" }
        }
        return "\(c.width)'sh\(c.hexDigits)"
    }

    static func range(_ t: HWType) -> String {
        (t.signed ? "signed " : "") + (t.width == 1 ? "" : "[\(t.width - 1):0] ")
    }

    func comment(_ loc: SourceLocation) -> String { "  // @[" + fileNames[loc.fileIndex] + ":\(loc.line)]" }

    /// Appends `  // @[File.swift:line]` and the newline.
    func comment(_ loc: SourceLocation, into out: inout String) {
        out += "  // @["
        out += fileNames[loc.fileIndex]
        out += ":"
        out += String(loc.line)
        out += "]\n"
    }
}
