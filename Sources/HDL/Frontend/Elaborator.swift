/// Elaborates a module tree: runs each distinct module value's `ports` and `body` once (children first),
/// lowers it to IR, runs the checks, and assembles the `Circuit`.
public final class Elaborator {
    private(set) var modules: [ModuleIR] = []
    private var cache: [ModuleKey: Int] = [:]
    /// The first failure inside a child; reported instead of the parent's consequential errors.
    private var childFailure: ElaborationError?
    private var depth = 0

    private struct ModuleKey: Hashable {
        let type: ObjectIdentifier
        let value: AnyHashable
    }

    init() {}

    /// Elaborates `top` and everything below it.
    static func circuit<M: Module>(_ top: M, at location: SourceLocation) throws -> Circuit {
        let e = Elaborator()
        let index = try e.elaborate(top, at: location)
        let topName = VerilogNames.legalize(e.modules[index].baseName)
        if e.modules.contains(where: { $0.blackBox != nil && $0.baseName == topName }) {
            throw ElaborationError([Diagnostic(.invalidParameter, "the top module and a black box are both named '\(topName)'",
                                               at: e.modules[index].location, module: top.moduleName)])
        }
        let modules = e.modules
        e.modules = []
        return Deduplication.run(modules)
    }

    /// For `Scope.instance` of a black box: its IR (ports only, no body), or nil after recording why its
    /// declaration is invalid. Black boxes of one name must declare the same ports.
    func elaborateBlackBox<B: BlackBox>(_ box: B, at location: SourceLocation) -> Int? {
        let key = ModuleKey(type: ObjectIdentifier(B.self), value: AnyHashable(box))
        if let index = cache[key] { return index }
        let name = box.moduleName
        let scope = Scope(elaborator: self, moduleName: name)
        _ = scope.declarePorts(box.ports)
        let definedAt = scope.signals.first?.location ?? location
        var diagnostics = scope.diagnostics
        func problem(_ message: String) {
            diagnostics.append(Diagnostic(.invalidParameter, message, at: definedAt, notes: [.init("instantiated here", at: location)],
                                          module: name))
        }
        if VerilogNames.legalize(name) != name { problem("black box name '\(name)' is not a legal Verilog identifier") }
        let implicit = (box.clocking.hasClock ? ["clk"] : []) + (box.clocking.hasReset ? ["rst"] : [])
        var position: [String: Int] = [:]
        for (k, sid) in scope.ports.enumerated() {
            let port = scope.signals[sid.index].storedName
            if VerilogNames.legalize(port) != port {
                problem("port '\(port)' of black box \(name) is not a legal Verilog identifier")
            } else if implicit.contains(port) {
                problem("port '\(port)' of black box \(name) clashes with the implicit '\(port)' of its clocking")
            } else if position[port] != nil {
                problem("black box \(name) declares port '\(port)' twice")
            }
            position[port] = k
        }
        let kinds = scope.ports.map { scope.signals[$0.index].kind }
        var paths = [[Int]](repeating: [], count: scope.ports.count)
        for (output, inputs) in box.combinationalPaths.sorted(by: { $0.key < $1.key }) {
            guard let o = position[output], kinds[o] == .output else {
                problem("combinationalPaths of black box \(name) names '\(output)', which is not one of its output ports")
                continue
            }
            for input in inputs {
                guard let i = position[input], kinds[i] == .input else {
                    problem("combinationalPaths of black box \(name) names '\(input)', which is not one of its input ports")
                    continue
                }
                paths[o].append(i)
            }
            paths[o] = Array(Set(paths[o])).sorted()
        }
        var ir = ModuleIR(baseName: name, parameters: [], signals: scope.signals, ports: scope.ports, exprs: [], body: [],
                          instances: [], memories: [], hasState: box.clocking.hasClock, combinationalPaths: paths,
                          location: definedAt, blackBox: BlackBoxIR(clocking: box.clocking))
        // Another declaration of the same external module (another Swift type or value) is the same module.
        if diagnostics.isEmpty, let existing = modules.firstIndex(where: { $0.blackBox != nil && $0.baseName == name }) {
            ir.location = modules[existing].location
            ir.signals = zip(ir.signals, modules[existing].signals).map { var s = $0; s.location = $1.location; return s }
            if ir.signals.count == modules[existing].signals.count && ir == modules[existing] {
                cache[key] = existing
                return existing
            }
            problem("black box \(name) is declared again with different ports, clocking or combinational paths")
        }
        if !diagnostics.isEmpty {
            if childFailure == nil { childFailure = ElaborationError(diagnostics) }
            return nil
        }
        modules.append(ir)
        cache[key] = modules.count - 1
        return modules.count - 1
    }

    /// For `Scope.instance`: elaborates a child, or records its failure and returns nil.
    func elaborateChild<M: Module>(_ module: M, at location: SourceLocation) -> Int? {
        do {
            return try elaborate(module, at: location)
        } catch let e as ElaborationError {
            if childFailure == nil { childFailure = e }
        } catch {
            if childFailure == nil {
                childFailure = ElaborationError([Diagnostic(.invalidParameter, "\(error)", at: location, module: module.moduleName)])
            }
        }
        return nil
    }

