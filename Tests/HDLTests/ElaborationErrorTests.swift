import HDL
import Testing

// Each faulty module marks the line where the error must be reported with `// expected-error: <name>`.
// The tests check the diagnostic's kind, its file (this file's #fileID) and that exact line.

private let thisFile = #filePath
private let thisFileID = #fileID

private func expectDiagnostic(_ error: ElaborationError?, _ kind: Diagnostic.Kind, marker: String,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    guard let error else { return }
    let line = markedLine(marker, in: thisFile, sourceLocation: sourceLocation)
    let match = error.diagnostics.first { $0.kind == kind }
    #expect(match != nil, "no \(kind) diagnostic in:\n\(error)", sourceLocation: sourceLocation)
    #expect(match?.location == HDL.SourceLocation(fileID: thisFileID, line: line),
            "expected \(thisFileID):\(line), got:\n\(error)", sourceLocation: sourceLocation)
    #expect(error.description.contains("\(thisFileID):\(line)"), sourceLocation: sourceLocation)
}

struct NarrowingConnect: Module {
    func ports(_ p: Ports) -> (a: Unsigned, y: Unsigned) {
        (p.input("a", .uint(9)), p.output("y", .uint(8)))
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        io.y <== io.a  // expected-error: narrowing-connect
    }
}

struct UndrivenOutput: Module {
    func ports(_ p: Ports) -> (a: Unsigned, y: Unsigned, z: Unsigned) {
        (p.input("a", .uint(8)), p.output("y", .uint(8)),
         p.output("z", .uint(8)))  // expected-error: undriven-output
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        io.y <== io.a
    }
}

struct PartiallyDrivenWire: Module {
    func ports(_ p: Ports) -> (c: Bit, a: Unsigned, y: Unsigned) {
        (p.input("c", .bit), p.input("a", .uint(8)), p.output("y", .uint(8)))
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        let w = m.wire("w", .uint(8))  // expected-error: latch
        When(io.c) {
            w <== io.a
        }
        io.y <== w
    }
}

struct DoubleDriven: Module {
    func ports(_ p: Ports) -> (a: Unsigned, b: Unsigned, y: Unsigned) {
        (p.input("a", .uint(8)), p.input("b", .uint(8)), p.output("y", .uint(8)))
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        io.y <== io.a
        io.y <== io.b  // expected-error: double-driven
    }
}

struct DrivesItsInput: Module {
    func ports(_ p: Ports) -> (a: Unsigned, y: Unsigned) {
        (p.input("a", .uint(8)), p.output("y", .uint(8)))
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        io.a <== 3  // expected-error: drives-input
        io.y <== io.a
    }
}

struct LoopingWires: Module {
    func ports(_ p: Ports) -> (a: Unsigned, y: Unsigned) {
        (p.input("a", .uint(8)), p.output("y", .uint(8)))
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        let first = m.wire("first", .uint(8))
        let second = m.wire("second", .uint(8))
        first <== second &+ io.a  // expected-error: loop-first
        second <== first ^ 5  // expected: loop-second
        io.y <== second
    }
}

/// Passes `x` straight to `y`: a combinational path through the hierarchy.
struct PassThrough: Module {
    func ports(_ p: Ports) -> (x: Unsigned, y: Unsigned) {
        (p.input("x", .uint(4)), p.output("y", .uint(4)))
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        io.y <== ~io.x
    }
}

struct LoopThroughChild: Module {
    func ports(_ p: Ports) -> Unsigned { p.output("y", .uint(4)) }
    func body(_ m: Scope, _ io: IO) -> Block {
        let child = m.instance("child", PassThrough())  // expected: loop-child
        child.x <== child.y  // expected-error: loop-parent
        io <== child.y
    }
}

struct RegisterBreaksLoop: Module {
    func ports(_ p: Ports) -> Unsigned { p.output("y", .uint(4)) }
    func body(_ m: Scope, _ io: IO) -> Block {
        let child = m.instance("child", PassThrough())
        let r = m.reg("r", .uint(4), reset: 0)
        r <== child.y
        child.x <== r
        io <== r
    }
}

