/// Final Verilog identifiers of one module's signals, memories, instances and symbols: legal, unique, and the
/// user's own names wherever possible. Ports are claimed first (they are the interface), then named constants,
/// the user's signals, memories and instances in declaration order, and last the nets passes generated, so a
/// generated `_x` never takes a name the user chose.
struct VerilogNaming {
    var signals: [String]
    var memories: [String]
    var instances: [String]
    var symbols: [String]
    /// One name per packed port (`ModuleIR.packedPorts`): its elements' common name, `k` for `k_0 ... k_31`.
    var packedPorts: [String] = []
    private var used = NameSet()

    init(_ m: ModuleIR) {
        signals = [String](repeating: "", count: m.signals.count)
        memories = []
        instances = []
        symbols = []
        used.reserve(m.signals.count + m.instances.count + m.memories.count + m.symbols.count + 8)
        if m.hasState {
            used.insert("clk")
            used.insert("rst")
        }
        used.insert("_unused")
        for sid in m.ports { signals[sid.index] = claim(m.signal(sid).name) }
        packedPorts = m.packedPorts.map { elements in
            let first = m.signal(elements[0]).name
            return claim(first.hasSuffix("_0") ? String(first.dropLast(2)) : first + "_packed")
        }
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

/// The set of names taken in a module, kept as 64-bit FNV-1a hashes (8 bytes a name instead of a string's 16 plus
/// its storage: a module can have millions of names), in a table filled up to three quarters (linear probing
/// stays short at that load, and the table of a million-instance top is half the size it would be at one half). Deterministic; two different names with the same hash would
/// only make the second one take a `_1` suffix.
struct NameSet {
    private var slots: [UInt64] = []
    private var count = 0

    mutating func reserve(_ n: Int) {
        var size = 16
        while size * 3 < n * 4 { size <<= 1 }
        if size > slots.count { rehash(size) }
    }

    private static func hash(_ name: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h == 0 ? 1 : h
    }

    private mutating func rehash(_ size: Int) {
        let old = slots
        slots = [UInt64](repeating: 0, count: size)
        for h in old where h != 0 { place(h) }
    }

    private mutating func place(_ h: UInt64) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = h
    }

    func contains(_ name: String) -> Bool {
        guard !slots.isEmpty else { return false }
        let h = Self.hash(name), mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
        while slots[i] != 0 {
            if slots[i] == h { return true }
            i = (i + 1) & mask
        }
        return false
    }

    mutating func insert(_ name: String) {
        if (count + 1) * 4 > slots.count * 3 { rehash(max(16, slots.count * 2)) }
        place(Self.hash(name))
        count += 1
    }
}
