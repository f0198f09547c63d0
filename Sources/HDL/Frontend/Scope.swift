/// The module under construction, handed to `Module.body` as `m`: declares wires, registers, memories and
/// child instances. Every declaration takes the caller's source line for diagnostics and `// @[...]` comments.
///
/// Declarations are not statements, so they may appear anywhere in a body (inside a `When` too); the signals
/// they create belong to the whole module.
public final class Scope {
    let id = ScopeID.next()
    let elaborator: Elaborator
    let moduleName: String

    private(set) var signals: [Signal] = []
    private var signalNodes: [Node] = []
    /// Per elaborated child: its port names, shared by the names of its instances' ports.
    private var portNamesOfChild: [Int: [String]] = [:]
    /// Front-end expressions attached to declarations, lowered with the body.
    private(set) var defaultValues: [(SignalID, Node)] = []
    private(set) var enables: [(SignalID, Node)] = []
    private(set) var ports: [SignalID] = []
    /// Port vectors declared `packed()`: each one Verilog port (element signals in order).
    private(set) var packedPorts: [[SignalID]] = []
    private(set) var instances: [InstanceIR] = []
    private(set) var memories: [MemoryDeclaration] = []
    /// Connects implied by declarations (`named`, `regNext`), placed before the body's statements.
    private(set) var implicitStatements: [Statement] = []
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var childHasState = false
    private var resetSignal: Node?

    struct ReadPortDeclaration {
        var address: Node
        var enable: Node?
        var data: SignalID
        var kind: MemoryIR.ReadKind
        var location: SourceLocation
    }

    struct MemoryDeclaration {
        var name: String
        var depth: Int
        var type: HWType
        var readPorts: [ReadPortDeclaration]
        var initial: [Constant]?
        var maskLanes: Int
        var location: SourceLocation
        /// Whether a read port has a register (writes are clocked too; `Lowering` knows about those).
        var isClocked: Bool { readPorts.contains { $0.kind == .registered } }
    }

    init(elaborator: Elaborator, moduleName: String) {
        self.elaborator = elaborator
        self.moduleName = moduleName
    }

    /// Whether the module has registers, registered memory ports, stateful children or reads the reset. Memory
    /// writes also make state; `Lowering` adds those. (A ROM read only combinationally is not state.)
    var hasState: Bool {
        resetSignal != nil || childHasState || memories.contains { $0.isClocked } || signals.contains { $0.kind == .register }
    }

    /// Whether the module reads the reset: a register with a reset value, `reset` itself, or a child that does.
    var usesReset: Bool {
        resetSignal != nil || childUsesReset || signals.contains { $0.kind == .register && $0.reset != nil }
    }

    private(set) var childUsesReset = false

    /// A statement implied by a declaration (`named`, `regNext`, `readWrite`), placed before the body's.
    func addImplicit(_ statement: Statement) { implicitStatements.append(statement) }

    /// Checks that can only run once the whole body is built (a state machine's transitions); they report
    /// through `diagnose`.
    private var finalChecks: [() -> Void] = []
    func addFinalCheck(_ check: @escaping () -> Void) { finalChecks.append(check) }
    func runFinalChecks() { for c in finalChecks { c() } }

    func diagnose(_ kind: Diagnostic.Kind, _ message: String, at loc: SourceLocation, notes: [Diagnostic.Note] = []) {
        diagnostics.append(Diagnostic(kind, message, at: loc, notes: notes, module: moduleName))
    }

    // MARK: Signals

    @discardableResult
    func addSignal(_ name: String, _ type: HWType, _ kind: SignalKind, _ loc: SourceLocation, reset: Constant? = nil) -> Node {
        addSignal(name, type, kind, loc, reset: reset, nodeName: .own(name))
    }

    /// Declares a signal whose node is named `nodeName`; an instance port's (`.instancePort`) stores only its
    /// port's name and is named after its instance.
    private func addSignal(_ name: String, _ type: HWType, _ kind: SignalKind, _ loc: SourceLocation, reset: Constant?,
                           nodeName: SignalNodeName) -> Node {
        if type.width < 1 {
            diagnose(.invalidParameter, "\(kind.noun) '\(nodeName.text)' must be at least 1 bit wide, not \(type.width)", at: loc)
        }
        let sid = SignalID(signals.count)
        let t = HWType(width: max(1, type.width), signed: type.signed)
        var signal = Signal(name: name, type: t, kind: kind, location: loc, reset: reset)
        if case .instancePort = nodeName { signal.isNamedAfterInstance = true }
        signals.append(signal)
        let node = Node(.signal(id, sid, name: nodeName), t)
        signalNodes.append(node)
        return node
    }

