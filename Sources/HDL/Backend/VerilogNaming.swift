/// Final Verilog identifiers of one module's signals, memories, instances and symbols: legal, unique, and the
/// user's own names wherever possible. Ports are claimed first (they are the interface), then named constants,
/// the user's signals, memories and instances in declaration order, and last the nets passes generated, so a
/// generated `_x` never takes a name the user chose.
struct VerilogNaming {
    var signals: [String]
    var memories: [String]
    var instances: [String]
    var symbols: [String]
    private var used = Set<String>()

    init(_ m: ModuleIR) {
        signals = [String](repeating: "", count: m.signals.count)
        memories = []
        instances = []
        symbols = []
        used.reserveCapacity(m.signals.count + m.instances.count + 8)
        if m.hasState {
            used.insert("clk")
            used.insert("rst")
        }
        used.insert("_unused")
        for sid in m.ports { signals[sid.index] = claim(m.signal(sid).name) }
        symbols = m.symbols.map { claim($0.name) }
        for (i, s) in m.signals.enumerated() where signals[i].isEmpty && !s.isGenerated {
            signals[i] = s.kind == .reset ? "rst" : claim(s.name)
        }
        memories = m.memories.map { claim($0.name) }
        instances = m.instances.map { claim($0.name) }
        for (i, s) in m.signals.enumerated() where signals[i].isEmpty {
            signals[i] = s.kind == .reset ? "rst" : claim(s.name)
        }
    }

    /// `wanted`, legalized, with `_1`, `_2`, ... appended until it is unused.
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
}
