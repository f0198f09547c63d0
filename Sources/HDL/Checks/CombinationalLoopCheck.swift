/// Finds combinational loops in one module, through its children (using each child's port-to-port
/// combinational paths), and reports each with every step's source line. Also summarizes which inputs
/// each output depends on combinationally, for the parents of this module.
///
/// The graph has one node per signal and per expression: a signal points at the expressions that drive it
/// (connect values, enclosing conditions, its default), an expression at its operands, a signal-reference
/// expression at its signal. Registers, memory data and inputs point nowhere, which is what breaks loops
/// through state. Iterative algorithms throughout: big modules must not overflow the stack.
struct CombinationalLoopCheck {
    let module: ModuleIR
    let children: [ModuleIR]
    private let signalCount: Int
    private let nodeCount: Int
    /// Signal nodes' successors in compressed rows: signal i's edges are `[edgeStart[i], edgeStart[i + 1])` of
    /// `edgeTarget`, each with the source location that introduced it. Expression nodes' successors are their
    /// operands (or the referenced signal), read from the expression table: nothing stored per expression.
    private var edgeStart: [Int32] = []
    private var edgeTarget: [Int32] = []
    private var edgeLocation: [SourceLocation] = []
    /// Signal edges as they are found, before they are sorted into rows.
    private var pending: [(from: Int32, to: Int32, location: SourceLocation)] = []

    init(module: ModuleIR, children: [ModuleIR]) {
        self.module = module
        self.children = children
        signalCount = module.signals.count
        nodeCount = signalCount + module.exprs.count
        build()
        // Counting sort of the signal edges into rows (stable: each row keeps the order edges were found).
        var start = [Int32](repeating: 0, count: signalCount + 1)
        for e in pending { start[Int(e.from) + 1] += 1 }
        for i in 0..<signalCount { start[i + 1] += start[i] }
        var fill = start
        edgeTarget = [Int32](repeating: 0, count: pending.count)
        edgeLocation = [SourceLocation](repeating: .unknown, count: pending.count)
        for e in pending {
            let k = Int(fill[Int(e.from)])
            edgeTarget[k] = e.to
            edgeLocation[k] = e.location
            fill[Int(e.from)] += 1
        }
        edgeStart = start
        pending = []
    }

    private func exprNode(_ e: ExprID) -> Int { signalCount + e.index }

    /// Successors of node `v`.
    private func successorCount(_ v: Int) -> Int {
        if v < signalCount { return Int(edgeStart[v + 1] - edgeStart[v]) }
        switch module.exprs[v - signalCount].op {
        case .signal: return 1
        case .constant, .symbol: return 0
        case .unary, .slice, .extend, .cast: return 1
        case .binary: return 2
        case .mux: return 3
        case .concat(let parts): return parts.count
        }
    }

    private func successor(_ v: Int, _ k: Int) -> Int {
        if v < signalCount { return Int(edgeTarget[Int(edgeStart[v]) + k]) }
        switch module.exprs[v - signalCount].op {
        case .signal(let s): return s.index
        case .constant, .symbol: return -1
        case .unary(_, let a), .slice(let a, _), .extend(let a), .cast(let a): return exprNode(a)
        case .binary(_, let a, let b): return exprNode(k == 0 ? a : b)
        case .mux(let c, let a, let b): return exprNode(k == 0 ? c : k == 1 ? a : b)
        case .concat(let parts): return exprNode(parts[k])
        }
    }

    private func hasSelfEdge(_ v: Int) -> Bool {
        (0..<successorCount(v)).contains { successor(v, $0) == v }
    }

    private mutating func addSignalEdge(_ signal: SignalID, _ e: ExprID, _ loc: SourceLocation) {
        pending.append((Int32(signal.index), Int32(exprNode(e)), loc))
    }

