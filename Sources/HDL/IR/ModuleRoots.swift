/// Where a module uses expressions outside its expression table: a connect's value, a conditional's condition,
/// a declaration's default or enable, a memory port's address. Passes visit these "roots" in one fixed order
/// (statements in body order first, then declarations), so whatever they derive from it (use counts, names)
/// is deterministic.
public enum RootRole: Hashable, Sendable {
    /// The value connected to a signal.
    case connect(SignalID)
    /// The condition of a `When`, a `Switch` selector, a register's clock enable.
    case condition, selector, enable(SignalID)
    /// A signal's default value.
    case defaultValue(SignalID)
    /// Memory accesses: write address, data and mask; read port address and enable.
    case writeAddress(memory: Int), writeData(memory: Int), writeMask(memory: Int)
    case readAddress(SignalID), readEnable(SignalID)
}

/// What a root feeds, which gives a net made for it its name: a signal, a memory, or for a conditional that
/// drives nothing, its keyword. Resolved to text only when a name is wanted (`name(in:)`): a walk over a large
/// array's top passes millions of roots.
public enum RootFeeds: Hashable, Sendable {
    case signal(SignalID)
    case memory(Int)
    case keyword(String)

    public func name(in m: ModuleIR) -> String {
        switch self {
        case .signal(let sid): return m.name(of: sid)
        case .memory(let k): return m.memories[k].name
        case .keyword(let word): return word
        }
    }
}

extension ModuleIR {
    /// Calls `visit` for every root of the module, in the fixed order, with what the root drives: the signal
    /// (or memory, by name) that gives a name to what feeds it. For a conditional that is the first signal it
    /// drives. `visit` may replace the expression (passes that rewrite uses).
    public mutating func rewriteRoots(_ visit: (inout ExprID, RootRole, _ feeds: RootFeeds, SourceLocation) -> Void) {
        func firstTarget(_ block: [StatementIR]) -> RootFeeds? { Self.firstTarget(block, signals, memories) }
        /// Returns whether anything in `block` changed; writes back only then (no copies when nothing does).
        func walk(_ block: inout [StatementIR]) -> Bool {
            var changed = false
            for i in block.indices {
                switch block[i] {
                case .connect(var c):
                    let old = c.value
                    visit(&c.value, .connect(c.target), .signal(c.target), c.location)
                    if c.value != old { block[i] = .connect(c); changed = true }
                case .memoryWrite(var w):
                    let old = w
                    let name = RootFeeds.memory(w.memory)
                    visit(&w.address, .writeAddress(memory: w.memory), name, w.location)
                    visit(&w.data, .writeData(memory: w.memory), name, w.location)
                    if var mask = w.mask {
                        visit(&mask, .writeMask(memory: w.memory), name, w.location)
                        w.mask = mask
                    }
                    if w != old { block[i] = .memoryWrite(w); changed = true }
                case .when(var w):
                    let feeds = firstTarget(w.then) ?? firstTarget(w.otherwise) ?? .keyword("when")
                    let old = w.condition
                    visit(&w.condition, .condition, feeds, w.location)
                    var inner = w.condition != old
                    if walk(&w.then) { inner = true }
                    if walk(&w.otherwise) { inner = true }
                    if inner { block[i] = .when(w); changed = true }
                case .switchCase(var s):
                    var feeds: RootFeeds? = nil
                    for c in s.cases { if let t = firstTarget(c.body) { feeds = t; break } }
                    if feeds == nil, let d = s.defaultBody, let t = firstTarget(d) { feeds = t }
                    let old = s.selector
                    visit(&s.selector, .selector, feeds ?? .keyword("switch"), s.location)
                    var inner = s.selector != old
                    for k in s.cases.indices where walk(&s.cases[k].body) { inner = true }
                    if var d = s.defaultBody, walk(&d) {
                        s.defaultBody = d
                        inner = true
                    }
                    if inner { block[i] = .switchCase(s); changed = true }
                }
            }
            return changed
        }
        _ = walk(&body)
        for i in signals.indices {
            let sid = SignalID(i)
            if let d = signals[i].defaultValue {
                var e = d
                visit(&e, .defaultValue(sid), .signal(sid), signals[i].location)
                if e != d { signals[i].defaultValue = e }
            }
            if let en = signals[i].enable {
                var e = en
                visit(&e, .enable(sid), .signal(sid), signals[i].location)
                if e != en { signals[i].enable = e }
            }
        }
        for k in memories.indices {
            for p in memories[k].readPorts.indices {
                let port = memories[k].readPorts[p]
                var a = port.address
                visit(&a, .readAddress(port.data), .signal(port.data), port.location)
                if a != port.address { memories[k].readPorts[p].address = a }
                if let en = port.enable {
                    var e = en
                    visit(&e, .readEnable(port.data), .signal(port.data), port.location)
                    if e != en { memories[k].readPorts[p].enable = e }
                }
            }
        }
    }