    func node(of signal: SignalID) -> Node { signalNodes[signal.index] }

    /// Drops the node of every signal, kept only so instance ports can be renamed while they are declared: once
    /// the body has run, the statements hold the nodes they use (a large array's top has millions).
    func releaseSignalNodes() {
        signalNodes = []
    }

    /// Moves the signal table out (the scope is done with it once its module is lowered).
    func takeSignals() -> [Signal] {
        let taken = signals
        signals = []
        return taken
    }

    /// Gives a signal declared under a placeholder its final name (see `LabelNaming`).
    func renameSignal(_ node: Node, to name: String) {
        guard case .signal(let scope, let sid, _) = node.op, scope == id else { return }
        signals[sid.index].storedName = name
        signals[sid.index].isNamedAfterInstance = false
        node.renameSignal(name)
    }

    /// A naming session for one declaration: placeholders are renamed from Swift labels when it ends.
    private func labelNaming() -> LabelNaming {
        LabelNaming { [unowned self] node, name in renameSignal(node, to: name) }
    }

    /// Runs a module's (or black box's) `ports` against this module: declares its ports, then names the
    /// ports declared without a name from the labels of the value `ports` returned.
    func declarePorts<IO>(_ declare: (Ports) -> IO) -> IO {
        let naming = labelNaming()
        let p = Ports(naming: naming, packGroup: { [unowned self] nodes in
            packedPorts.append(nodes.compactMap { if case .signal(_, let sid, _) = $0.op { return sid } else { return nil } })
        }) { [unowned self] name, type, direction, loc in
            let node = addSignal(name, type, direction == .input ? .input : .output, loc)
            if case .signal(_, let sid, _) = node.op { ports.append(sid) }
            return node
        }
        let io = declare(p)
        p.unnamed.resolve(in: io)
        finish(naming)
        return io
    }

    /// Applies a naming session's names and reports the leaves no label reaches.
    private func finish(_ naming: LabelNaming) {
        for d in naming.finish() { diagnose(.invalidExpression, d.message, at: d.location) }
    }

    // MARK: Declarations

    /// A combinational net (or an aggregate of them). It must be driven on every path, or given a default.
    public func wire<S: Shape>(_ name: String, _ shape: S, file: String = #fileID, line: Int = #line) -> S.Value {
        let loc = SourceLocation(fileID: file, line: line)
        let naming = labelNaming()
        defer { finish(naming) }
        return shape.make(SignalMaker(naming: naming) { [unowned self] n, t, _ in addSignal(n, t, .wire, loc) }, name: name)
    }

    /// A combinational net that takes `default` wherever no connect applies.
    public func wire<S: GroundShape>(_ name: String, _ shape: S, default value: S.Value,
                                     file: String = #fileID, line: Int = #line) -> S.Value {
        let loc = SourceLocation(fileID: file, line: line)
        let node = addSignal(name, shape.type, .wire, loc)
        setDefault(node, value.node, loc)
        return S.Value(node: node)
    }

    /// A register (or an aggregate of them). With `reset`, the synchronous active-high reset loads that
    /// value (every leaf of an aggregate); without, the register has no reset. With `enable`, connects only
    /// take effect in cycles where it is 1.
    public func reg<S: Shape>(_ name: String, _ shape: S, reset: Int? = nil, enable: Bit? = nil,
                              file: String = #fileID, line: Int = #line) -> S.Value {
        let loc = SourceLocation(fileID: file, line: line)
        let naming = labelNaming()
        defer { finish(naming) }
        return shape.make(SignalMaker(naming: naming) { [unowned self] n, t, _ in
            var resetValue: Constant?
            if let r = reset {
                if Constant.fits(r, width: t.width, signed: t.signed) {
                    resetValue = Constant(r, width: t.width)
                } else {
                    diagnose(.widthMismatch, "reset value \(r) of register '\(n)' does not fit in \(t)", at: loc)
                }
            }
            let node = addSignal(n, t, .register, loc, reset: resetValue)
            if let e = enable, case .signal(_, let sid, _) = node.op { enables.append((sid, e.node)) }
            return node
        }, name: name)
    }

    /// A 1-bit register with a Boolean reset value.
    public func reg(_ name: String, _ shape: BitShape, reset: Bool, enable: Bit? = nil,
                    file: String = #fileID, line: Int = #line) -> Bit {
        reg(name, shape, reset: reset ? 1 : 0, enable: enable, file: file, line: line)
    }

