import Foundation
import SOFAModel

/// Figures of the bit-accurate attention pipeline (`AttentionPipeline`) on the MiniLM data set:
/// - arithmetic accuracy: the model's O vs the Double softmax over the same kept keys with the same int8 inputs,
///   per head (all 288 heads);
/// - end to end on texts of 64+ tokens: output error vs dense fp32 attention, keys kept, per selection;
/// - rescales per row for each processing order.
struct PipelineBenchmark {
    var directory: URL

    /// One head with everything the studies share: the core's input, its scores, the fp32 and the dequantized
    /// int8 references.
    struct Head {
        var label: String
        var tokens: Int
        var input: AttentionCoreInput
        var scores: HeadScores
        var float: AttentionReference
        var int8: AttentionReference
    }

    static func prepare(_ data: AttentionDataSet) throws -> [Head] {
        try data.heads.map { h in
            let input = try AttentionCoreInput(h)
            return Head(label: h.label, tokens: h.tokens, input: input, scores: HeadScores(input),
                        float: AttentionReference(h, softmaxScale: data.softmaxScale, source: .float),
                        int8: AttentionReference(dequantized: input))
        }
    }

    /// A core that takes every selection of the study (winners = N_max, so keep 50 % of one 256-key segment fits).
    static let configuration = AttentionCoreConfiguration(rows: 16, maxKeys: 256, maxHeadDim: 32, winners: 256)

    static func selections() -> [(String, KeySelection)] {
        var s: [(String, KeySelection)] = []
        for n in [1, 2, 4] {
            for keep in [0.10, 0.20, 0.25, 0.30, 0.50] {
                s.append(("topk \(Int((keep * 100).rounded())) %, n = \(n)", .topk(keep: keep, segments: n, radius: nil)))
            }
        }
        for r in [2.0, 3.0, 4.0, 5.0] { s.append(("threshold r = \(Int(r))", .threshold(radius: r))) }
        s.append(("dense", .dense))
        return s
    }

    func run() throws {
        let (data, usesFloat) = try AccuracyBenchmark.load(directory)
        guard usesFloat else { throw NumpyError("\(directory.path): attn_minilm.npz is needed for the fp32 references") }
        let start = Date()
        let heads = try Self.prepare(data)
        print("data: \(directory.path): \(heads.count) heads, \(heads.filter { $0.tokens >= 64 }.count) with 64+ tokens; "
              + "core: R = 16, N_max = 256, d = 32, default SU-FA formats")
        try arithmetic(heads)
        try endToEnd(heads.filter { $0.tokens >= 64 })
        print(String(format: "\n(%.0f s)", Date().timeIntervalSince(start)))
    }

    /// Model vs Double softmax over the same kept keys, same int8 inputs: every head, a few selections and orders.
    func arithmetic(_ heads: [Head]) throws {
        print("\nArithmetic accuracy, all \(heads.count) heads: relative Frobenius error per head of the model's O vs the "
              + "Double softmax over the same kept keys with the same (dequantized int8) inputs:\n")
        print("| selection | order | mean | max | worst head |")
        print("|---|---|---|---|---|")
        let cases: [(String, KeySelection, ProcessingOrder)] = [
            ("dense", .dense, .natural),
            ("topk 25 %, n = 1", .topk(keep: 0.25, segments: 1, radius: nil), .predicted),
            ("topk 25 %, n = 1", .topk(keep: 0.25, segments: 1, radius: nil), .natural),
            ("topk 25 %, n = 1", .topk(keep: 0.25, segments: 1, radius: nil), .sharedTile),
            ("threshold r = 3", .threshold(radius: 3), .predicted),
        ]
        for (name, selection, order) in cases {
            let pipeline = AttentionPipeline(configuration: Self.configuration, selection: selection, order: order)
            var sum = 0.0, worst = (0.0, "")
            for h in heads {
                let e = PipelineAccuracy.arithmeticError(try pipeline.run(h.input, scores: h.scores), reference: h.int8)
                sum += e
                if e > worst.0 { worst = (e, h.label) }
            }
            print(String(format: "| %@ | %@ | %.5f | %.5f | %@ |", name, order.description, sum / Double(heads.count), worst.0, worst.1))
        }
    }

