import HDL

/// Wraps a block so it can be placed and routed on an FPGA whose pins are far fewer than the block's ports
/// ("out of context" timing): five pins, `clk`, `rst`, `serial_in`, `shift` and `serial_out`.
///
/// - Every block input is a bit of the input shift register `shift_in`, which shifts `serial_in` in while
///   `shift` is 1 (the first input port takes the most significant bits, the bits shifted in first).
/// - Every block output is captured every cycle in `captured` (a plain register straight from the output, so the
///   block's output paths end at a flip-flop as they would in context), and `captured` is loaded into the output
///   shift register `shift_out` while `shift` is 0 and shifted out on `serial_out` while it is 1.
/// - The block's `rst` comes from the register `rst_q`, so reset fan-out is timed as a register-to-register path.
///
/// Every output bit reaches a pin and every input bit comes from one, so synthesis cannot remove any of the
/// block's logic. Cost: one flip-flop per input bit and two per output bit (plus a 2-input mux per output bit),
/// which out-of-context figures include in the device's utilization but not in the block's own cell counts.
public struct OutOfContextWrapper: Module {
    public var dut: DesignBlackBox

    public init(wrapping design: VerilogDesign) {
        dut = DesignBlackBox(design)
    }

    public var moduleName: String { "OutOfContextWrapper" }

    /// Where each block port is connected: the reset register, the input shift register or the capture register.
    var resetPort: Int? { dut.clocking.hasClock ? dut.dataPorts.firstIndex { $0.name == "rst" && $0.direction == .input } : nil }
    var inputPorts: [Int] { dut.dataPorts.indices.filter { dut.dataPorts[$0].direction == .input && $0 != resetPort } }
    var outputPorts: [Int] { dut.dataPorts.indices.filter { dut.dataPorts[$0].direction == .output } }
    public var inputBits: Int { inputPorts.reduce(0) { $0 + dut.dataPorts[$1].width } }
    public var outputBits: Int { outputPorts.reduce(0) { $0 + dut.dataPorts[$1].width } }

    public func validate() throws {
        try require(outputBits > 0, "\(dut.moduleName) has no outputs: nothing to time")
    }

    public func ports(_ p: Ports) -> (serialIn: Bit, shift: Bit, serialOut: Bit) {
        (p.input("serial_in", .bit), p.input("shift", .bit), p.output("serial_out", .bit))
    }

    public func body(_ m: Scope, _ io: (serialIn: Bit, shift: Bit, serialOut: Bit)) -> Block {
        let block = m.instance("dut", dut)
        if let r = resetPort {
            block[r] <== concat(m.regNext(m.reset, name: "rst_q"))
        }
        let inWidth = inputBits
        if inWidth > 0 {
            let shiftIn = m.reg("shift_in", .uint(inWidth), enable: io.shift)
            shiftIn <== (inWidth == 1 ? concat(io.serialIn) : concat(shiftIn[inWidth - 2, 0], io.serialIn))
            let widths = inputPorts.map { dut.dataPorts[$0].width }
            for (k, port) in inputPorts.enumerated() {
                let hi = inWidth - 1 - widths[..<k].reduce(0, +)
                block[port] <== shiftIn[hi, hi - widths[k] + 1]
            }
        }
        let outWidth = outputBits
        let captured = m.regNext(concat(outputPorts.map { block[$0] as any HardwareValue }), name: "captured")
        let shiftOut = m.reg("shift_out", .uint(outWidth))
        let shifted = outWidth == 1 ? Unsigned(0, width: 1) : concat(shiftOut[outWidth - 2, 0], false as Bit)
        shiftOut <== mux(io.shift, shifted, captured)
        io.serialOut <== shiftOut[outWidth - 1]
    }

    /// The wrapper around `design`, linked with the design's own files: what synthesis reads, top
    /// `OutOfContextWrapper`.
    public static func wrap(_ design: VerilogDesign) throws -> VerilogDesign {
        try emitVerilog(OutOfContextWrapper(wrapping: design)).linked(with: [design])
    }
}
