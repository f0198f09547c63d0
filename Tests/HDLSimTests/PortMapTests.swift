import HDL
import HDLSim
import Testing

/// `PortMap` (in HDL): which emitted port each IO leaf is.
@Suite struct PortMapTests {
    @Test func leavesMapToTheEmittedPortsInOrder() throws {
        let design = try emitVerilog(Accumulator())
        let map = try PortMap(Accumulator(), design: design)
        #expect(map.implicitPorts.map(\.name) == ["clk", "rst"])
        #expect(map.ports.map(\.name) == ["a", "b", "enable", "clear", "lanes_in_0", "lanes_in_1", "lanes_in_2", "acc",
                                          "lanes_out_0", "lanes_out_1", "lanes_out_2", "any_lane"])
        #expect(map.port(of: map.io.acc) == PortDescriptor(name: "acc", direction: .output, width: 20, signed: true))
        #expect(map.index(of: map.io.lanesIn[1]) == 5)
        #expect(map.name(of: map.io.lanesOut[2]) == "lanes_out_2")
        // Expressions and another map's leaves are not ports of this map.
        #expect(map.port(of: map.io.a &+ 1) == nil)
        let other = try PortMap(Accumulator(), design: design)
        #expect(map.port(of: other.io.a) == nil)
    }

    @Test func bundleFieldsAreLeaves() throws {
        let pipe = ValidPipe(stages: 2, keyWidth: 6, tagWidth: 2)
        let map = try PortMap(pipe, design: try emitVerilog(pipe))
        #expect(map.port(of: map.io.input.key) == PortDescriptor(name: "in_key", direction: .input, width: 6, signed: true))
        #expect(map.port(of: map.io.output.tag) == PortDescriptor(name: "out_tag", direction: .output, width: 2, signed: false))
    }

    @Test func aDesignOfAnotherModuleIsRefused() throws {
        let wrong = try emitVerilog(ValidPipe())
        #expect(throws: PortMapError.self) { try PortMap(Accumulator(), design: wrong) }
        do {
            _ = try PortMap(ValidPipe(keyWidth: 11), design: wrong)
            Issue.record("a design with other widths was accepted")
        } catch let e as PortMapError {
            #expect(e.description.contains("'in_key' (input signed 11-bit), does not match the design's 'in_key' (input signed 10-bit)"), "\(e)")
        }
    }
}
