import HDL
import Testing

// Elaboration errors of the library layer (state machines, memories), each reported at the user's line
// (marked `// expected-error: <name>`).

private let thisFile = #filePath
private let thisFileID = #fileID

private func expectDiagnostic(_ error: ElaborationError?, _ kind: Diagnostic.Kind, marker: String, mentions: String,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    guard let error else { return }
    let line = markedLine(marker, in: thisFile, sourceLocation: sourceLocation)
    let match = error.diagnostics.first { $0.kind == kind }
    #expect(match != nil, "no \(kind) diagnostic in:\n\(error)", sourceLocation: sourceLocation)
    #expect(match?.location == HDL.SourceLocation(fileID: thisFileID, line: line),
            "expected \(thisFileID):\(line), got:\n\(error)", sourceLocation: sourceLocation)
    #expect(error.description.contains(mentions), "\(error)", sourceLocation: sourceLocation)
}

private enum Light: HardwareEnum { case red, green, yellow }

/// `yellow` is never entered.
private struct MissingTransition: Module {
    func ports(_ p: Ports) -> (go: Bit, stop: Bit, y: Bit) { (p.input("go", .bit), p.input("stop", .bit), p.output("y", .bit)) }
    func body(_ m: Scope, _ io: IO) -> Block {
        let fsm = m.fsm("light", initial: Light.red)  // expected-error: fsm-unreachable
        Switch(fsm.state) {
            Is(Light.red) { When(io.go) { fsm.goto(.green) } }
            Is(Light.green) { When(io.stop) { fsm.goto(.red) } }
            Default {}
        }
        io.y <== fsm.isIn(.green)
    }
}

private struct ConstantAddressOutOfRange: Module {
    func ports(_ p: Ports) -> (d: Unsigned, y: Unsigned) { (p.input("d", .uint(8)), p.output("y", .uint(8))) }
    func body(_ m: Scope, _ io: IO) -> Block {
        let ram = m.memory("ram", depth: 6, .uint(8))
        ram.write(Unsigned(6, width: 3), io.d)  // expected-error: address-out-of-range
        io.y <== ram.read(Unsigned(0, width: 3))
    }
}

private struct WrongMaskWidth: Module {
    func ports(_ p: Ports) -> (a: Unsigned, d: Unsigned, mask: Unsigned, y: Unsigned) {
        (p.input("a", .uint(2)), p.input("d", .uint(8)), p.input("mask", .uint(3)), p.output("y", .uint(8)))
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        let ram = m.memory("ram", depth: 4, .uint(8), maskLanes: 2)
        ram.write(io.a, io.d, mask: io.mask)  // expected-error: mask-width
        io.y <== ram.read(io.a)
    }
}

private struct WrongInitialCount: Module {
    func ports(_ p: Ports) -> (a: Unsigned, y: Unsigned) { (p.input("a", .uint(2)), p.output("y", .uint(8))) }
    func body(_ m: Scope, _ io: IO) -> Block {
        let rom = m.memory("table", depth: 4, .uint(8), initial: [1, 2, 3])  // expected-error: initial-count
        io.y <== rom.read(io.a, readUnderWrite: .combinational)
    }
}

private struct UnwrittenRAM: Module {
    func ports(_ p: Ports) -> (a: Unsigned, y: Unsigned) { (p.input("a", .uint(2)), p.output("y", .uint(8))) }
    func body(_ m: Scope, _ io: IO) -> Block {
        let ram = m.memory("scratch", depth: 4, .uint(8))  // expected-error: never-written
        io.y <== ram.read(io.a)
    }
}

private struct EnabledCombinationalRead: Module {
    func ports(_ p: Ports) -> (a: Unsigned, en: Bit, y: Unsigned) { (p.input("a", .uint(2)), p.input("en", .bit), p.output("y", .uint(8))) }
    func body(_ m: Scope, _ io: IO) -> Block {
        let rom = m.rom("table", .uint(8), contents: [1, 2, 3, 4])
        io.y <== rom.read(io.a, enable: io.en, readUnderWrite: .combinational)  // expected-error: combinational-enable
    }
}

@Suite struct LibraryElaborationErrorTests {
    @Test func stateNoTransitionEnters() {
        expectDiagnostic(elaborationError(MissingTransition()), .invalidExpression, marker: "fsm-unreachable",
                         mentions: "state .yellow is never entered")
    }

    @Test func memoryConstantAddressOutOfRange() {
        expectDiagnostic(elaborationError(ConstantAddressOutOfRange()), .invalidExpression, marker: "address-out-of-range",
                         mentions: "address 6 is out of range for memory 'ram' (depth 6")
    }

    @Test func memoryMaskOfTheWrongWidth() {
        expectDiagnostic(elaborationError(WrongMaskWidth()), .widthMismatch, marker: "mask-width", mentions: "2 bits (one per lane)")
    }

    @Test func memoryInitialContentsOfTheWrongLength() {
        expectDiagnostic(elaborationError(WrongInitialCount()), .invalidParameter, marker: "initial-count",
                         mentions: "has 4 words but 3 initial values")
    }

    @Test func memoryNeitherWrittenNorInitialized() {
        expectDiagnostic(elaborationError(UnwrittenRAM()), .undriven, marker: "never-written",
                         mentions: "never written and has no initial contents")
    }

    @Test func combinationalReadWithAnEnable() {
        expectDiagnostic(elaborationError(EnabledCombinationalRead()), .invalidExpression, marker: "combinational-enable",
                         mentions: "takes no enable")
    }
}
