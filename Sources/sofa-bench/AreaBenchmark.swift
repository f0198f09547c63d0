import Foundation
import HDL
import HDLSim
import SOFA

/// Yosys generic cell counts of the DLZS predictor array against the exact MAC array of the same shape
/// (rows x lanes, headDim 32, int8, pipeline 1), hierarchical `synth`.
struct AreaBenchmark {
    var sizes: [(rows: Int, lanes: Int)]

    func run() async throws {
        print("| R x L | DLZS predictor cells (floor / nearest) | MAC array cells | ratio (floor) | predictor flip-flops | MAC flip-flops |")
        print("|---|---|---|---|---|---|")
        for (rows, lanes) in sizes {
            let shape = ScoreArrayShape(rows: rows, lanes: lanes, headDim: 32, pipeline: 1)
            let floor = try await Yosys.genericCells(try emitVerilog(DLZSPredictorArray(shape: shape, rounding: .floor)),
                                                     in: try Workspace.directory("bench-area-dlzs-\(rows)x\(lanes)"))
            let nearest = try await Yosys.genericCells(try emitVerilog(DLZSPredictorArray(shape: shape, rounding: .nearest)),
                                                       in: try Workspace.directory("bench-area-dlzs-n-\(rows)x\(lanes)"))
            let mac = try await Yosys.genericCells(try emitVerilog(MACArray(shape: shape)),
                                                   in: try Workspace.directory("bench-area-mac-\(rows)x\(lanes)"))
            print(String(format: "| %d x %d | %d / %d | %d | %.2f | %d | %d |", rows, lanes, floor.total, nearest.total,
                         mac.total, Double(floor.total) / Double(mac.total), floor.flipFlops, mac.flipFlops))
        }
    }
}