    private mutating func build() {
        for (i, signal) in module.signals.enumerated() {
            if signal.kind.isCombinational, let d = signal.defaultValue {
                addSignalEdge(SignalID(i), d, signal.location)
            }
            if case .instanceOutput(let inst, let port) = signal.kind {
                let instance = module.instances[Int(inst)]
                let child = children[instance.module]
                for input in child.combinationalPaths[Int(port)] {
                    pending.append((Int32(i), Int32(instance.portSignals[input].index), instance.location))
                }
            }
        }
        // A combinational read port's data follows its address in the same cycle.
        for memory in module.memories {
            for port in memory.readPorts where port.kind == .combinational {
                addSignalEdge(port.data, port.address, port.location)
            }
        }
        var conditions: [(ExprID, SourceLocation)] = []
        walk(module.body, &conditions)
    }

    private mutating func walk(_ block: [StatementIR], _ conditions: inout [(ExprID, SourceLocation)]) {
        for statement in block {
            switch statement {
            case .connect(let c):
                guard module.signal(c.target).kind.isCombinational else { continue }
                addSignalEdge(c.target, c.value, c.location)
                for (cond, loc) in conditions { addSignalEdge(c.target, cond, loc) }
            case .when(let w):
                conditions.append((w.condition, w.location))
                walk(w.then, &conditions)
                walk(w.otherwise, &conditions)
                conditions.removeLast()
            case .switchCase(let s):
                conditions.append((s.selector, s.location))
                for c in s.cases { walk(c.body, &conditions) }
                if let d = s.defaultBody { walk(d, &conditions) }
                conditions.removeLast()
            case .memoryWrite:
                continue
            }
        }
    }

    // MARK: Loops

    /// One diagnostic per strongly connected component that forms a loop.
    func run() -> [Diagnostic] {
        stronglyConnectedComponents().compactMap { component in
            let isLoop = component.count > 1 || hasSelfEdge(component[0])
            return isLoop ? diagnostic(for: component) : nil
        }
    }