    /// `value` delayed by one clock edge, in a register named `name`.
    public func regNext<V: HardwareValue>(_ value: V, name: String, reset: Int? = nil, enable: Bit? = nil,
                                          file: String = #fileID, line: Int = #line) -> V {
        let loc = SourceLocation(fileID: file, line: line)
        let r = reg(name, GenericGroundShape<V>(type: value.node.type), reset: reset, enable: enable, file: file, line: line)
        implicitStatements.append(Statement(.connect(target: r.node, value: value.node), location: loc))
        return r
    }

    /// Gives an expression a name in the Verilog (a wire driven by `value`).
    public func named<V: HardwareValue>(_ name: String, _ value: V, file: String = #fileID, line: Int = #line) -> V {
        let loc = SourceLocation(fileID: file, line: line)
        let node = addSignal(name, value.node.type, .wire, loc)
        implicitStatements.append(Statement(.connect(target: node, value: value.node), location: loc))
        return V(node: node)
    }

    /// The module's synchronous reset (active high). Using it gives the module `clk` and `rst` ports.
    public var reset: Bit {
        if resetSignal == nil { resetSignal = addSignal("rst", .bit, .reset, .unknown) }
        return Bit(node: resetSignal!)
    }

    /// A memory of `depth` words of `shape` (see `Memory`). `initial` gives every word's starting value (exactly
    /// `depth` values that fit the shape); `maskLanes` splits a word into that many write-enable lanes.
    public func memory<S: GroundShape>(_ name: String, depth: Int, _ shape: S, initial: [Int]? = nil, maskLanes: Int = 1,
                                       file: String = #fileID, line: Int = #line) -> Memory<S.Value> {
        let loc = SourceLocation(fileID: file, line: line)
        let type = HWType(width: max(1, shape.type.width), signed: shape.type.signed)
        if depth < 1 { diagnose(.invalidParameter, "memory '\(name)' needs a depth of at least 1, not \(depth)", at: loc) }
        if shape.type.width < 1 { diagnose(.invalidParameter, "memory '\(name)' needs words of at least 1 bit", at: loc) }
        var lanes = maskLanes
        if maskLanes < 1 || type.width % maskLanes != 0 {
            diagnose(.invalidParameter,
                     "memory '\(name)': \(maskLanes) mask lanes do not divide its \(type.width)-bit words evenly", at: loc)
            lanes = 1
        }
        var contents: [Constant]?
        if let initial {
            if initial.count != max(1, depth) {
                diagnose(.invalidParameter, "memory '\(name)' has \(max(1, depth)) words but \(initial.count) initial values", at: loc)
            } else if let bad = initial.firstIndex(where: { !Constant.fits($0, width: type.width, signed: type.signed) }) {
                diagnose(.widthMismatch, "initial value \(initial[bad]) of word \(bad) of memory '\(name)' does not fit in \(type)",
                         at: loc)
            } else {
                contents = initial.map { Constant($0, width: type.width) }
            }
        }
        let handle = MemoryHandle(scope: id, index: memories.count, name: name)
        memories.append(MemoryDeclaration(name: name, depth: max(1, depth), type: type, readPorts: [], initial: contents,
                                          maskLanes: lanes, location: loc))
        return Memory(handle: handle, scope: self, depth: max(1, depth), type: type, maskLanes: lanes)
    }

    /// A read-only memory (a table) holding `contents`, one word per address; read it with
    /// `read(_:readUnderWrite: .combinational)` for a lookup in the same cycle, or registered.
    public func rom<S: GroundShape>(_ name: String, _ shape: S, contents: [Int],
                                    file: String = #fileID, line: Int = #line) -> Memory<S.Value> {
        memory(name, depth: contents.count, shape, initial: contents, file: file, line: line)
    }

    func addReadPort(_ mem: MemoryHandle, type: HWType, address: Node, enable: Node?, mode: ReadUnderWrite, name: String?,
                     location: SourceLocation) -> Node {
        guard mem.scope == id else {
            diagnose(.invalidExpression, "memory '\(mem.name)' belongs to another module", at: location)
            return .invalid("foreign memory", type, location)
        }
        let port = memories[mem.index].readPorts.count
        let dataName = name ?? "\(mem.name)_rdata\(port == 0 ? "" : "\(port)")"
        var portAddress = address
        var kind = MemoryIR.ReadKind.registered
        switch mode {
        case .oldData:
            break
        case .combinational:
            kind = .combinational
            if enable != nil {
                diagnose(.invalidExpression, "a combinational read port of memory '\(mem.name)' takes no enable (it has no register to hold)",
                         at: location)
            }
        case .newData:
            // Write-first: register the address, read combinationally after the edge.
            kind = .combinational
            let addressRegister = addSignal("\(dataName)_address", address.type, .register, location)
            if case .signal(_, let sid, _) = addressRegister.op {
                signals[sid.index].isGenerated = true
                if let enable { enables.append((sid, enable)) }
            }
            implicitStatements.append(Statement(.connect(target: addressRegister, value: address), location: location))
            portAddress = addressRegister
        }
        let node = addSignal(dataName, type, .memoryReadData(memory: Int32(mem.index), port: Int32(port)), location)
        guard case .signal(_, let sid, _) = node.op else { return node }
        memories[mem.index].readPorts.append(ReadPortDeclaration(address: portAddress, enable: kind == .registered ? enable : nil,
                                                                 data: sid, kind: kind, location: location))
        return node
    }

