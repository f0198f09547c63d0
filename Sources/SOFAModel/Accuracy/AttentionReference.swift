import Foundation

/// Float attention of one head in Double, the reference every approximation is measured against:
/// S = Q K^T * softmaxScale, P = softmax(S) per query, O = P V.
public struct AttentionReference: Sendable {
    public let tokens: Int
    public let headDim: Int
    /// S, row-major [tokens x tokens].
    public let scores: [Double]
    /// V, row-major [tokens x headDim].
    public let values: [Double]
    /// O = softmax(S) V, row-major [tokens x headDim].
    public let dense: [Double]

    public init(_ head: AttentionHead, softmaxScale: Double) {
        tokens = head.tokens
        headDim = head.headDim
        let q = head.qReal, k = head.kReal
        var s = [Double](repeating: 0, count: tokens * tokens)
        for i in 0..<tokens {
            for j in 0..<tokens {
                var acc = 0.0
                for t in 0..<headDim { acc += q[i * headDim + t] * k[j * headDim + t] }
                s[i * tokens + j] = acc * softmaxScale
            }
        }
        scores = s
        values = head.vReal
        var o = [Double](repeating: 0, count: tokens * headDim)
        for i in 0..<tokens {
            let row = Self.output(scores: s, values: values, tokens: tokens, headDim: headDim, query: i, keys: Array(0..<tokens))
            for c in 0..<headDim { o[i * headDim + c] = row[c] }
        }
        dense = o
    }

    /// Row `i` of S.
    public func scoreRow(_ i: Int) -> [Double] { Array(scores[(i * tokens)..<((i + 1) * tokens)]) }

    /// The exact softmax over only `keys` (float scores), times V: the output of attending to a selection.
    static func output(scores: [Double], values: [Double], tokens: Int, headDim: Int, query i: Int, keys: [Int]) -> [Double] {
        guard !keys.isEmpty else { return [Double](repeating: 0, count: headDim) }
        let m = keys.map { scores[i * tokens + $0] }.max()!
        var weights = keys.map { Foundation.exp(scores[i * tokens + $0] - m) }
        let z = weights.reduce(0, +)
        for w in weights.indices { weights[w] /= z }
        var o = [Double](repeating: 0, count: headDim)
        for (w, j) in zip(weights, keys) {
            for c in 0..<headDim { o[c] += w * values[j * headDim + c] }
        }
        return o
    }

    /// ||O_selected - O_dense||_F / ||O_dense||_F over the whole head, where query i attends (exact float
    /// softmax) to `selection[i]` only.
    public func outputError(selection: [[Int]]) -> Double {
        var diff = 0.0, norm = 0.0
        for i in 0..<tokens {
            let o = Self.output(scores: scores, values: values, tokens: tokens, headDim: headDim, query: i, keys: selection[i])
            for c in 0..<headDim {
                let d = dense[i * headDim + c]
                diff += (o[c] - d) * (o[c] - d)
                norm += d * d
            }
        }
        return (diff / norm).squareRoot()
    }

    /// The exact top-k of every query by float score.
    public func exactTopK(_ k: Int) -> [[Int]] {
        (0..<tokens).map { TopK.indices(scoreRow($0), k) }
    }
}
