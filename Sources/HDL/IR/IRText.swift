/// A readable text form of a module's IR, for tests of passes (compare a dump before and after) and for
/// debugging a generator (`IRText.dump(module)`). One line per declaration, expression and statement:
///
///     module Counter
///       input enable : u1
///       output count : u8
///       reg value : u8 reset 8'd0
///       %0 = value : u8
///       %1 = 8'd1 : u8
///       %2 = add %0, %1 : u8
///       when %3
///         value <= %2
///       count <= %0
///
/// Types read `u8` / `s8`; generated nets are marked `(generated)`; with `locations`, lines end in `@[File:line]`.
public enum IRText {
    public static func dump(_ m: ModuleIR, locations: Bool = false) -> String {
        var out = "module \(m.baseName)" + at(m.location, locations) + "\n"
        func type(_ t: HWType) -> String { (t.signed ? "s" : "u") + "\(t.width)" }
        for s in m.symbols {
            out += "  symbol \(s.name) = \(s.value.verilog) : \(type(s.type))" + at(s.location, locations) + "\n"
        }
        for (i, s) in m.signals.enumerated() {
            var line = "  "
            switch s.kind {
            case .input: line += "input"
            case .output: line += "output"
            case .wire: line += "wire"
            case .register: line += "reg"
            case .instanceInput(let k, _): line += "in(\(m.instances[Int(k)].name))"
            case .instanceOutput(let k, _): line += "out(\(m.instances[Int(k)].name))"
            case .memoryReadData(let k, let p): line += "read(\(m.memories[Int(k)].name).\(p))"
            case .reset: line += "reset"
            }
            line += " \(m.name(of: SignalID(i))) : \(type(s.type))"
            if let r = s.reset { line += " reset \(r.verilog)" }
            if let e = s.enable { line += " enable %\(e.index)" }
            if let d = s.defaultValue { line += " default %\(d.index)" }
            if s.isGenerated { line += " (generated)" }
            _ = i
            out += line + at(s.location, locations) + "\n"
        }
        for mem in m.memories {
            var line = "  memory \(mem.name) : \(mem.depth) x \(type(mem.type))"
            if mem.maskLanes > 1 { line += " lanes \(mem.maskLanes)" }
            if let initial = mem.initial { line += " init [" + initial.map(\.verilog).joined(separator: ", ") + "]" }
            out += line + at(mem.location, locations) + "\n"
            for p in mem.readPorts {
                out += "    \(p.kind.rawValue) read \(m.name(of: p.data)) <- [%\(p.address.index)]"
                    + (p.enable.map { " enable %\($0.index)" } ?? "") + at(p.location, locations) + "\n"
            }
        }
        for inst in m.instances {
            out += "  instance \(inst.name) of #\(inst.module)" + at(inst.location, locations) + "\n"
        }
        for (i, e) in m.exprs.enumerated() {
            out += "  %\(i) = \(expression(e, m)) : \(type(e.type))\n"
        }
        statements(m.body, m, indent: "  ", locations: locations, into: &out)
        return out
    }

    private static func at(_ loc: SourceLocation, _ enabled: Bool) -> String {
        enabled ? " @[\(loc.shortDescription)]" : ""
    }

    private static func expression(_ e: Expr, _ m: ModuleIR) -> String {
        func r(_ x: ExprID) -> String { "%\(x.index)" }
        switch e.op {
        case .signal(let s): return m.name(of: s)
        case .constant(let c): return c.verilog
        case .symbol(let k): return m.symbols[k].name
        case .unary(let op, let a): return "\(op.rawValue) \(r(a))"
        case .binary(let op, let a, let b): return "\(op.rawValue) \(r(a)), \(r(b))"
        case .mux(let c, let a, let b): return "mux \(r(c)), \(r(a)), \(r(b))"
        case .concat(let parts): return "concat " + parts.map(r).joined(separator: ", ")
        case .slice(let a, let lo): return "slice \(r(a))[\(lo + e.width - 1):\(lo)]"
        case .extend(let a): return "extend \(r(a))"
        case .cast(let a): return "cast \(r(a))"
        }
    }

    private static func statements(_ list: [StatementIR], _ m: ModuleIR, indent: String, locations: Bool, into out: inout String) {
        for s in list {
            switch s {
            case .connect(let c):
                out += indent + "\(m.name(of: c.target)) <= %\(c.value.index)" + at(c.location, locations) + "\n"
            case .memoryWrite(let w):
                out += indent + "\(m.memories[w.memory].name)[%\(w.address.index)] <= %\(w.data.index)"
                    + (w.mask.map { " mask %\($0.index)" } ?? "") + at(w.location, locations) + "\n"
            case .when(let w):
                out += indent + "when %\(w.condition.index)" + at(w.location, locations) + "\n"
                statements(w.then, m, indent: indent + "  ", locations: locations, into: &out)
                if !w.otherwise.isEmpty {
                    out += indent + "else\n"
                    statements(w.otherwise, m, indent: indent + "  ", locations: locations, into: &out)
                }
            case .switchCase(let sw):
                out += indent + "switch %\(sw.selector.index)" + at(sw.location, locations) + "\n"
                for c in sw.cases {
                    let labels = c.values.indices.map { v in c.symbols[v].map { m.symbols[$0].name } ?? c.values[v].verilog }
                    out += indent + "  is " + labels.joined(separator: ", ") + "\n"
                    statements(c.body, m, indent: indent + "    ", locations: locations, into: &out)
                }
                if let d = sw.defaultBody {
                    out += indent + "  default\n"
                    statements(d, m, indent: indent + "    ", locations: locations, into: &out)
                }
            }
        }
    }
}
