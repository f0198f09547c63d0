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
    /// Emits every module. The circuit is consumed: each module's IR is moved out, transformed in place and
    /// dropped once printed, so a design of millions of instances is never held twice.
    public static func emit(_ circuit: consuming Circuit) -> VerilogDesign {
        var files: [VerilogFile] = []
        let summary = emit(circuit, chunkSize: .max) { name, print in
            var text = ""
            print { chunk in
                if text.isEmpty { text = chunk } else { text += chunk }
            }
            files.append(VerilogFile(name: name, contents: text))
        }
        var design = VerilogDesign(top: summary.top, files: files, ports: summary.ports, parameters: summary.parameters,
                                   parameterJSON: summary.parameterJSON, blackBoxes: summary.blackBoxes)
        design.registers = summary.registers
        return design
    }

    /// Emits every module into `file`, which is called once per module file, leaves first, with the file's name
    /// and a function that prints the module: it hands its text to the function it is given in pieces of about
    /// `chunkSize` bytes (one piece when the text is shorter), in order.
    static func emit(_ circuit: consuming Circuit, chunkSize: Int,
                     file: (_ name: String, _ print: ((String) -> Void) -> Void) throws -> Void) rethrows -> VerilogDesignSummary {
        // Moved out, so each module's IR has one owner and the passes transform it in place (a copy left in the
        // circuit would make them copy a million-instance top's tables).
        var modules: [ModuleIR] = []
        swap(&modules, &circuit.modules)
        let names = circuit.names
        let registers = circuit.hostRegisters
        let topIndex = modules.count - 1
        let clocking = modules.map { (clock: $0.takesClock, reset: $0.takesReset) }
        // What the design description needs of the top, read before its IR is moved out and transformed (holding
        // the module itself here would make the passes copy it).
        let (topHasState, topPortTypes, parameters) = { (top: ModuleIR) in
            (top.hasState, top.ports.map { (top.signal($0).kind == .input, top.signal($0).type) }, top.parameters)
        }(modules[topIndex])
        var portNames: [[String]] = []
        var packedLayouts: [[PackedPortLayout]] = []
        var topPacked: [(name: String, elements: [Int])] = []
        var fileNames: [String] = []
        var blackBoxes: [String] = []
        for i in modules.indices {
            var m = modules[i]
            modules[i] = .placeholder
            if m.blackBox != nil {
                // Defined elsewhere: no file; its ports keep the names it declared.
                portNames.append(m.ports.map { m.name(of: $0) })
                packedLayouts.append([])
                blackBoxes.append(names[i])
                continue
            }
            let (naming, printer) = prepare(&m, name: names[i], isTop: i == topIndex, names: names, clocking: clocking,
                                            childPorts: portNames, childPacked: packedLayouts)
            fileNames.append("\(names[i]).v")
            try file(fileNames.last!) { printer.print(chunkSize: chunkSize, to: $0) }
            portNames.append(m.ports.map { naming.signals[$0.index] })
            let position = Dictionary(uniqueKeysWithValues: m.ports.enumerated().map { ($1, $0) })
            let layouts = m.packedPorts.enumerated().map { g, elements in
                PackedPortLayout(name: naming.packedPorts[g], positions: elements.map { position[$0]! })
            }
            packedLayouts.append(layouts)
            if i == topIndex { topPacked = layouts.map { ($0.name, $0.positions) } }
        }
        var ports: [PortDescriptor] = []
        if topHasState {
            ports.append(PortDescriptor(name: "clk", direction: .input, width: 1, signed: false))
            ports.append(PortDescriptor(name: "rst", direction: .input, width: 1, signed: false))
        }
        var packedAt: [Int: (name: String, elements: [Int])] = [:]
        for group in topPacked { for (k, p) in group.elements.enumerated() { packedAt[p] = k == 0 ? group : ("", []) } }
        for (k, (isInput, type)) in topPortTypes.enumerated() {
            if let group = packedAt[k] {
                guard !group.elements.isEmpty else { continue }
                var d = PortDescriptor(name: group.name, direction: isInput ? .input : .output,
                                       width: type.width * group.elements.count, signed: false)
                d.packing = PortPacking(count: group.elements.count, elementWidth: type.width, elementSigned: type.signed)
                ports.append(d)
                continue
            }
            ports.append(PortDescriptor(name: portNames[topIndex][k], direction: isInput ? .input : .output,
                                        width: type.width, signed: type.signed))
        }
        var summary = VerilogDesignSummary(top: names[topIndex], fileNames: fileNames, ports: ports,
                                           parameters: parameters.map { ($0.name, $0.value) },
                                           parameterJSON: parameters.map { ($0.name, $0.json) }, blackBoxes: blackBoxes)
        summary.registers = registers
        return summary
    }

    /// Runs the passes and the backend's preparation on `m` (leaving it as printed): its names, and the printer.
    static func prepare(_ m: inout ModuleIR, name: String, isTop: Bool, names: [String], clocking: [(clock: Bool, reset: Bool)],
                        childPorts: [[String]], childPacked: [[PackedPortLayout]]) -> (VerilogNaming, VerilogPrinter) {
        prepare(&m)
        let grouping = ProcessGrouping(&m)
        let naming = VerilogNaming(m)
        let unused = UnusedBits.find(m, inlined: grouping.inlined)
        let printer = VerilogPrinter(m: m, moduleName: name, names: naming, grouping: grouping, unused: unused,
                                     childNames: names, childPorts: childPorts, childPacked: childPacked, childClocking: clocking,
                                     hasResetPort: isTop ? m.hasState : m.takesReset)
        return (naming, printer)
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
