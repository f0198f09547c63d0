/// Checks who drives each signal:
/// - undriven: an output, wire or instance input with no connect (and no default), or one that is connected
///   on some paths only (it would need a latch); a register never assigned and without reset; a memory
///   never written;
/// - multiple drivers: a connect that can never take effect because a later unconditional connect in the
///   same block overrides it (in Verilog this would be two drivers of one net).
/// Connects to signals that something else drives (inputs, instance outputs) are rejected during lowering.
enum DriverCheck {
    /// Signals assigned by a block: on some path (`some`, first location) and on every path (`every`).
    private struct Assigned {
        var some: [SignalID: SourceLocation] = [:]
        var every: [SignalID: SourceLocation] = [:]
    }

    static func run(_ module: ModuleIR) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var written = Set<Int>()
        // The module's own body in dense tables (a large array's top has millions of connects, where hashing every
        // signal into dictionaries dominated the check); nested blocks keep dictionaries. Only a location on some
        // path is ever reported, so "on every path" is a flag.
        var some = [SourceLocation?](repeating: nil, count: module.signals.count)
        var every = [Bool](repeating: false, count: module.signals.count)
        for statement in module.body {
            switch statement {
            case .connect(let c):
                if let earlier = some[c.target.index] {
                    diagnostics.append(drivenTwice(c, earlier: earlier, module))
                }
                some[c.target.index] = c.location
                every[c.target.index] = true
            case .memoryWrite(let w):
                written.insert(w.memory)
            case .when, .switchCase:
                let nested = visit([statement], module, &diagnostics, &written)
                for (s, loc) in nested.some where some[s.index] == nil { some[s.index] = loc }
                for s in nested.every.keys { every[s.index] = true }
            }
        }

        for (index, signal) in module.signals.enumerated() {
            switch signal.kind {
            case .output, .wire, .instanceInput:
                guard !every[index], signal.defaultValue == nil else { continue }
                let what = describe(signal, module)
                if let some = some[index] {
                    diagnostics.append(Diagnostic(
                        .undriven,
                        "\(what) is driven only on some paths, which would need a latch; connect it unconditionally "
                            + "before the condition, add an otherwise/Default branch, or declare it with a default",
                        at: signal.location, notes: [.init("conditionally driven here", at: some)]))
                } else {
                    diagnostics.append(Diagnostic(.undriven, "\(what) is never driven", at: signal.location))
                }
            case .register:
                if some[index] == nil && signal.reset == nil {
                    diagnostics.append(Diagnostic(.undriven, "register '\(signal.storedName)' is never assigned and has no reset value",
                                                  at: signal.location))
                }
            case .input, .instanceOutput, .memoryReadData, .reset:
                continue
            }
        }
        for (index, memory) in module.memories.enumerated() where !written.contains(index) && memory.initial == nil {
            diagnostics.append(Diagnostic(.undriven, "memory '\(memory.name)' is never written and has no initial contents",
                                          at: memory.location))
        }
        return diagnostics
    }

    private static func describe(_ signal: Signal, _ module: ModuleIR) -> String {
        if case .instanceInput(let i, let p) = signal.kind {
            let inst = module.instances[Int(i)]
            let prefix = inst.name + "_"
            let port = signal.isNamedAfterInstance ? signal.storedName
                : signal.storedName.hasPrefix(prefix) ? String(signal.storedName.dropFirst(prefix.count)) : "#\(p)"
            return "input '\(port)' of instance '\(inst.name)'"
        }
        return "\(signal.kind.noun) '\(signal.storedName)'"
    }

    private static func visit(_ block: [StatementIR], _ module: ModuleIR, _ diagnostics: inout [Diagnostic],
                              _ written: inout Set<Int>) -> Assigned {
        var a = Assigned()
        for statement in block {
            switch statement {
            case .connect(let c):
                if let earlier = a.some[c.target] {
                    diagnostics.append(drivenTwice(c, earlier: earlier, module))
                }
                a.some[c.target] = c.location
                a.every[c.target] = c.location
            case .when(let w):
                let t = visit(w.then, module, &diagnostics, &written)
                let e = visit(w.otherwise, module, &diagnostics, &written)
                merge(into: &a, branches: [t, e])
            case .switchCase(let s):
                var branches = s.cases.map { visit($0.body, module, &diagnostics, &written) }
                if let d = s.defaultBody {
                    branches.append(visit(d, module, &diagnostics, &written))
                } else if !coversAllValues(s, module) {
                    branches.append(Assigned())  // the implicit "no case matched" path assigns nothing
                }
                merge(into: &a, branches: branches)
            case .memoryWrite(let w):
                written.insert(w.memory)
            }
        }
        return a
    }

    private static func drivenTwice(_ c: StatementIR.Connect, earlier: SourceLocation, _ module: ModuleIR) -> Diagnostic {
        let name = module.name(of: c.target)
        return Diagnostic(
            .multipleDrivers,
            "'\(name)' is driven twice: this unconditional connect overrides the earlier one, which never takes effect",
            at: c.location, notes: [.init("earlier connect of '\(name)'", at: earlier)])
    }

    private static func merge(into a: inout Assigned, branches: [Assigned]) {
        for b in branches {
            for (s, loc) in b.some where a.some[s] == nil { a.some[s] = loc }
        }
        guard let first = branches.first else { return }
        for (s, loc) in first.every where branches.allSatisfy({ $0.every[s] != nil }) {
            if a.every[s] == nil { a.every[s] = loc }
        }
    }

    private static func coversAllValues(_ s: StatementIR.Switch, _ module: ModuleIR) -> Bool {
        let width = module.expr(s.selector).width
        guard width < 20 else { return false }
        return s.cases.reduce(0) { $0 + $1.values.count } == 1 << width
    }
}