struct HoldsBadCounter: Module {
    func ports(_ p: Ports) -> Unsigned { p.output("y", .uint(4)) }
    func body(_ m: Scope, _ io: IO) -> Block {
        let c = m.instance("c", BadWidth(width: 0))  // expected-error: bad-parameter
        c <== true
        io <== 0
    }
}

struct BadWidth: Module {
    var width: Int
    func validate() throws { try require(width > 0, "width must be positive, got \(width)") }
    func ports(_ p: Ports) -> Bit { p.input("enable", .bit) }
    func body(_ m: Scope, _ io: IO) -> Block {}
}

struct BadSlice: Module {
    func ports(_ p: Ports) -> (a: Unsigned, y: Unsigned) {
        (p.input("a", .uint(8)), p.output("y", .uint(4)))
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        io.y <== io.a[11, 8]  // expected-error: bad-slice
    }
}

struct DuplicateCase: Module {
    func ports(_ p: Ports) -> (s: Unsigned, y: Unsigned) {
        (p.input("s", .uint(2)), p.output("y", .uint(4)))
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        io.y <== 0
        Switch(io.s) {
            Is(1) { io.y <== 1 }
            Is(2, 1) { io.y <== 2 }  // expected-error: duplicate-case
        }
    }
}

struct CaseOutOfRange: Module {
    func ports(_ p: Ports) -> (s: Unsigned, y: Unsigned) {
        (p.input("s", .uint(2)), p.output("y", .uint(4)))
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        io.y <== 0
        Switch(io.s) {
            Is(4) { io.y <== 1 }  // expected-error: case-range
        }
    }
}

struct ResetTooWide: Module {
    func ports(_ p: Ports) -> Unsigned { p.output("y", .uint(4)) }
    func body(_ m: Scope, _ io: IO) -> Block {
        let r = m.reg("r", .uint(4), reset: 16)  // expected-error: reset-range
        io <== r
    }
}

struct UndrivenInstanceInput: Module {
    func ports(_ p: Ports) -> Unsigned { p.output("y", .uint(4)) }
    func body(_ m: Scope, _ io: IO) -> Block {
        let child = m.instance("child", PassThrough())  // expected-error: child-input
        io <== child.y
    }
}

struct UnwrittenMemory: Module {
    func ports(_ p: Ports) -> (address: Unsigned, y: Unsigned) {
        (p.input("address", .uint(3)), p.output("y", .uint(8)))
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        let mem = m.memory("table", depth: 8, .uint(8))  // expected-error: unwritten-memory
        io.y <== mem.read(io.address)
    }
}

struct ForeignSignal: Module {
    func ports(_ p: Ports) -> Unsigned { p.output("y", .uint(4)) }
    func body(_ m: Scope, _ io: IO) -> Block {
        let child = m.instance("child", Leaky())
        io <== child
    }
}

/// Stashes a port of one module and uses it in another (a mistake the elaborator must catch).
nonisolated(unsafe) private var stashedSignal: Unsigned?

struct Stash: Module {
    func ports(_ p: Ports) -> Unsigned { p.input("x", .uint(4)) }
    func body(_ m: Scope, _ io: IO) -> Block {
        { () -> Void in stashedSignal = io }()
    }
}

struct Leaky: Module {
    func ports(_ p: Ports) -> Unsigned { p.output("y", .uint(4)) }
    func body(_ m: Scope, _ io: IO) -> Block {
        let s = m.instance("s", Stash())
        s <== 1
        io <== stashedSignal ?? 0  // expected-error: foreign-signal
    }
}

struct UnlabeledTuplePort: Module {
    func ports(_ p: Ports) -> (Bit, y: Bit) {
        (p.input(.bit),  // expected-error: unlabeled-port
         p.output("y", .bit))
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        io.y <== io.0
    }
}

