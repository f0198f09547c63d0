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

extension SOFAMemoryInferenceTests {
    /// The attention core's buffers are memories the synthesis flows keep as macros, with the bits its design gives
    /// them (docs/ATTENTION-CORE-DESIGN.md section 2): Q (T_max x 8 d_max), K and V (N_max x 8 d_max each), a kept-key
    /// bitmap per row and bank (N_max x 1), and a queue per row (queue-depth entries of k, v and the last-key mark).
    @Test func attentionCoreBuffersAreMemoryMacros() async throws {
        let core = AttentionCore(rows: 2, headDim: 4, maxKeys: 32, maxQueries: 16, predictorLanes: 4, macLanes: 2, winners: 2,
                                 sadsWidth: 4, queueDepth: 16, dividers: 2)
        let dir = try Workspace.directory("sofa-mem-attention-core")
        let cells = try await Yosys.genericCells(try emitVerilog(core), in: dir)
        let word = 8 * core.headDim
        // Shape (words x bits) -> how many; T_max differs from N_max here, so every kind has a shape of its own.
        var expected: [String: Int] = [
            "\(core.maxQueries) x \(word)": 1, "\(core.maxKeys) x \(word)": 2, "\(core.maxKeys) x 1": 2 * core.rows,
            "\(core.queueDepth) x \(2 * word + 1)": core.rows,
        ]
        for m in cells.memories { expected["\(m.depth) x \(m.width)", default: 0] -= m.instances }
        #expect(expected.values.allSatisfy { $0 == 0 }, "memories missing (> 0) or extra (< 0): \(expected); kept: \(cells.memories)")
        #expect(cells.memoryBits == (core.maxQueries + 2 * core.maxKeys) * word + 2 * core.rows * core.maxKeys
                + core.rows * core.queueDepth * (2 * word + 1))
    }
}
