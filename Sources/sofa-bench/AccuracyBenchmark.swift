import Foundation
import NumpyFormat
import SOFAModel

/// Top-k recall and output error of the score predictors on the whole MiniLM data set (SOFA-SPEC section 5):
/// exact int8, DLZS (floor, nearest) and the both-operands log approximation, against the exact float top-k.
/// With the .npz present, the float reference uses the fp32 tensors; otherwise the dequantized int8 ones.
struct AccuracyBenchmark {
    var directory: URL
    var keeps: [Double] = [0.10, 0.20, 0.25, 0.30]

    /// Loads the int8 set and, when `attn_minilm.npz` is there, its fp32 Q, K, V.
    static func load(_ directory: URL) throws -> (AttentionDataSet, usesFloat: Bool) {
        var data = try AttentionDataSet.load(directory: directory)
        let npz = directory.appendingPathComponent("attn_minilm.npz")
        guard FileManager.default.fileExists(atPath: npz.path) else { return (data, false) }
        let archive = try NumpyArchive(npz)
        let layers = Array(Set(data.heads.map(\.layer))).sorted()
        var cache: [String: (values: [Float], shape: [Int])] = [:]
        for i in data.heads.indices {
            let h = data.heads[i]
            func tensor(_ t: String) throws -> [Float] {
                let key = "s\(h.sample)_\(t)"
                if cache[key] == nil { cache[key] = try archive.float32(key) }
                let (values, shape) = cache[key]!
                guard shape.count == 4, let slot = layers.firstIndex(of: h.layer), shape[2] == h.tokens, shape[3] == h.headDim else {
                    throw NumpyError("\(key) has shape \(shape), not [layers, heads, \(h.tokens), \(h.headDim)]")
                }
                let size = h.tokens * h.headDim
                let start = (slot * shape[1] + h.head) * size
                return Array(values[start..<(start + size)])
            }
            data.heads[i].qFloat = try tensor("q")
            data.heads[i].kFloat = try tensor("k")
            data.heads[i].vFloat = try tensor("v")
        }
        return (data, true)
    }

    func run() throws {
        let (data, usesFloat) = try Self.load(directory)
        let predictors: [(String, PredictorAccuracy.Predictor)] = [
            ("exact int8", PredictorAccuracy.exact), ("DLZS floor", PredictorAccuracy.dlzs(.floor)),
            ("DLZS nearest", PredictorAccuracy.dlzs(.nearest)), ("both-operands log", PredictorAccuracy.bothOperandsLog),
        ]
        // Each head's float reference (S, softmax, dense output) is computed once and shared by every study.
        let references = data.heads.map { AttentionReference($0, softmaxScale: data.softmaxScale) }
        let all = Array(zip(data.heads, references))
        let long = all.filter { $0.0.tokens >= 64 }
        print("data: \(directory.path): \(data.heads.count) heads (\(long.count) with 64+ tokens); float reference: "
              + (usesFloat ? "fp32 tensors from attn_minilm.npz" : "dequantized int8 (no .npz found)"))
        let percents = keeps.map { "\(Int(($0 * 100).rounded())) %" }
        for (title, heads) in [("all 8 texts (288 heads)", all), ("texts of 64+ tokens (the spec's reference set)", long)] {
            var recall = [[Double]](repeating: [Double](repeating: 0, count: keeps.count), count: predictors.count)
            var error = [[Double]](repeating: [Double](repeating: 0, count: keeps.count), count: predictors.count)
            var oracle = [Double](repeating: 0, count: keeps.count)
            for (head, reference) in heads {
                for (p, predictor) in predictors.enumerated() {
                    for (x, keep) in keeps.enumerated() {
                        let r = PredictorAccuracy.evaluate(head, reference: reference, keep: keep, predictor: predictor.1)
                        recall[p][x] += r.recall / Double(heads.count)
                        error[p][x] += r.outputError / Double(heads.count)
                        if p == 0 { oracle[x] += r.oracleError / Double(heads.count) }
                    }
                }
            }
            print("\n\(title): top-k recall vs the exact float top-k (mean over queries, then heads):\n")
            print("| predictor | " + percents.joined(separator: " | ") + " |")
            print("|---|" + String(repeating: "---|", count: keeps.count))
            for (p, predictor) in predictors.enumerated() {
                print("| \(predictor.0) | " + recall[p].map { String(format: "%.3f", $0) }.joined(separator: " | ") + " |")
            }
            print("\n\(title): relative output error vs dense float attention (attending to the predicted top-k):\n")
            print("| predictor | " + percents.joined(separator: " | ") + " |")
            print("|---|" + String(repeating: "---|", count: keeps.count))
            for (p, predictor) in predictors.enumerated() {
                print("| \(predictor.0) | " + error[p].map { String(format: "%.3f", $0) }.joined(separator: " | ") + " |")
            }
            print("| exact float top-k (oracle) | " + oracle.map { String(format: "%.3f", $0) }.joined(separator: " | ") + " |")
        }

        let segmentations: [SegmentedAccuracy.Segmentation] = [.count(1), .count(2), .count(4), .length(16)]
        print("\nSADS on DLZS (floor) scores at keep 25 %: each of n segments of L = ceil(N / n) keeps ceil(0.25 L):\n")
        print("| segmentation | recall, all 288 heads | output error, all | recall, 64+ tokens | output error, 64+ |")
        print("|---|---|---|---|---|")
        var results: [(SegmentedAccuracy.Segmentation, [Double])] = []
        for segmentation in segmentations {
            var sums = [0.0, 0.0, 0.0, 0.0]
            for (head, reference) in all {
                let r = SegmentedAccuracy.evaluate(head, reference: reference, keep: 0.25, segmentation: segmentation)
                sums[0] += r.recall / Double(data.heads.count)
                sums[1] += r.outputError / Double(data.heads.count)
                if head.tokens >= 64 {
                    sums[2] += r.recall / Double(long.count)
                    sums[3] += r.outputError / Double(long.count)
                }
            }
            results.append((segmentation, sums))
        }
        var oracle25 = [0.0, 0.0]
        for (head, reference) in all {
            let e = reference.outputError(selection: reference.exactTopK(TopK.count(keep: 0.25, of: head.tokens)))
            oracle25[0] += e / Double(data.heads.count)
            if head.tokens >= 64 { oracle25[1] += e / Double(long.count) }
        }
        for (segmentation, v) in results {
            print(String(format: "| %@ | %.3f | %.3f | %.3f | %.3f |", segmentation.description, v[0], v[1], v[2], v[3]))
        }
        print(String(format: "| exact float top-k | 1.000 | %.3f | 1.000 | %.3f |", oracle25[0], oracle25[1]))
    }
}