struct WholeValuePort: Module {
    func ports(_ p: Ports) -> Unsigned {
        p.output(.uint(4))  // expected-error: whole-value-port
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        io <== 3
    }
}

/// A bundle whose closure declares a field it does not store.
struct ForgetfulBundle: Bundle {
    var kept: Bit

    static var shape: BundleShape<ForgetfulBundle> {
        BundleShape { f in
            _ = f.field(.uint(2))  // expected-error: unstored-field
            return ForgetfulBundle(kept: f.field(.bit))
        }
    }
}

struct UnstoredField: Module {
    func ports(_ p: Ports) -> (a: ForgetfulBundle, y: Bit) {
        (p.input("a", ForgetfulBundle.shape), p.output("y", .bit))
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        io.y <== io.a.kept
    }
}

/// A stream connected backwards: the input port is used as the receiving side.
struct BackwardsStream: Module {
    func ports(_ p: Ports) -> (input: Decoupled<Unsigned>, output: Decoupled<Unsigned>) {
        (p.input(.decoupled(.uint(8))), p.output(.decoupled(.uint(8))))
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        io.input <== io.output  // expected-error: decoupled-wrong-way
    }
}

/// A child's output stream used as a sink.
struct BackwardsChildStream: Module {
    func ports(_ p: Ports) -> (input: Decoupled<Unsigned>, output: Decoupled<Unsigned>) {
        (p.input(.decoupled(.uint(8))), p.output(.decoupled(.uint(8))))
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        let q = m.instance("q", Queue(width: 8, depth: 2))
        q.deq <== io.input  // expected-error: child-stream-wrong-way
        io.output <== q.enq
    }
}

/// A queue fed from the module's own output stream.
struct QueueOfAnOutput: Module {
    func ports(_ p: Ports) -> (input: Decoupled<Unsigned>, output: Decoupled<Unsigned>) {
        (p.input(.decoupled(.uint(8))), p.output(.decoupled(.uint(8))))
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        io.output <== m.queue(io.output, depth: 2)  // expected-error: queue-wrong-way
    }
}

@Suite(.serialized) struct ElaborationErrorTests {
    @Test func narrowingConnectIsAWidthMismatch() {
        let e = elaborationError(NarrowingConnect())
        expectDiagnostic(e, .widthMismatch, marker: "narrowing-connect")
        #expect(e?.description.contains(".truncated(to: 8)") == true)
    }

    @Test func undrivenOutputPointsAtItsDeclaration() {
        expectDiagnostic(elaborationError(UndrivenOutput()), .undriven, marker: "undriven-output")
    }

    @Test func conditionallyDrivenWireWouldBeALatch() {
        let e = elaborationError(PartiallyDrivenWire())
        expectDiagnostic(e, .undriven, marker: "latch")
        #expect(e?.description.contains("latch") == true)
    }

    @Test func secondUnconditionalConnectIsAMultipleDriver() {
        let e = elaborationError(DoubleDriven())
        expectDiagnostic(e, .multipleDrivers, marker: "double-driven")
        // The note points at the overridden connect (the line before).
        let line = markedLine("double-driven", in: thisFile)
        #expect(e?.diagnostics.first?.notes.first?.location?.line == line - 1)
    }

    @Test func drivingAnInputIsAMultipleDriver() {
        expectDiagnostic(elaborationError(DrivesItsInput()), .multipleDrivers, marker: "drives-input")
    }

    @Test func combinationalLoopReportsEveryStep() {
        let e = elaborationError(LoopingWires())
        expectDiagnostic(e, .combinationalLoop, marker: "loop-first")
        let loop = e?.diagnostics.first { $0.kind == .combinationalLoop }
        let lines = Set(loop?.notes.compactMap { $0.location?.line } ?? [])
        #expect(lines == [markedLine("loop-first", in: thisFile), markedLine("loop-second", in: thisFile)])
        #expect(loop?.message.contains("'first'") == true && loop?.message.contains("'second'") == true)
    }

