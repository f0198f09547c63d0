import Foundation
import HDL
import HDLSim
import SOFA
import Testing

/// The predictor's reason to exist: it is add-only and much smaller than the exact array of the same shape.
@Suite struct PredictorAreaTests {
    static let shape = ScoreArrayShape(rows: 4, lanes: 8, headDim: 32, pipeline: 1)

    @Test func predictorHasNoMultiplierAndTheMACArrayDoes() async throws {
        for rounding in LZRounding.allCases {
            let predictor = try emitVerilog(DLZSPredictorArray(shape: Self.shape, rounding: rounding))
            let cells = try await Yosys.wordLevelCells(predictor, in: try Workspace.directory("area-dlzs-words-\(rounding)"))
            #expect(cells["$mul"] == 0 && cells["$macc"] == 0, "\(cells)")
            #expect(cells["$shl"] + cells["$sshl"] > 0, "the lanes shift: \(cells)")
        }
        // Positive control: the same query on the exact array finds its multipliers.
        let mac = try emitVerilog(MACArray(shape: Self.shape))
        let cells = try await Yosys.wordLevelCells(mac, in: try Workspace.directory("area-mac-words"))
        #expect(cells["$mul"] == Self.shape.rows * Self.shape.lanes, "\(cells)")
    }

    @Test func predictorIsUnderHalfTheMACArray() async throws {
        let predictor = try await Yosys.genericCells(try emitVerilog(DLZSPredictorArray(shape: Self.shape)),
                                                     in: try Workspace.directory("area-dlzs-gates"))
        let mac = try await Yosys.genericCells(try emitVerilog(MACArray(shape: Self.shape)),
                                               in: try Workspace.directory("area-mac-gates"))
        #expect(predictor["$mul"] == 0)
        #expect(Double(predictor.total) < 0.5 * Double(mac.total), "predictor \(predictor.total) vs MAC \(mac.total) cells")
    }
}
