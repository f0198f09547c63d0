import Foundation

/// Float attention of one head in Double, the reference every approximation is measured against:
/// S = Q K^T * softmaxScale, P = softmax(S) per query, O = P V; and the same softmax over any subset of the keys
/// (`attend(selection:)`), so an error splits into what the selection loses and what the arithmetic loses.
public struct AttentionReference: Sendable {
    /// T: query rows.
    public let tokens: Int
    /// N: keys.
    public let keyCount: Int
    public let headDim: Int
    /// S, row-major [T x N].
    public let scores: [Double]
    /// V, row-major [N x headDim].
    public let values: [Double]
    /// O = softmax(S) V over every key, row-major [T x headDim].
    public let dense: [Double]

    /// Q [T x d], K and V [N x d], row-major.
    public init(queries q: [Double], keys k: [Double], values v: [Double], tokens: Int, keyCount: Int, headDim: Int,
                softmaxScale: Double) {
        precondition(q.count == tokens * headDim && k.count == keyCount * headDim && v.count == keyCount * headDim,
                     "tensor sizes do not match T, N and d")
        self.tokens = tokens
        self.keyCount = keyCount
        self.headDim = headDim
        var s = [Double](repeating: 0, count: tokens * keyCount)
        for i in 0..<tokens {
            for j in 0..<keyCount {
                var acc = 0.0
                for t in 0..<headDim { acc += q[i * headDim + t] * k[j * headDim + t] }
                s[i * keyCount + j] = acc * softmaxScale
            }
        }
        scores = s
        values = v
        var o = [Double](repeating: 0, count: tokens * headDim)
        let all = Array(0..<keyCount)
        for i in 0..<tokens {
            let row = Self.output(scores: s, values: v, keyCount: keyCount, headDim: headDim, query: i, keys: all)
            for c in 0..<headDim { o[i * headDim + c] = row[c] }
        }
        dense = o
    }

    /// Which tensors of a data-set head to attend with.
    public enum Source: Sendable {
        /// The fp32 tensors when the head has them (from the .npz), else the dequantized int8 ones.
        case float
        /// int8 * scale: exactly what the hardware sees.
        case dequantizedInt8
    }

    public init(_ head: AttentionHead, softmaxScale: Double, source: Source = .float) {
        let dequantize = { (t: [Int8], s: Float) in t.map { Double($0) * Double(s) } }
        switch source {
        case .float:
            self.init(queries: head.qReal, keys: head.kReal, values: head.vReal, tokens: head.tokens, keyCount: head.tokens,
                      headDim: head.headDim, softmaxScale: softmaxScale)
        case .dequantizedInt8:
            self.init(queries: dequantize(head.q, head.qScale), keys: dequantize(head.k, head.kScale),
                      values: dequantize(head.v, head.vScale), tokens: head.tokens, keyCount: head.tokens,
                      headDim: head.headDim, softmaxScale: softmaxScale)
        }
    }

    /// The core's input dequantized (int8 * scale), softmax scale 1/sqrt(d): the reference with the same int8
    /// inputs as the hardware.
    public init(dequantized input: AttentionCoreInput) {
        self.init(queries: input.q.map { Double($0) * input.qScale }, keys: input.k.map { Double($0) * input.kScale },
                  values: input.v.map { Double($0) * input.vScale }, tokens: input.queries, keyCount: input.keys,
                  headDim: input.headDim, softmaxScale: 1 / Double(input.headDim).squareRoot())
    }

    /// Row `i` of S.
    public func scoreRow(_ i: Int) -> [Double] { Array(scores[(i * keyCount)..<((i + 1) * keyCount)]) }

    /// The exact softmax over only `keys` (float scores), times V: the output of attending to a selection.
    static func output(scores: [Double], values: [Double], keyCount: Int, headDim: Int, query i: Int, keys: [Int]) -> [Double] {
        guard !keys.isEmpty else { return [Double](repeating: 0, count: headDim) }
        let m = keys.map { scores[i * keyCount + $0] }.max()!
        var weights = keys.map { Foundation.exp(scores[i * keyCount + $0] - m) }
        let z = weights.reduce(0, +)
        for w in weights.indices { weights[w] /= z }
        var o = [Double](repeating: 0, count: headDim)
        for (w, j) in zip(weights, keys) {
            for c in 0..<headDim { o[c] += w * values[j * headDim + c] }
        }
        return o
    }

    /// O [T x headDim] when query i attends (exact float softmax) to `selection[i]` only (in any order; a row
    /// with no keys gives 0).
    public func attend(selection: [[Int]]) -> [Double] {
        precondition(selection.count == tokens, "one key list per query")
        var o = [Double](repeating: 0, count: tokens * headDim)
        for i in 0..<tokens {
            let row = Self.output(scores: scores, values: values, keyCount: keyCount, headDim: headDim, query: i, keys: selection[i])
            for c in 0..<headDim { o[i * headDim + c] = row[c] }
        }
        return o
    }

    /// ||x - reference||_F / ||reference||_F.
    public static func relativeError(_ x: [Double], reference: [Double]) -> Double {
        precondition(x.count == reference.count, "the outputs differ in size")
        var diff = 0.0, norm = 0.0
        for (a, b) in zip(x, reference) {
            diff += (a - b) * (a - b)
            norm += b * b
        }
        return (diff / norm).squareRoot()
    }

    /// ||O_selected - O_dense||_F / ||O_dense||_F over the whole head, where query i attends (exact float
    /// softmax) to `selection[i]` only.
    public func outputError(selection: [[Int]]) -> Double {
        Self.relativeError(attend(selection: selection), reference: dense)
    }

    /// The exact top-k of every query by float score.
    public func exactTopK(_ k: Int) -> [[Int]] {
        (0..<tokens).map { TopK.indices(scoreRow($0), k) }
    }
}