    @Test func combinationalLoopThroughAChildInstance() {
        let e = elaborationError(LoopThroughChild())
        expectDiagnostic(e, .combinationalLoop, marker: "loop-parent")
        let loop = e?.diagnostics.first { $0.kind == .combinationalLoop }
        let lines = Set(loop?.notes.compactMap { $0.location?.line } ?? [])
        #expect(lines == [markedLine("loop-parent", in: thisFile), markedLine("loop-child", in: thisFile)])
        #expect(loop?.description.contains("inside instance 'child'") == true)
    }

    @Test func registerBreaksTheLoop() throws {
        _ = try elaborate(RegisterBreaksLoop())
    }

    @Test func invalidParameterNamesTheInstantiatingLine() {
        let e = elaborationError(HoldsBadCounter())
        expectDiagnostic(e, .invalidParameter, marker: "bad-parameter")
        #expect(e?.description.contains("width must be positive, got 0") == true)
        #expect(e?.description.contains("BadWidth(width: 0)") == true)
    }

    @Test func sliceOutOfRange() {
        expectDiagnostic(elaborationError(BadSlice()), .invalidExpression, marker: "bad-slice")
    }

    @Test func duplicateAndOutOfRangeCaseValues() {
        expectDiagnostic(elaborationError(DuplicateCase()), .invalidExpression, marker: "duplicate-case")
        expectDiagnostic(elaborationError(CaseOutOfRange()), .widthMismatch, marker: "case-range")
    }

    @Test func resetValueMustFit() {
        expectDiagnostic(elaborationError(ResetTooWide()), .widthMismatch, marker: "reset-range")
    }

    @Test func undrivenInstanceInputNamesThePort() {
        let e = elaborationError(UndrivenInstanceInput())
        expectDiagnostic(e, .undriven, marker: "child-input")
        #expect(e?.description.contains("input 'x' of instance 'child'") == true)
    }

    @Test func memoryNeverWritten() {
        expectDiagnostic(elaborationError(UnwrittenMemory()), .undriven, marker: "unwritten-memory")
    }

    @Test func signalOfAnotherModule() {
        expectDiagnostic(elaborationError(ForeignSignal()), .invalidExpression, marker: "foreign-signal")
    }

    @Test func unnamedPortInAnUnlabeledTupleElement() {
        let e = elaborationError(UnlabeledTuplePort())
        expectDiagnostic(e, .invalidExpression, marker: "unlabeled-port")
        #expect(e?.description.contains("this port has no name and no Swift label reaches it") == true)
    }

    @Test func unnamedPortThatIsTheWholeValue() {
        let e = elaborationError(WholeValuePort())
        expectDiagnostic(e, .invalidExpression, marker: "whole-value-port")
        #expect(e?.description.contains("it is the whole value, which has no label") == true)
    }

    @Test func unnamedBundleFieldTheStructDoesNotStore() {
        let e = elaborationError(UnstoredField())
        expectDiagnostic(e, .invalidExpression, marker: "unstored-field")
        #expect(e?.description.contains("this bundle field has no name") == true)
    }

    @Test func decoupledConnectedTheWrongWay() {
        let e = elaborationError(BackwardsStream())
        expectDiagnostic(e, .invalidExpression, marker: "decoupled-wrong-way")
        #expect(e?.description.contains("'input' is connected the wrong way: its valid and bits arrive from outside") == true)
    }

    @Test func childStreamConnectedTheWrongWay() {
        let e = elaborationError(BackwardsChildStream())
        expectDiagnostic(e, .invalidExpression, marker: "child-stream-wrong-way")
        #expect(e?.description.contains("'q_deq' is connected the wrong way") == true)
    }

    @Test func queueFedTheWrongWay() {
        let e = elaborationError(QueueOfAnOutput())
        expectDiagnostic(e, .invalidExpression, marker: "queue-wrong-way")
        #expect(e?.description.contains("'output' is connected the wrong way: this module drives its valid and bits") == true)
    }
}
