import Foundation
import HDL
import HDLSim
import Testing

@Suite struct OutOfContextWrapperTests {
    @Test func fivePinsWhateverTheBlocksPorts() throws {
        let wrapped = try OutOfContextWrapper.wrap(HandWritten.wide)
        #expect(wrapped.top == "OutOfContextWrapper")
        #expect(wrapped.ports.map(\.name) == ["clk", "rst", "serial_in", "shift", "serial_out"])
        #expect(wrapped.files.map(\.name) == ["HandWide.v", "OutOfContextWrapper.v"])
        #expect(wrapped.blackBoxes.isEmpty)
        let wrapper = OutOfContextWrapper(wrapping: HandWritten.wide)
        #expect(wrapper.inputBits == 108 && wrapper.outputBits == 208)
    }

    @Test func theBlocksResetComesFromARegisterAndItsClockFromThePin() throws {
        let text = try emitVerilog(OutOfContextWrapper(wrapping: HandWritten.counter)).files[0].contents
        #expect(text.contains(".clk(clk)") && text.contains(".rst(rst_q)"), "\(text)")
        #expect(text.contains("rst_q <= rst;"), "\(text)")
        // A combinational block gets no clock.
        let comb = try emitVerilog(OutOfContextWrapper(wrapping: HandWritten.adder)).files[0].contents
        #expect(!comb.contains(".clk(") && !comb.contains(".rst("), "\(comb)")
    }

    @Test func wrappedDesignsAreLintClean() async throws {
        try await Lint.check(try OutOfContextWrapper.wrap(HandWritten.counter), in: try Workspace.directory("ooc-lint-counter"))
        try await Lint.check(try OutOfContextWrapper.wrap(HandWritten.adder), in: try Workspace.directory("ooc-lint-adder"))
    }

    @Test func aBlockWithoutOutputsCannotBeWrapped() {
        let sink = HandWritten.design("HandSink", "module HandSink (input wire a);\nendmodule", [HandWritten.input("a", 1)])
        #expect(throws: ElaborationError.self) { try OutOfContextWrapper.wrap(sink) }
    }

    /// Shifts two operands into the wrapped adder and its two results out: every input bit reaches the block and
    /// every output bit reaches `serial_out`, in the documented order.
    @Test func operandsShiftInAndResultsShiftOut() async throws {
        let wrapped = try OutOfContextWrapper.wrap(HandWritten.adder)
        let cases: [(a: UInt64, b: UInt64)] = [(0xBEEF, 0x1234), (0xFFFF, 0x0001), (0x0000, 0x8001)]
        try await Simulation.run(wrapped, on: .verilator, in: try Workspace.directory("ooc-adder")) { sim in
            sim.reset()
            var samples: [[Simulation.Sample]] = []
            for (a, b) in cases {
                // a is the first input port: its bits go in first, most significant first.
                let bits = (0..<16).reversed().map { a >> UInt64($0) & 1 } + (0..<16).reversed().map { b >> UInt64($0) & 1 }
                sim.poke("shift", 1)
                for bit in bits {
                    sim.poke("serial_in", Int(bit))
                    sim.step()
                }
                sim.poke("shift", 0)
                sim.step(2)  // capture, then load the output shift register
                sim.poke("shift", 1)
                var out: [Simulation.Sample] = []
                for _ in 0..<(17 + 16) {
                    out.append(sim.sample("serial_out"))
                    sim.step()
                }
                samples.append(out)
            }
            try await sim.flush()
            for ((a, b), out) in zip(cases, samples) {
                let word = try out.reduce(UInt64(0)) { try $0 << 1 | sim.value(of: $1) }
                #expect(word >> 16 == a + b, "sum of \(a) and \(b)")
                #expect(word & 0xFFFF == (a &- b) & 0xFFFF, "difference of \(a) and \(b)")
            }
        }
    }
}
