import Foundation
import HDL
import HDLSim
import Testing

/// A combinational external adder that declares its path, so loops through it are found.
struct ExternalAdder: BlackBox {
    var moduleName: String { "ext_adder" }
    var combinationalPaths: [String: [String]] { ["s": ["a", "b"]] }
    func ports(_ p: Ports) -> (a: Unsigned, b: Unsigned, s: Unsigned) {
        (p.input("a", .uint(8)), p.input("b", .uint(8)), p.output("s", .uint(9)))
    }
}

/// The same external module declared by another Swift type: one module, not two.
struct ExternalAdderAgain: BlackBox {
    var moduleName: String { "ext_adder" }
    var combinationalPaths: [String: [String]] { ["s": ["b", "a"]] }
    func ports(_ p: Ports) -> (a: Unsigned, b: Unsigned, s: Unsigned) {
        (p.input("a", .uint(8)), p.input("b", .uint(8)), p.output("s", .uint(9)))
    }
}

/// `ext_adder` with a different port width: a conflicting declaration.
struct ExternalAdderWide: BlackBox {
    var moduleName: String { "ext_adder" }
    func ports(_ p: Ports) -> (a: Unsigned, b: Unsigned, s: Unsigned) {
        (p.input("a", .uint(16)), p.input("b", .uint(8)), p.output("s", .uint(9)))
    }
}

/// An external register (a vendor flip-flop, say) with a configurable clocking and no combinational path.
struct ExternalRegister: BlackBox {
    var clocking: BlackBoxClocking = .clockAndReset
    var moduleName: String { "ext_reg" }
    func ports(_ p: Ports) -> (d: Unsigned, q: Unsigned) { (p.input("d", .uint(4)), p.output("q", .uint(4))) }
}

/// A black box whose declaration breaks a rule; `problem` picks which.
struct BadBox: BlackBox {
    var name = "bad_box"
    var clocking: BlackBoxClocking = .none
    var portNames = ["x", "y"]
    var paths: [String: [String]] = [:]
    var moduleName: String { name }
    var combinationalPaths: [String: [String]] { paths }
    func ports(_ p: Ports) -> (x: Unsigned, y: Unsigned) { (p.input(portNames[0], .uint(2)), p.output(portNames[1], .uint(2))) }
}

struct UsesAdder: Module {
    func ports(_ p: Ports) -> (x: Unsigned, y: Unsigned, z: Unsigned) {
        (p.input("x", .uint(8)), p.input("y", .uint(8)), p.output("z", .uint(9)))
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        let add = m.instance("add", ExternalAdder())
        add.a <== io.x
        add.b <== io.y
        io.z <== add.s
    }
}

struct UsesAdderTwice: Module {
    func ports(_ p: Ports) -> (x: Unsigned, z: Unsigned) { (p.input("x", .uint(8)), p.output("z", .uint(9))) }
    func body(_ m: Scope, _ io: IO) -> Block {
        let first = m.instance("first", ExternalAdder())
        let second = m.instance("second", ExternalAdderAgain())
        first.a <== io.x
        first.b <== io.x
        second.a <== first.s.truncated(to: 8)
        second.b <== io.x
        io.z <== second.s
    }
}

struct UsesConflictingAdders: Module {
    func ports(_ p: Ports) -> (x: Unsigned, z: Unsigned) { (p.input("x", .uint(8)), p.output("z", .uint(9))) }
    func body(_ m: Scope, _ io: IO) -> Block {
        let first = m.instance("first", ExternalAdder())
        let second = m.instance("second", ExternalAdderWide())
        first.a <== io.x
        first.b <== io.x
        second.a <== io.x.extended(to: 16)
        second.b <== io.x
        io.z <== first.s ^ second.s
    }
}

struct UsesRegister: Module {
    var clocking: BlackBoxClocking
    func ports(_ p: Ports) -> (d: Unsigned, q: Unsigned) { (p.input("d", .uint(4)), p.output("q", .uint(4))) }
    func body(_ m: Scope, _ io: IO) -> Block {
        let r = m.instance("r", ExternalRegister(clocking: clocking))
        r.d <== io.d
        io.q <== r.q
    }
}

/// Feeds the register's output back into its input: fine, a black box has no path unless declared.
struct RegisterFeedback: Module {
    func ports(_ p: Ports) -> (q: Unsigned, Void) { (p.output("q", .uint(4)), ()) }
    func body(_ m: Scope, _ io: IO) -> Block {
        let r = m.instance("r", ExternalRegister())
        r.d <== r.q &+ 1
        io.q <== r.q
    }
}