    /// Tarjan's algorithm, iterative.
    private func stronglyConnectedComponents() -> [[Int]] {
        let n = nodeCount
        var index = [Int](repeating: -1, count: n)
        var low = [Int](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack: [Int] = []
        var components: [[Int]] = []
        var counter = 0
        var work: [(node: Int, next: Int)] = []
        for root in 0..<n where index[root] < 0 {
            work.append((root, 0))
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            while !work.isEmpty {
                let (v, i) = work[work.count - 1]
                if i < successorCount(v) {
                    work[work.count - 1].next += 1
                    let w = successor(v, i)
                    if w < 0 { continue }
                    if index[w] < 0 {
                        index[w] = counter; low[w] = counter; counter += 1
                        stack.append(w); onStack[w] = true
                        work.append((w, 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last { low[parent.node] = min(low[parent.node], low[v]) }
                if low[v] == index[v] {
                    var component: [Int] = []
                    while true {
                        let w = stack.removeLast()
                        onStack[w] = false
                        component.append(w)
                        if w == v { break }
                    }
                    if component.count > 1 || hasSelfEdge(v) { components.append(component) }
                }
            }
        }
        return components
    }

    /// Walks one cycle inside the component from its first signal and describes every step.
    private func diagnostic(for component: [Int]) -> Diagnostic {
        let members = Set(component)
        let start = component.filter { $0 < signalCount }.min() ?? component[0]
        // Breadth-first search from `start` back to `start`, staying inside the component.
        var parent: [Int: (node: Int, edge: Int)] = [:]
        var queue = [start]
        var head = 0
        var found = false
        search: while head < queue.count {
            let v = queue[head]; head += 1
            for k in 0..<successorCount(v) {
                let w = successor(v, k)
                guard members.contains(w) else { continue }
                if w == start { parent[start] = (v, k); found = true; break search }
                if parent[w] == nil { parent[w] = (v, k); queue.append(w) }
            }
        }
        // Reconstruct the dependency path start -> ... -> start, then keep the signal steps.
        var path: [(node: Int, edge: Int)] = []
        if found {
            var v = start
            repeat {
                let p = parent[v]!
                path.append(p)
                v = p.node
            } while v != start
            path.reverse()
        }
        // `path[i]` says: node path[i].node depends on the next node via edge path[i].edge.
        var steps: [(signal: SignalID, location: SourceLocation)] = []
        for step in path where step.node < signalCount {
            steps.append((SignalID(step.node), edgeLocation[Int(edgeStart[step.node]) + step.edge]))
        }
        // Present in data-flow order: each signal drives the one before it in dependency order.
        steps.reverse()
        // Start at the earliest connect written by the user (instance-internal steps only if there is no other),
        // so the report does not depend on signal numbering.
        let isInstanceStep = { (sid: SignalID) -> Bool in
            if case .instanceOutput = self.module.signal(sid).kind { return true }
            return false
        }
        if let first = steps.indices.min(by: { a, b in
            (isInstanceStep(steps[a].signal) ? 1 : 0, steps[a].location) < (isInstanceStep(steps[b].signal) ? 1 : 0, steps[b].location)
        }) {
            steps = Array(steps[first...] + steps[..<first])
        }
        let names = steps.map { "'\(module.name(of: $0.signal))'" }
        let loopText = (names + names.prefix(1)).joined(separator: " -> ")
        var notes: [Diagnostic.Note] = []
        for (i, step) in steps.enumerated() {
            let driver = steps[(i + steps.count - 1) % steps.count].signal
            let target = module.signal(step.signal)
            if case .instanceOutput(let inst, _) = target.kind {
                let instance = module.instances[Int(inst)]
                notes.append(.init("'\(module.name(of: step.signal))' depends combinationally on '\(module.name(of: driver))' inside instance '\(instance.name)'",
                                   at: step.location))
            } else {
                notes.append(.init("'\(module.name(of: step.signal))' is driven from '\(module.name(of: driver))'", at: step.location))
            }
        }
        let location = steps.first?.location ?? module.location
        return Diagnostic(.combinationalLoop, loopText, at: location, notes: notes)
    }

    // MARK: Port summary

    /// For each port (by position), the input ports (by position) it depends on combinationally; empty for
    /// inputs. Call only when `run()` found no loop. One bit set per node reached from an output (flat arrays, an
    /// iterative post-order walk): linear in nodes x input ports / 64.
    func portPaths() -> [[Int]] {
        var inputs: [Int] = []  // port positions of the inputs, in order
        var inputBit = [Int32](repeating: -1, count: signalCount)
        for (position, sid) in module.ports.enumerated() where module.signal(sid).kind == .input {
            inputBit[sid.index] = Int32(inputs.count)
            inputs.append(position)
        }
        let words = max(1, (inputs.count + 63) / 64)
        let n = nodeCount
        var slot = [Int32](repeating: -1, count: n)  // index of a node's bit set in `bits`, once computed
        var bits: [UInt64] = []
        var work: [(Int32, Bool)] = []
        func reach(_ root: Int) -> Int {
            if slot[root] >= 0 { return Int(slot[root]) }
            work.append((Int32(root), false))
            while let (v32, expanded) = work.popLast() {
                let v = Int(v32)
                if slot[v] >= 0 { continue }
                if !expanded {
                    work.append((v32, true))
                    for k in 0..<successorCount(v) {
                        let w = successor(v, k)
                        if w >= 0 && slot[w] < 0 { work.append((Int32(w), false)) }
                    }
                    continue
                }
                let base = bits.count
                bits.append(contentsOf: repeatElement(0, count: words))
                if v < signalCount, inputBit[v] >= 0 {
                    let b = Int(inputBit[v])
                    bits[base + b / 64] |= 1 << UInt64(b % 64)
                }
                for k in 0..<successorCount(v) {
                    let w = successor(v, k)
                    guard w >= 0 else { continue }
                    let other = Int(slot[w])
                    guard other >= 0 else { continue }  // on the current path: only possible in a loop, reported by run()
                    for k in 0..<words { bits[base + k] |= bits[other + k] }
                }
                slot[v] = Int32(base)
            }
            return Int(slot[root])
        }
        return module.ports.map { sid in
            guard module.signal(sid).kind == .output else { return [] }
            let base = reach(sid.index)
            return inputs.indices.filter { bits[base + $0 / 64] >> UInt64($0 % 64) & 1 == 1 }.map { inputs[$0] }
        }
    }
}
