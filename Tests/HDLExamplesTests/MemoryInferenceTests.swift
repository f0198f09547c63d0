import Foundation
import HDL
import HDLExamples
import HDLSim
import Testing

/// Every memory of the examples is inferred by Yosys as a `$mem` cell (not flip-flops), and none of its bits is
/// left as a register array.
@Suite struct MemoryInferenceTests {
    static var designs: [(String, any Module, Int)] { [
        ("scratchpad", ScratchpadRAM(), 1), ("single-port-read-first", SinglePortRAM(writeFirst: false), 1),
        ("single-port-write-first", SinglePortRAM(writeFirst: true), 1), ("fifo", FIFO(width: 8, depth: 16), 1),
    ] }

    @Test(arguments: designs.map(\.0))
    func yosysInfersMem(_ name: String) async throws {
        let (_, module, memories) = try #require(Self.designs.first { $0.0 == name })
        let design = try emitVerilog(module)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mem-\(name)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let cells = try await Yosys.memoryCells(design, in: dir)
        #expect(cells["$mem_v2"] == memories, "\(cells)")
    }

    /// The memory and state-machine examples over a few shapes: clean in all three lint tools.
    static var lintMatrix: [(String, any Module)] { [
        ("scratchpad-12x4x4", ScratchpadRAM()), ("scratchpad-1x1x1", ScratchpadRAM(depth: 1, lanes: 1, laneWidth: 1)),
        ("scratchpad-4096x8x8", ScratchpadRAM(depth: 4096, lanes: 8, laneWidth: 8)),
        ("single-port-rf", SinglePortRAM()), ("single-port-wf-1", SinglePortRAM(depth: 1, width: 1, writeFirst: true)),
        ("uart-8-4", UARTTransmitter()), ("uart-5-1", UARTTransmitter(dataBits: 5, clocksPerBit: 1)),
        ("uart-9-65536", UARTTransmitter(dataBits: 9, clocksPerBit: 65536)),
    ] }

    @Test(arguments: lintMatrix.map(\.0))
    func lintClean(_ name: String) async throws {
        let module = try #require(Self.lintMatrix.first { $0.0 == name }?.1)
        try await Lint.check(module, name: "memory-fsm-\(name)")
    }
}