    private func setDefault(_ target: Node, _ value: Node, _ loc: SourceLocation) {
        guard case .signal(_, let sid, let name) = target.op else { return }
        if value.width > target.width {
            diagnose(.widthMismatch, "default of \(value.width) bits does not fit \(target.width)-bit wire '\(name)'", at: loc)
            return
        }
        defaultValues.append((sid, value.extended(to: target.width)))
    }

    // MARK: Instances

    /// The port names of the elaborated child `child`, one array shared by its instances (see `addInstance`).
    private func definitionPortNames(of child: Int) -> [String] {
        if let names = portNamesOfChild[child] { return names }
        let definition = elaborator.modules[child]
        let names = definition.ports.map { definition.signal($0).storedName }
        portNamesOfChild[child] = names
        return names
    }

    /// A child module instance named `name`; returns the child's ports as seen from this module:
    /// drive its inputs with `<==`, read its outputs.
    public func instance<M: Module>(_ name: String, _ module: M, file: String = #fileID, line: Int = #line) -> M.IO {
        let loc = SourceLocation(fileID: file, line: line)
        let childIndex = elaborator.elaborateChild(module, at: loc)
        return addInstance(name, child: childIndex, moduleName: module.moduleName, at: loc, ports: module.ports)
    }

    /// Declares an instance of the elaborated child `child` (nil when it failed): one parent-side signal per port,
    /// declared by running the child's `ports` again against this module. Ports the child names from labels
    /// take their names from its definition, by position (no second walk over the labels per instance).
    func addInstance<IO>(_ name: String, child childIndex: Int?, moduleName: String, at loc: SourceLocation,
                         ports declare: (Ports) -> IO) -> IO {
        let instanceIndex = instances.count
        var portSignals: [SignalID] = []
        portSignals.reserveCapacity(childIndex.map { elaborator.modules[$0].ports.count } ?? 0)
        let portNames = InstancePortNames(instance: name)
        portNames.ports.reserveCapacity(portSignals.capacity)
        let io = declare(Ports(instanceView: true, naming: LabelNaming(positional: true)) { [unowned self] portName, type, direction, _ in
            let port = Int32(portSignals.count)
            let kind: SignalKind = direction == .input
                ? .instanceInput(instance: Int32(instanceIndex), port: port)
                : .instanceOutput(instance: Int32(instanceIndex), port: port)
            portNames.ports.append(portName)
            let node = addSignal(portName, type, kind, loc, reset: nil, nodeName: .instancePort(portNames, port: port))
            if case .signal(_, let sid, _) = node.op { portSignals.append(sid) }
            return node
        })
        if let c = childIndex {
            let child = elaborator.modules[c]
            if child.hasState { childHasState = true }
            if child.takesReset { childUsesReset = true }
            let expected = child.ports.map { child.signal($0).type }
            let actual = portSignals.map { signals[$0.index].type }
            if expected != actual {
                diagnose(.invalidExpression, "ports(_:) of \(moduleName) declared different ports for instance '\(name)' than for its definition", at: loc)
            } else {
                // Placeholders take the definition's port names; a name equal to the definition's takes its
                // string, so the instances of a child share one string per port, whatever its length.
                let definitionNames = definitionPortNames(of: c)
                for (k, sid) in portSignals.enumerated() {
                    let own = signals[sid.index].storedName, definition = definitionNames[k]
                    guard LabelNaming.isPlaceholder(own) || own == definition else { continue }
                    signals[sid.index].storedName = definition
                    portNames.ports[k] = definition
                }
                // One array of port names for all the instances of a child that name their ports as it does.
                if portNames.ports == definitionNames { portNames.ports = definitionNames }
            }
        }
        instances.append(InstanceIR(name: name, module: childIndex ?? -1, portSignals: portSignals, location: loc))
        return io
    }
}

/// A ground shape for an existing value's type (used where the Swift type, not a shape, is at hand).
struct GenericGroundShape<V: HardwareValue>: GroundShape {
    typealias Value = V
    let type: HWType
}