    /// Visits every root without changing it, in `rewriteRoots`'s order. A read-only walk of its own: running
    /// `rewriteRoots` on a copy would make the optimizer copy the copy's body (it makes an array unique before a
    /// loop that may write to it), millions of statements in a large array's top.
    public func forEachRoot(_ visit: (ExprID, RootRole, _ feeds: RootFeeds, SourceLocation) -> Void) {
        func firstTarget(_ block: [StatementIR]) -> RootFeeds? { Self.firstTarget(block, signals, memories) }
        func walk(_ block: [StatementIR]) {
            for statement in block {
                switch statement {
                case .connect(let c):
                    visit(c.value, .connect(c.target), .signal(c.target), c.location)
                case .memoryWrite(let w):
                    let name = RootFeeds.memory(w.memory)
                    visit(w.address, .writeAddress(memory: w.memory), name, w.location)
                    visit(w.data, .writeData(memory: w.memory), name, w.location)
                    if let mask = w.mask { visit(mask, .writeMask(memory: w.memory), name, w.location) }
                case .when(let w):
                    let feeds = firstTarget(w.then) ?? firstTarget(w.otherwise) ?? .keyword("when")
                    visit(w.condition, .condition, feeds, w.location)
                    walk(w.then)
                    walk(w.otherwise)
                case .switchCase(let s):
                    var feeds: RootFeeds? = nil
                    for c in s.cases { if let t = firstTarget(c.body) { feeds = t; break } }
                    if feeds == nil, let d = s.defaultBody, let t = firstTarget(d) { feeds = t }
                    visit(s.selector, .selector, feeds ?? .keyword("switch"), s.location)
                    for c in s.cases { walk(c.body) }
                    if let d = s.defaultBody { walk(d) }
                }
            }
        }
        walk(body)
        for (i, signal) in signals.enumerated() {
            if let d = signal.defaultValue { visit(d, .defaultValue(SignalID(i)), .signal(SignalID(i)), signal.location) }
            if let en = signal.enable { visit(en, .enable(SignalID(i)), .signal(SignalID(i)), signal.location) }
        }
        for memory in memories {
            for port in memory.readPorts {
                visit(port.address, .readAddress(port.data), .signal(port.data), port.location)
                if let en = port.enable { visit(en, .readEnable(port.data), .signal(port.data), port.location) }
            }
        }
    }

    /// The name of the first signal (or memory) a block drives, for what feeds a conditional. Static, so
    /// `rewriteRoots` can call it while it holds the body for writing.
    static func firstTarget(_ block: [StatementIR], _ signals: [Signal], _ memories: [MemoryIR]) -> RootFeeds? {
        for s in block {
            switch s {
            case .connect(let c): return .signal(c.target)
            case .memoryWrite(let w): return .memory(w.memory)
            case .when(let w):
                if let t = firstTarget(w.then, signals, memories) ?? firstTarget(w.otherwise, signals, memories) { return t }
            case .switchCase(let sw):
                for c in sw.cases { if let t = firstTarget(c.body, signals, memories) { return t } }
                if let d = sw.defaultBody, let t = firstTarget(d, signals, memories) { return t }
            }
        }
        return nil
    }
}