    func elaborate<M: Module>(_ module: M, at location: SourceLocation) throws -> Int {
        let key = ModuleKey(type: ObjectIdentifier(M.self), value: AnyHashable(module))
        if let index = cache[key] { return index }
        let described = Self.describe(module)
        do {
            try module.validate()
        } catch {
            throw ElaborationError([Diagnostic(.invalidParameter, "\(described): \(error)", at: location, module: module.moduleName)])
        }
        guard depth < 200 else {
            throw ElaborationError([Diagnostic(.invalidParameter,
                                               "module hierarchy deeper than 200 levels (does \(module.moduleName) instantiate itself?)",
                                               at: location, module: module.moduleName)])
        }
        depth += 1
        defer { depth -= 1 }

        var (ir, diagnostics) = try lower(module, described: described, at: location)
        if diagnostics.isEmpty {
            diagnostics += DriverCheck.run(ir)
        }
        if diagnostics.isEmpty {
            let loops = CombinationalLoopCheck(module: ir, children: modules)
            diagnostics += loops.run()
            // Port-to-port paths are what parents need for their own loop check; the top has no parent.
            if diagnostics.isEmpty && depth > 1 { ir.combinationalPaths = loops.portPaths() }
        }
        if !diagnostics.isEmpty {
            for i in diagnostics.indices { diagnostics[i].module = module.moduleName }
            throw ElaborationError(diagnostics.sorted { $0.location < $1.location })
        }
        modules.append(ir)
        cache[key] = modules.count - 1
        return modules.count - 1
    }

    /// Runs the module's `ports` and `body` and lowers them to IR. The front end's graph (nodes, statements, the
    /// scope) lives only inside this call, so it is released before the checks run on the IR.
    private func lower<M: Module>(_ module: M, described: String, at location: SourceLocation) throws -> (ModuleIR, [Diagnostic]) {
        let scope = Scope(elaborator: self, moduleName: module.moduleName)
        let io = scope.declarePorts(module.ports)
        let block: Block
        do {
            block = try module.body(scope, io)
        } catch let e as ElaborationError {
            throw e
        } catch {
            throw ElaborationError([Diagnostic(.invalidParameter, "\(described): \(error)", at: location, module: module.moduleName)])
        }
        if let failure = childFailure { throw failure }
        scope.runFinalChecks()

        var lowering = Lowering(scope: scope)
        // The module's own location is where its first port (else signal) is declared: inside its definition,
        // independent of who instantiates it, so identical modules stay identical and output stays stable.
        let definedAt = scope.signals.first?.location ?? .unknown
        let ir = lowering.module(body: block, baseName: module.moduleName, parameters: Self.parameters(of: module),
                                 location: definedAt)
        return (ir, scope.diagnostics + lowering.diagnostics)
    }

    /// `Counter(width: 8)` style description of a module value for messages.
    static func describe(_ module: Any) -> String {
        let params = parameters(of: module).map { "\($0.name): \($0.value)" }.joined(separator: ", ")
        return "\(type(of: module))(\(params))"
    }

    /// The module's stored properties as generator parameters. A property that is itself a plain struct of
    /// parameters (e.g. a shared `shape`) contributes its fields, so manifests and module-name suffixes read
    /// `rows: 4` rather than one opaque string; a field name already taken is prefixed with its parent's.
    static func parameters(of module: Any) -> [ModuleIR.Parameter] {
        var result: [ModuleIR.Parameter] = []
        var taken = Set<String>()
        func visit(_ value: Any, prefix: String) {
            for child in Mirror(reflecting: value).children {
                guard let label = child.label else { continue }
                if isParameterGroup(child.value) {
                    visit(child.value, prefix: label)
                    continue
                }
                let name = taken.contains(label) && !prefix.isEmpty ? "\(prefix)_\(label)" : label
                taken.insert(name)
                result.append(ModuleIR.Parameter(name: name, value: render(child.value), json: json(child.value)))
            }
        }
        visit(module, prefix: "")
        return result
    }

    /// A struct with stored properties that is not itself printable as one value.
    private static func isParameterGroup(_ value: Any) -> Bool {
        let mirror = Mirror(reflecting: value)
        return mirror.displayStyle == .struct && !mirror.children.isEmpty && !(value is any CustomStringConvertible)
            && !(value is String)
    }

    private static func render(_ value: Any) -> String {
        if let s = value as? String { return s }
        return String(describing: value)
    }

    private static func json(_ value: Any) -> String {
        switch value {
        case let b as Bool: return b ? "true" : "false"
        case let i as any BinaryInteger: return "\(i)"
        case let d as Double where d.isFinite: return "\(d)"
        case let f as Float where f.isFinite: return "\(f)"
        case let a as [Any]: return "[" + a.map(json).joined(separator: ", ") + "]"
        default: return JSONText.quoted(render(value))
        }
    }
}

/// Elaborates `top` into a checked `Circuit`; throws `ElaborationError` naming the offending Swift lines.
public func elaborate<M: Module>(_ top: M, file: String = #fileID, line: Int = #line) throws -> Circuit {
    var circuit = try Elaborator.circuit(top, at: SourceLocation(fileID: file, line: line))
    if let map = top as? HostRegisterMap { circuit.hostRegisters = map.hostRegisters }
    return circuit
}