    func endToEnd(_ heads: [Head]) throws {
        let selections = Self.selections()
        print("\nEnd to end, the \(heads.count) heads of texts with 64+ tokens (means over heads). Errors are relative "
              + "Frobenius errors of the head's O; \"vs fp32\" against dense attention with the fp32 Q, K, V, \"vs int8\" "
              + "against dense attention with the dequantized int8 ones. The model runs each row's keys in its own "
              + "predicted order (dense: natural).\n")
        print("| selection | keys kept | model vs fp32 | model vs int8 | float, same keys vs fp32 | arithmetic (model vs float, same keys) | rescales / row: predicted / natural / tile R = 16 |")
        print("|---|---|---|---|---|---|---|")
        for (name, selection) in selections {
            var kept = 0.0, vsFloat = 0.0, vsInt8 = 0.0, selectionOnly = 0.0, arithmetic = 0.0
            var rescales: [ProcessingOrder: Double] = [:]
            let orders: [ProcessingOrder] = [.predicted, .natural, .sharedTile]
            for h in heads {
                for order in orders {
                    let pipeline = AttentionPipeline(configuration: Self.configuration, selection: selection, order: order)
                    let r = try pipeline.run(h.input, scores: h.scores)
                    rescales[order, default: 0] += Double(r.counters.rescales) / Double(h.tokens) / Double(heads.count)
                    guard order == selection.defaultOrder else { continue }
                    kept += Double(r.counters.keysKept) / Double(h.tokens * h.input.keys) / Double(heads.count)
                    let model = PipelineAccuracy.realOutput(r)
                    let same = h.int8.attend(selection: r.order)
                    vsFloat += AttentionReference.relativeError(model, reference: h.float.dense) / Double(heads.count)
                    vsInt8 += AttentionReference.relativeError(model, reference: h.int8.dense) / Double(heads.count)
                    selectionOnly += AttentionReference.relativeError(same, reference: h.float.dense) / Double(heads.count)
                    arithmetic += AttentionReference.relativeError(model, reference: same) / Double(heads.count)
                }
            }
            let orderText = orders.map { String(format: "%.2f", rescales[$0]!) }.joined(separator: " / ")
            print(String(format: "| %@ | %.1f %% | %.3f | %.3f | %.3f | %.4f | %@ |", name, kept * 100, vsFloat, vsInt8,
                         selectionOnly, arithmetic, orderText))
        }
        // The comparison that matters for the selection: exact top-k by int8 score, Double arithmetic.
        print("\nExact top-k by int8 score (one segment), Double softmax over it with the dequantized int8 inputs, vs dense fp32:\n")
        print("| keep | error vs fp32 |")
        print("|---|---|")
        for keep in [0.10, 0.20, 0.25, 0.30, 0.50] {
            var e = 0.0
            for h in heads {
                let k = TopK.count(keep: keep, of: h.input.keys)
                let selection = h.scores.exact.map { TopK.indices($0, k) }
                e += AttentionReference.relativeError(h.int8.attend(selection: selection), reference: h.float.dense) / Double(heads.count)
            }
            print(String(format: "| %.0f %% | %.3f |", keep * 100, e))
        }
    }
}

/// The arithmetic error for several stage-3 formats (the study behind docs/SU-FA.md's defaults).
struct FormatStudy {
    var directory: URL

    func run() throws {
        let data = try AttentionDataSet.load(directory: directory)
        let heads = try data.heads.map { h in
            let input = try AttentionCoreInput(h)
            return (input, HeadScores(input), AttentionReference(dequantized: input))
        }
        let base = SUFAFormat()
        var formats: [(String, SUFAFormat)] = [("defaults (F = 16, F_r = 24, exp2 T = 4, P = 10)", base)]
        for f in [12, 14, 20] {
            var x = base; x.weightFraction = f; formats.append(("F = \(f)", x))
        }
        for fr in [16, 20] {
            var x = base; x.rescaleFraction = fr; formats.append(("F_r = \(fr)", x))
        }
        for (t, p) in [(6, 10), (6, 12), (8, 14)] {
            var x = base; x.exp2TableBits = t; x.exp2MantissaBits = p; formats.append(("exp2 T = \(t), P = \(p)", x))
        }
        var x = base; x.exp2FractionBits = 12; x.exp2TableBits = 6; x.exp2MantissaBits = 12
        formats.append(("exp2 F_u = 12, T = 6, P = 12", x))
        x = base; x.outputFraction = 4; formats.append(("output fraction 4", x))
        print("Arithmetic error (model vs Double softmax, same keys, same int8 inputs) over all \(heads.count) heads, mean / max:\n")
        print("| format | dense, natural order | topk 25 %, predicted order | topk 25 %, natural order |")
        print("|---|---|---|---|")
        for (name, format) in formats {
            var cells: [String] = []
            for (selection, order) in [(KeySelection.dense, ProcessingOrder.natural),
                                       (.topk(keep: 0.25, segments: 1, radius: nil), .predicted),
                                       (.topk(keep: 0.25, segments: 1, radius: nil), .natural)] {
                let config = AttentionCoreConfiguration(rows: 16, maxKeys: 256, maxHeadDim: 32, winners: 256, format: format)
                let pipeline = AttentionPipeline(configuration: config, selection: selection, order: order)
                var sum = 0.0, worst = 0.0
                for (input, scores, reference) in heads {
                    let e = PipelineAccuracy.arithmeticError(try pipeline.run(input, scores: scores), reference: reference)
                    sum += e
                    worst = max(worst, e)
                }
                cells.append(String(format: "%.5f / %.5f", sum / Double(heads.count), worst))
            }
            print("| \(name) | " + cells.joined(separator: " | ") + " |")
        }
    }
}
