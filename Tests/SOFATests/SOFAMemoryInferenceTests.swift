import Foundation
import HDL
import HDLSim
import SOFA
import Testing

/// The SOFA blocks' tables and stores are memories Yosys infers as `$mem`: the exp2 unit's two ROMs, and each
/// score-array row's store of its q (LZ codes or q values).
@Suite struct SOFAMemoryInferenceTests {
    static func memories(_ design: VerilogDesign, _ name: String) async throws -> Int {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sofa-mem-\(name)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        return try await Yosys.memoryCells(design, in: dir)["$mem_v2"]
    }

    @Test func exp2TablesAreROMs() async throws {
        #expect(try await Self.memories(try emitVerilog(Exp2Unit()), "exp2") == 2)
        #expect(try await Self.memories(try emitVerilog(Exp2Unit(pipelineStages: 2)), "exp2-p2") == 2)
        #expect(try await Self.memories(try emitVerilog(Exp2Unit(tableBits: 0)), "exp2-t0") == 0)  // one segment: constants
    }

    @Test func scoreArrayRowsStoreTheirQueryInAMemory() async throws {
        let shape = ScoreArrayShape(rows: 3, lanes: 4, headDim: 16)
        #expect(try await Self.memories(try emitVerilog(DLZSPredictorArray(shape: shape)), "dlzs") == 3)
        #expect(try await Self.memories(try emitVerilog(MACArray(shape: shape)), "mac") == 3)
    }
}