/// Feeds the adder's sum back into its input through a declared combinational path: a loop.
struct AdderFeedback: Module {
    func ports(_ p: Ports) -> (x: Unsigned, z: Unsigned) { (p.input("x", .uint(8)), p.output("z", .uint(9))) }
    func body(_ m: Scope, _ io: IO) -> Block {
        let add = m.instance("add", ExternalAdder())
        add.a <== io.x
        add.b <== add.s.truncated(to: 8)
        io.z <== add.s
    }
}

struct UndrivenBlackBoxInput: Module {
    func ports(_ p: Ports) -> (x: Unsigned, z: Unsigned) { (p.input("x", .uint(8)), p.output("z", .uint(9))) }
    func body(_ m: Scope, _ io: IO) -> Block {
        let add = m.instance("add", ExternalAdder())
        add.a <== io.x
        io.z <== add.s
    }
}

struct TooWideForBlackBox: Module {
    func ports(_ p: Ports) -> (x: Unsigned, z: Unsigned) { (p.input("x", .uint(12)), p.output("z", .uint(9))) }
    func body(_ m: Scope, _ io: IO) -> Block {
        let add = m.instance("add", ExternalAdder())
        add.a <== io.x
        add.b <== io.x.truncated(to: 8)
        io.z <== add.s
    }
}

struct UsesBadBox: Module {
    var box: BadBox
    func ports(_ p: Ports) -> (x: Unsigned, y: Unsigned) { (p.input("x", .uint(2)), p.output("y", .uint(2))) }
    func body(_ m: Scope, _ io: IO) -> Block {
        let b = m.instance("b", box)
        b.x <== io.x
        io.y <== b.y
    }
}

/// A generated module whose name a black box already takes.
struct Inner: Module {
    func ports(_ p: Ports) -> (a: Unsigned, y: Unsigned) { (p.input("a", .uint(2)), p.output("y", .uint(2))) }
    func body(_ m: Scope, _ io: IO) -> Block { io.y <== ~io.a }
}

struct InnerAndBlackBoxInner: Module {
    func ports(_ p: Ports) -> (x: Unsigned, y: Unsigned) { (p.input("x", .uint(2)), p.output("y", .uint(2))) }
    func body(_ m: Scope, _ io: IO) -> Block {
        let generated = m.instance("generated", Inner())
        let external = m.instance("external", BadBox(name: "Inner"))
        generated.a <== io.x
        external.x <== generated.y
        io.y <== external.y
    }
}

@Suite struct BlackBoxTests {
    @Test func instanceNamesTheExternalModuleAndNothingIsEmittedForIt() throws {
        let design = try emitVerilog(UsesAdder())
        #expect(design.files.map(\.name) == ["UsesAdder.v"])
        #expect(design.blackBoxes == ["ext_adder"])
        #expect(!design.hasClock)
        let text = design.files[0].contents
        #expect(text.contains("ext_adder add ("), "\(text)")
        #expect(text.contains(".a(x)") && text.contains(".b(y)") && text.contains(".s(add_s)"), "\(text)")
        #expect(design.manifest.contains("\"black_boxes\": [\"ext_adder\"]"), "\(design.manifest)")
        // A design without black boxes keeps its manifest as before: no key.
        #expect(!(try emitVerilog(Inner())).manifest.contains("black_boxes"))
    }

    @Test func declarationsOfOneExternalModuleAreOneModule() throws {
        let design = try emitVerilog(UsesAdderTwice())
        #expect(design.blackBoxes == ["ext_adder"])
        let text = design.files[0].contents
        #expect(text.contains("ext_adder first (") && text.contains("ext_adder second ("), "\(text)")
    }

    @Test func conflictingDeclarationsOfOneNameAreAnError() {
        let error = #expect(throws: ElaborationError.self) { try emitVerilog(UsesConflictingAdders()) }
        #expect(error?.description.contains("declared again with different ports") == true, "\(String(describing: error))")
    }

