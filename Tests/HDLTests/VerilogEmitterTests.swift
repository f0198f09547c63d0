import Foundation
import HDL
import HDLExamples
import Testing

/// Uses a Verilog keyword, a duplicate name and a name with illegal characters.
struct AwkwardNames: Module {
    func ports(_ p: Ports) -> (input: Unsigned, output: Unsigned) {
        (p.input("input", .uint(4)), p.output("output", .uint(4)))
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        let first = m.named("x", io.input &+ 1)
        let second = m.named("x", first ^ 3)
        let third = m.named("a b-c", second)
        io.output <== third
    }
}

/// Two values that build identical hardware: `label` does not change the circuit.
struct Labelled: Module {
    var label: String
    func ports(_ p: Ports) -> (x: Unsigned, y: Unsigned) { (p.input("x", .uint(4)), p.output("y", .uint(4))) }
    func body(_ m: Scope, _ io: IO) -> Block { io.y <== ~io.x }
}

struct TwoLabels: Module {
    func ports(_ p: Ports) -> (x: Unsigned, y: Unsigned) { (p.input("x", .uint(4)), p.output("y", .uint(4))) }
    func body(_ m: Scope, _ io: IO) -> Block {
        let a = m.instance("a", Labelled(label: "first"))
        let b = m.instance("b", Labelled(label: "second"))
        a.x <== io.x
        b.x <== a.y
        io.y <== b.y
    }
}

/// Reads only some bits of a product: the rest must go to the `_unused` sink, not trigger lint warnings.
struct PartialReader: Module {
    func ports(_ p: Ports) -> (a: Unsigned, b: Unsigned, y: Unsigned) {
        (p.input("a", .uint(8)), p.input("b", .uint(8)), p.output("y", .uint(4)))
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        io.y <== (io.a * io.b)[11, 8]
    }
}

@Suite struct VerilogEmitterTests {
    @Test func emissionIsDeterministic() throws {
        let modules: [any Module] = [CounterPair(), FIFO(), SystolicArray(rows: 3, columns: 2), LeadingOneDetector(width: 32)]
        for module in modules {
            let first = try emitVerilog(module)
            let second = try emitVerilog(module)
            #expect(first == second)
            #expect(first.manifest == second.manifest)
        }
    }

    @Test func oneModulePerDistinctParameterization() throws {
        let design = try emitVerilog(CounterPair(narrowWidth: 4, wideWidth: 8))
        #expect(design.files.map(\.name) == ["Counter_width4.v", "Counter_width8.v", "CounterPair.v"])
        let top = design.files.last!.contents
        #expect(top.components(separatedBy: "Counter_width4 ").count - 1 == 2)
        #expect(top.components(separatedBy: "Counter_width8 ").count - 1 == 1)
        #expect(design.filelist == "Counter_width4.v\nCounter_width8.v\nCounterPair.v\n")
    }

    @Test func structurallyIdenticalModulesAreMerged() throws {
        let design = try emitVerilog(TwoLabels())
        #expect(design.files.map(\.name) == ["Labelled.v", "TwoLabels.v"])
    }

    @Test func namesAreLegalAndUnique() throws {
        let design = try emitVerilog(AwkwardNames())
        let text = design.files[0].contents
        #expect(design.ports.map(\.name) == ["input_", "output_"])
        #expect(text.contains("wire [3:0] x;"))
        #expect(text.contains("wire [3:0] x_1;"))
        #expect(text.contains("wire [3:0] a_b_c;"))
    }

    @Test func sourceLocationsAreInTheVerilog() throws {
        let text = try emitVerilog(Counter()).files[0].contents
        #expect(text.contains("// @[HDLExamples/Counter.swift:"))
        #expect(!text.contains("/work/"))  // no absolute paths: output does not depend on the checkout
    }

    @Test func unreadBitsGoToTheUnusedSink() throws {
        let text = try emitVerilog(PartialReader()).files[0].contents
        #expect(text.contains("wire _unused = &{1'b0, "))
        #expect(text.contains("[15:12]") && text.contains("[7:0]"))
    }

    @Test func manifestDescribesTopAndPorts() throws {
        let design = try emitVerilog(MultiplyAccumulate(dataWidth: 8, accumulatorWidth: 20))
        let json = try JSONSerialization.jsonObject(with: Data(design.manifest.utf8)) as! [String: Any]
        #expect(json["top"] as? String == "MultiplyAccumulate")
        let params = json["parameters"] as! [String: Any]
        #expect(params["dataWidth"] as? Int == 8 && params["accumulatorWidth"] as? Int == 20)
        let ports = json["ports"] as! [[String: Any]]
        #expect(ports.map { $0["name"] as! String } == ["clk", "rst", "a", "b", "enable", "clear", "acc"])
        let acc = ports.last!
        #expect(acc["direction"] as? String == "output" && acc["width"] as? Int == 20 && acc["signed"] as? Bool == true)
    }
}
