/// The accuracy of the whole selection path: DLZS-predicted scores, then SADS segments (SOFA-SPEC section 3's
/// table): per query row, n segments of L = ceil(N / n) keys each keep their top ceil(keep * L); the union is
/// compared with the exact float top ceil(keep * N).
public enum SegmentedAccuracy {
    public enum Segmentation: Sendable, Hashable, CustomStringConvertible {
        /// n segments per row, L = ceil(N / n).
        case count(Int)
        /// Segments of a fixed length (the paper's 16-to-4 cores see rows as segments of 16).
        case length(Int)

        public func length(forRow n: Int) -> Int {
            switch self {
            case .count(let c): SADSSelection.segmentLength(rowLength: n, segments: c)
            case .length(let l): l
            }
        }

        public var description: String {
            switch self {
            case .count(let c): "n = \(c)"
            case .length(let l): "segments of \(l)"
            }
        }
    }

    /// Recall and output error of one head.
    public static func evaluate(_ head: AttentionHead, reference: AttentionReference, keep: Double,
                                segmentation: Segmentation, rounding: LZCode.Rounding = .floor,
                                radius: Int? = nil) -> PredictorAccuracy.Result {
        let length = segmentation.length(forRow: head.tokens)
        let winners = TopK.count(keep: keep, of: length)
        let keys = head.kRows
        return PredictorAccuracy.score(head, reference: reference, keep: keep) { q in
            let predicted = keys.map { DLZSScore.predicted(q, $0, rounding: rounding) }
            return SADSSelection.select(predicted, segmentLength: length, winners: winners, radius: radius).flatMap { $0.map(\.index) }
        }
    }
}
