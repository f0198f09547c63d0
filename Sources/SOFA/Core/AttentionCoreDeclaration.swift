import HDL

extension AttentionCore: DeclaredGenerator {
    public static var defaults: AttentionCore { AttentionCore() }
    public static let summary = "the SOFA attention core: DLZS + SADS selection overlapped with SU-FA rows, topk and dense, host registers"
    public static var parameters: [GeneratorParameter<AttentionCore>] {
        [.integer("rows", \.rows, 1...128, size: true, help: "R: query rows per tile (one SADS core and one SU-FA row each; the paper's 128 at most)"),
         .integer("head-dim", \.headDim, 1...128, size: true, help: "d_max: the widest head (the head dimension in use is a register)"),
         .integer("max-keys", \.maxKeys, 1...65536, size: true, help: "N_max: rows of the K and V memories"),
         .integer("max-queries", \.maxQueries, 1...65536, help: "T_max: rows of the Q memory"),
         .integer("predictor-lanes", \.predictorLanes, 1...128, help: "L_p: DLZS shift-add lanes per row (a divisor of head-dim)"),
         .integer("mac-lanes", \.macLanes, 1...128, help: "L: SU-FA MAC lanes per row (a divisor of head-dim)"),
         .integer("winners", \.winners, 1...127, help: "SADS entries held per segment: the runtime k_s must not exceed it"),
         .integer("sads-width", \.sadsWidth, 2...128, help: "W: SADS network width (above winners: W - winners new scores per round)"),
         .choice("sads-family", \.sadsFamily, help: "SADS new-score network family"),
         .integer("sads-pipeline", \.sadsPipeline, 0...1024, help: "SADS: a register stage every this many network layers (0: none)"),
         .integer("queue-depth", \.queueDepth, 1...256, help: "kept keys buffered between the dispatcher and each row"),
         .integer("dividers", \.dividers, 1...128, help: "dividers per SU-FA row, at most head-dim"),
         .integer("output-fraction", \.format.outputFraction, 0...24, help: "F_out: fraction bits of O (8 + F_out bits)"),
         .integer("counter-width", \.counterWidth, 8...32, help: "bits of the counters (read through the 32-bit register port)")]
    }
    public var figures: [GeneratorFigure] {
        [GeneratorFigure("mac_lanes", rows * macLanes), GeneratorFigure("cycles_per_key", 2 * beatsPerKey),
         GeneratorFigure("predictor_lanes", rows * predictorLanes), GeneratorFigure("queue_entries", rows * queueDepth)]
    }
}