    @Test(arguments: [(BlackBoxClocking.none, false, false), (.clock, true, false), (.clockAndReset, true, true)])
    func clockingConnectsTheParentsClockAndReset(_ clocking: BlackBoxClocking, _ clock: Bool, _ reset: Bool) throws {
        let design = try emitVerilog(UsesRegister(clocking: clocking))
        let text = design.files[0].contents
        #expect(design.hasClock == clock, "a clocked black box makes its parent clocked")
        #expect(text.contains(".clk(clk)") == clock, "\(text)")
        #expect(text.contains(".rst(rst)") == reset, "\(text)")
        // The parent's reset is unused (and collected in the `_unused` sink) when the black box does not take it.
        #expect(text.contains("_unused = &{1'b0, rst") == (clock && !reset), "\(text)")
    }

    @Test func aBlackBoxHasNoCombinationalPathUnlessDeclared() throws {
        _ = try emitVerilog(RegisterFeedback())
        let error = #expect(throws: ElaborationError.self) { try emitVerilog(AdderFeedback()) }
        #expect(error?.diagnostics.contains { $0.kind == .combinationalLoop } == true, "\(String(describing: error))")
        #expect(error?.description.contains("inside instance 'add'") == true, "\(String(describing: error))")
    }

    @Test func elaborationChecksApplyToBlackBoxPorts() {
        let undriven = #expect(throws: ElaborationError.self) { try emitVerilog(UndrivenBlackBoxInput()) }
        #expect(undriven?.diagnostics.first?.kind == .undriven, "\(String(describing: undriven))")
        #expect(undriven?.description.contains("input 'b' of instance 'add'") == true, "\(String(describing: undriven))")
        let wide = #expect(throws: ElaborationError.self) { try emitVerilog(TooWideForBlackBox()) }
        #expect(wide?.diagnostics.first?.kind == .widthMismatch, "\(String(describing: wide))")
    }

    @Test(arguments: [
        (BadBox(name: "bad-box"), "is not a legal Verilog identifier"),
        (BadBox(name: "module"), "is not a legal Verilog identifier"),
        (BadBox(portNames: ["x", "y z"]), "is not a legal Verilog identifier"),
        (BadBox(portNames: ["x", "x"]), "declares port 'x' twice"),
        (BadBox(clocking: .clock, portNames: ["clk", "y"]), "clashes with the implicit 'clk'"),
        (BadBox(clocking: .clockAndReset, portNames: ["rst", "y"]), "clashes with the implicit 'rst'"),
        (BadBox(paths: ["q": ["x"]]), "names 'q', which is not one of its output ports"),
        (BadBox(paths: ["y": ["y"]]), "names 'y', which is not one of its input ports"),
    ])
    func invalidDeclarationsAreErrors(_ box: BadBox, _ message: String) {
        let error = #expect(throws: ElaborationError.self) { try emitVerilog(UsesBadBox(box: box)) }
        #expect(error?.diagnostics.first?.kind == .invalidParameter, "\(String(describing: error))")
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
    }

    @Test func aGeneratedModuleYieldsTheNameToABlackBox() throws {
        let design = try emitVerilog(InnerAndBlackBoxInner())
        #expect(design.blackBoxes == ["Inner"])
        #expect(design.files.map(\.name) == ["Inner_1.v", "InnerAndBlackBoxInner.v"])
        let text = design.files[1].contents
        #expect(text.contains("Inner_1 generated (") && text.contains("Inner external ("), "\(text)")
    }

    @Test func theTopCannotShareABlackBoxName() {
        struct Top: Module {
            var moduleName: String { "bad_box" }
            func ports(_ p: Ports) -> (x: Unsigned, y: Unsigned) { (p.input("x", .uint(2)), p.output("y", .uint(2))) }
            func body(_ m: Scope, _ io: IO) -> Block {
                let b = m.instance("b", BadBox())
                b.x <== io.x
                io.y <== b.y
            }
        }
        let error = #expect(throws: ElaborationError.self) { try emitVerilog(Top()) }
        #expect(error?.description.contains("the top module and a black box are both named 'bad_box'") == true)
    }

    /// With its definition supplied, the instantiating module passes all three lint tools.
    @Test func linkedWithItsDefinitionTheDesignIsLintClean() async throws {
        let adder = VerilogDesign(
            top: "ext_adder",
            files: [VerilogFile(name: "ext_adder.v", contents: """
                module ext_adder (input wire [7:0] a, input wire [7:0] b, output wire [8:0] s);
                  assign s = {1'b0, a} + {1'b0, b};
                endmodule

                """)],
            ports: [], parameters: [])
        let linked = try emitVerilog(UsesAdderTwice()).linked(with: [adder])
        #expect(linked.blackBoxes.isEmpty)
        try await Lint.check(linked, in: try Workspace.directory("blackbox-lint"))
    }
}