/// Writes a small subset of the data set as a test fixture.
struct FixtureWriter {
    var source: URL
    var destination: URL
    var sample = 2
    var layers = [0, 2, 5]
    var heads = [0, 3, 6, 9]

    func run() throws {
        var data = try AttentionDataSet.load(directory: source)
        data.heads = data.heads.filter { $0.sample == sample && layers.contains($0.layer) && heads.contains($0.head) }
        try data.write(to: destination)
        print("wrote \(data.heads.count) heads of sample \(sample) to \(destination.path)")
    }
}

/// Writes MiniLM heads as .npy files for the `sofa-gen attention` tests (Tests/SofaGenTests/Fixtures): the fp32
/// tensors from the .npz and the data set's int8 tensors, [heads, T, d] each, with the int8 scales in scales.json.
struct NumpyFixtureWriter {
    var source: URL
    var destination: URL
    var sample = 2
    var layer = 2
    var heads = [0, 3, 6]

    func run() throws {
        let (data, usesFloat) = try AccuracyBenchmark.load(source)
        guard usesFloat else { throw NumpyError("\(source.path): attn_minilm.npz is needed for the fp32 tensors") }
        let chosen = heads.map { h in data.heads.first { $0.sample == sample && $0.layer == layer && $0.head == h }! }
        let shape = [chosen.count, chosen[0].tokens, chosen[0].headDim]
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        var scales: [String: [Double]] = [:], bits: [String: [Int]] = [:]
        for t in ["q", "k", "v"] {
            let float: [Float] = chosen.flatMap { h in t == "q" ? h.qFloat! : t == "k" ? h.kFloat! : h.vFloat! }
            let int8: [Int8] = chosen.flatMap { h in t == "q" ? h.q : t == "k" ? h.k : h.v }
            try NumpyArray(shape: shape, float32: float).npyData().write(to: destination.appendingPathComponent("\(t)_f32.npy"))
            try NumpyArray(shape: shape, int8: int8).npyData().write(to: destination.appendingPathComponent("\(t)_i8.npy"))
            let floats = chosen.map { t == "q" ? $0.qScale : t == "k" ? $0.kScale : $0.vScale }
            scales[t] = floats.map(Double.init)
            bits[t] = floats.map { Int($0.bitPattern) }
        }
        let json = try JSONSerialization.data(withJSONObject: ["sample": sample, "layer": layer, "heads": heads, "scales": scales,
                                                                     "scales_f32_bits": bits],
                                              options: [.prettyPrinted, .sortedKeys])
        try json.write(to: destination.appendingPathComponent("scales.json"))
        print("wrote sample \(sample), layer \(layer), heads \(heads) as .npy files [\(shape.map(String.init).joined(separator: ", "))] to \(destination.path)")
    }
}
