/// Final Verilog identifiers of one module's signals, memories, instances and symbols: legal, unique, and the
/// user's own names wherever possible. Ports are claimed first (they are the interface), then named constants,
/// the user's signals, memories and instances in declaration order, and last the nets passes generated, so a
/// generated `_x` never takes a name the user chose.
struct VerilogNaming {
    var signals: SignalNames
    var memories: [String]
    var instances: [String]
    var symbols: [String]
    /// One name per packed port (`ModuleIR.packedPorts`): its elements' common name, `k` for `k_0 ... k_31`.
    var packedPorts: [String] = []
    private var used = NameSet()

    init(_ m: ModuleIR) {
        signals = SignalNames(m)
        memories = []
        instances = []
        symbols = []
        used.reserve(m.signals.count + m.instances.count + m.memories.count + m.symbols.count + 8)
        if m.hasState {
            used.insert("clk")
            used.insert("rst")
        }
        used.insert("_unused")
        for sid in m.ports { signals.stored[sid.index] = claim(m.name(of: sid)) }
        packedPorts = m.packedPorts.map { elements in
            let first = m.name(of: elements[0])
            return claim(first.hasSuffix("_0") ? String(first.dropLast(2)) : first + "_packed")
        }
        symbols = m.symbols.map { claim($0.name) }
        for (i, s) in m.signals.enumerated() where signals.stored[i].isEmpty && !s.isGenerated {
            if s.kind == .reset {
                signals.stored[i] = "rst"
            } else if s.isNamedAfterInstance {
                // Kept as derived (empty) when the name it claims is the one made from its instance's.
                let wanted = m.name(of: SignalID(i)), name = claim(wanted)
                signals.stored[i] = name == wanted ? SignalNames.derived : name
                if name == wanted { signals.isDerived[i] = true }
            } else {
                signals.stored[i] = claim(s.storedName)
            }
        }
        memories = m.memories.map { claim($0.name) }
        instances = m.instances.map { claim($0.name) }
        for (i, s) in m.signals.enumerated() where signals.stored[i].isEmpty && !signals.isDerived[i] {
            signals.stored[i] = s.kind == .reset ? "rst" : claim(m.name(of: SignalID(i)))
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

/// The final name of each signal of a module. An instance port that keeps the name made from its instance's
/// (nearly every one) stores no string: it is made again where it is printed, from the IR's instance and port
/// names (a large array's top has millions).
struct SignalNames {
    static let derived = ""
    /// Per signal: its final name, or empty when it is derived.
    fileprivate(set) var stored: [String]
    fileprivate var isDerived: [Bool]
    private let signals: [Signal]
    private let instances: [InstanceIR]

    init(_ m: ModuleIR) {
        stored = [String](repeating: "", count: m.signals.count)
        isDerived = [Bool](repeating: false, count: m.signals.count)
        signals = m.signals
        instances = m.instances
    }

    subscript(i: Int) -> String {
        guard isDerived[i] else { return stored[i] }
        var name = ""
        append(i, to: &name)
        return name
    }

    /// Appends signal `i`'s name to `out` (without making a string for a derived one).
    func append(_ i: Int, to out: inout String) {
        guard isDerived[i] else {
            out += stored[i]
            return
        }
        let s = signals[i]
        switch s.kind {
        case .instanceInput(let k, _), .instanceOutput(let k, _): out += instances[Int(k)].name
        default: break
        }
        out += "_"
        out += s.storedName
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
