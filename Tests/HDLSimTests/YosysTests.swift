import Foundation
import HDL
import HDLSim
import Testing

@Suite struct YosysTests {
    @Test func genericCellsCountGatesAndFlipFlops() async throws {
        let cells = try await Yosys.genericCells(HandWritten.counter, in: try Workspace.directory("yosys-generic-counter"))
        #expect(cells.flipFlops == 8, "\(cells)")
        #expect(cells.total > cells.flipFlops, "\(cells)")
        #expect(cells.total == cells.byType.values.reduce(0, +))
    }

    /// The block's own iCE40 cells are reported apart from its I/O wrapper's, which adds one flip-flop per input
    /// bit, two per output bit and the reset register.
    @Test func ice40CountsTheBlockApartFromItsWrapper() async throws {
        let dir = try Workspace.directory("yosys-ice40-counter")
        let result = try await Yosys.ice40(HandWritten.counter, device: .hx8k, in: dir)
        #expect(result.block.flipFlops == 8, "\(result.block)")
        #expect(result.block.lut4 > 0 && result.block.carry > 0, "an 8-bit incrementer uses LUTs and a carry chain: \(result.block)")
        #expect(result.block.dsp == 0 && result.block.ram == 0)
        let wrapper = OutOfContextWrapper(wrapping: HandWritten.counter)
        #expect(result.wrapped.flipFlops == result.block.flipFlops + wrapper.inputBits + 2 * wrapper.outputBits + 1,
                "\(result.wrapped)")
        #expect(FileManager.default.fileExists(atPath: result.netlist.path))
    }

    @Test func multipliersMapToDSPsOnlyWhereThePartHasThem() async throws {
        let up5k = try await Yosys.ice40(HandWritten.mac, device: .up5k, in: try Workspace.directory("yosys-ice40-mac-up5k"))
        let hx8k = try await Yosys.ice40(HandWritten.mac, device: .hx8k, in: try Workspace.directory("yosys-ice40-mac-hx8k"))
        #expect(up5k.block.dsp == 1, "\(up5k.block)")
        #expect(hx8k.block.dsp == 0, "\(hx8k.block)")
        #expect(hx8k.block.lut4 > up5k.block.lut4, "without a DSP the multiplier is LUTs: \(hx8k.block) vs \(up5k.block)")
    }
}
