/// How well a score predictor finds each query's top keys on real data (the study of SOFA-SPEC section 5).
public enum PredictorAccuracy {
    /// A predictor: the int8 scores of one query row against every key.
    public typealias Predictor = @Sendable (_ q: [Int], _ keys: [[Int]]) -> [Int]

    public static let exact: Predictor = { q, keys in keys.map { DLZSScore.exact(q, $0) } }
    public static func dlzs(_ rounding: LZCode.Rounding) -> Predictor {
        { q, keys in keys.map { DLZSScore.predicted(q, $0, rounding: rounding) } }
    }
    public static let bothOperandsLog: Predictor = { q, keys in keys.map { DLZSScore.bothOperandsLog(q, $0) } }

    public struct Result: Sendable {
        /// Mean over queries of |predicted top-k ∩ exact float top-k| / k.
        public var recall: Double
        /// Relative Frobenius error of the head output attending to the predicted top-k vs dense attention.
        public var outputError: Double
        /// The same error with the exact float top-k (the floor that top-k truncation alone sets).
        public var oracleError: Double

        public init(recall: Double, outputError: Double, oracleError: Double) {
            self.recall = recall
            self.outputError = outputError
            self.oracleError = oracleError
        }
    }

    /// Evaluates `predictor` on one head at keep ratio `keep` (k = ceil(keep * tokens) keys per query).
    public static func evaluate(_ head: AttentionHead, reference: AttentionReference, keep: Double,
                                predictor: Predictor, withErrors: Bool = true) -> Result {
        let k = TopK.count(keep: keep, of: head.tokens)
        let keys = head.kRows
        return score(head, reference: reference, keep: keep, withErrors: withErrors) { q in
            TopK.indices(predictor(q, keys), k)
        }
    }

    /// Scores a selection rule on one head: `select` gives the keys a query row (int8 q) attends to; recall is
    /// against the exact float top ceil(keep * tokens), errors against dense attention.
    public static func score(_ head: AttentionHead, reference: AttentionReference, keep: Double, withErrors: Bool = true,
                             select: ([Int]) -> [Int]) -> Result {
        let exact = reference.exactTopK(TopK.count(keep: keep, of: head.tokens))
        var recall = 0.0
        var selection: [[Int]] = []
        for i in 0..<head.tokens {
            let selected = select(head.row(head.q, i))
            recall += TopK.recall(selected, reference: exact[i])
            selection.append(selected)
        }
        return Result(recall: recall / Double(head.tokens),
                      outputError: withErrors ? reference.outputError(selection: selection) : .nan,
                      oracleError: withErrors ? reference.outputError(selection: exact) : .nan)
    }
}
