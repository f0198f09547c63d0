@testable import HDL
import Testing

/// Three instances of `Labelled`: a user wire takes the name the first one's output port would get, and the
/// third instance is named by a Verilog keyword.
private struct PortNameClash: Module {
    func ports(_ p: Ports) -> (x: Unsigned, y: Unsigned) { (p.input("x", .uint(4)), p.output("y", .uint(4))) }
    func body(_ m: Scope, _ io: IO) -> Block {
        let clash = m.named("u_y", io.x ^ 5)
        let u = m.instance("u", Labelled(label: "u"))
        let v = m.instance("v", Labelled(label: "v"))
        let keyword = m.instance("reg", Labelled(label: "reg"))
        u.x <== clash
        v.x <== u.y
        keyword.x <== v.y
        io.y <== keyword.y
    }
}

/// Instance ports store only their port's name; their whole name is made from the instance's (`ModuleIR.name(of:)`),
/// and the Verilog names made from it stay unique and legal.
@Suite struct InstancePortNamingTests {
    @Test func instancePortsAreNamedAfterTheirInstance() throws {
        let top = try elaborate(PortNameClash()).modules.last!
        let ports = top.instances.flatMap(\.portSignals)
        #expect(ports.allSatisfy { top.signal($0).isNamedAfterInstance })
        #expect(ports.map { top.signal($0).storedName } == ["x", "y", "x", "y", "x", "y"])
        #expect(ports.map { top.name(of: $0) } == ["u_x", "u_y", "v_x", "v_y", "reg_x", "reg_y"])
        #expect(top.signals.filter { !$0.isNamedAfterInstance }.map(\.storedName).contains("u_y"))
    }

    @Test func derivedNamesStayUniqueAndLegal() throws {
        let text = try emitVerilog(PortNameClash()).files.first { $0.name == "PortNameClash.v" }!.contents
        // The user's wire keeps `u_y`; the port that wanted it takes a suffix; the others keep their names,
        // made from the instance names the IR has (`reg`, not the legalized `reg_`).
        #expect(text.contains("assign u_y = x ^ 4'd5;"))
        #expect(text.contains(".y(u_y_1)"))
        #expect(text.contains(".y(v_y)"))
        #expect(text.contains("Labelled reg_ ("))
        #expect(text.contains(".y(reg_y)"))
    }
}
