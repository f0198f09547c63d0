/// The Verilog backend: turns a checked `Circuit` into Verilog-2005 files, one per module, leaves first.
///
/// Each module goes through the IR passes (`PassPipeline`), then the backend's own preparation
/// (`VerilogLegalization`: wires where Verilog needs identifiers; `ProcessGrouping`: `assign`s and one `always`
/// block per decision tree; `VerilogNaming`; `UnusedBits`), and `VerilogPrinter` prints the result. The output
/// is lint-clean under `verilator -Wall`, `iverilog -Wall` and Yosys `check`: every operator's operands have the
/// width the IR gave them (nothing relies on context-dependent sizing), signedness is explicit where Verilog's
/// rules would differ, combinational blocks assign their defaults first, and deliberately unread bits are
/// collected in an `_unused` net.
public enum VerilogEmitter {
    public static func emit(_ circuit: Circuit) -> VerilogDesign {
        var portNames: [[String]] = []
        var files: [VerilogFile] = []
        var blackBoxes: [String] = []
        files.reserveCapacity(circuit.modules.count)
        for i in circuit.modules.indices {
            let original = circuit.modules[i]
            if original.blackBox != nil {
                // Defined elsewhere: no file; its ports keep the names it declared.
                portNames.append(original.ports.map { original.signal($0).name })
                blackBoxes.append(circuit.names[i])
                continue
            }
            var m = original
            let (names, text) = print(&m, name: circuit.names[i], isTop: i == circuit.top, circuit: circuit, childPorts: portNames)
            files.append(VerilogFile(name: "\(circuit.names[i]).v", contents: text))
            portNames.append(m.ports.map { names.signals[$0.index] })
        }
        let top = circuit.topModule
        var ports: [PortDescriptor] = []
        if top.hasState {
            ports.append(PortDescriptor(name: "clk", direction: .input, width: 1, signed: false))
            ports.append(PortDescriptor(name: "rst", direction: .input, width: 1, signed: false))
        }
        for (k, sid) in top.ports.enumerated() {
            let s = top.signal(sid)
            ports.append(PortDescriptor(name: portNames[circuit.top][k], direction: s.kind == .input ? .input : .output,
                                        width: s.width, signed: s.type.signed))
        }
        return VerilogDesign(top: circuit.names[circuit.top], files: files, ports: ports,
                             parameters: top.parameters.map { ($0.name, $0.value) },
                             parameterJSON: top.parameters.map { ($0.name, $0.json) }, blackBoxes: blackBoxes)
    }

    /// Runs the passes and the backend's preparation on `m` (leaving it as printed) and prints it.
    static func print(_ m: inout ModuleIR, name: String, isTop: Bool, circuit: Circuit, childPorts: [[String]])
        -> (VerilogNaming, String) {
        prepare(&m)
        let grouping = ProcessGrouping(&m)
        let names = VerilogNaming(m)
        let unused = UnusedBits.find(m, inlined: grouping.inlined)
        let printer = VerilogPrinter(m: m, moduleName: name, names: names, grouping: grouping, unused: unused,
                                     childNames: circuit.names, childPorts: childPorts, children: circuit.modules,
                                     hasResetPort: isTop ? m.hasState : m.takesReset)
        return (names, printer.print())
    }

    /// The IR passes and the backend's legalization: the module as the printer sees it (for `IRText` dumps).
    public static func prepare(_ m: inout ModuleIR) {
        PassPipeline.run(&m)
        VerilogLegalization.run(&m)
    }
}

/// Elaborates `top`, checks it and emits its Verilog. Throws `ElaborationError` naming the Swift lines at fault.
public func emitVerilog<M: Module>(_ top: M, file: String = #fileID, line: Int = #line) throws -> VerilogDesign {
    VerilogEmitter.emit(try elaborate(top, file: file, line: line))
}
