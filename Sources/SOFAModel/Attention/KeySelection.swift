/// Which keys each query row attends to (ATTENTION-CORE 3), chosen from DLZS-predicted scores P.
public enum KeySelection: Sendable, Hashable, CustomStringConvertible {
    /// SADS: a row is cut into `segments` segments of L = ceil(N / segments) keys, each keeps its top
    /// k_s = ceil(keep * L) by predicted score (ties: lower index). With `radius` (logit units, see
    /// `SelectionPlan.radiusCode`), sphere clipping drops kept keys below the running predicted maximum - radius.
    case topk(keep: Double, segments: Int, radius: Double?)
    /// Every key whose predicted logit is >= the row's predicted maximum - radius (logit units).
    case threshold(radius: Double)
    /// Every key, no prediction.
    case dense

    /// Stage 3's order when none is asked for: the selection's own order for the sparse modes, natural for dense.
    public var defaultOrder: ProcessingOrder {
        if case .dense = self { return .natural }
        return .predicted
    }

    public var needsPrediction: Bool {
        if case .dense = self { return false }
        return true
    }

    public var description: String {
        switch self {
        case .topk(let keep, let segments, let radius):
            "topk keep \(keep), \(segments) segment\(segments == 1 ? "" : "s")" + (radius.map { ", clip radius \($0)" } ?? "")
        case .threshold(let radius): "threshold radius \(radius)"
        case .dense: "dense"
        }
    }

    /// The runtime register values for one head of N keys: checks the selection against the core.
    /// `logitScale` = sq * sk / sqrt(d), the factor from an integer score to a logit.
    public func plan(keys n: Int, logitScale: Double, configuration: AttentionCoreConfiguration) throws -> SelectionPlan {
        func radiusCode(_ r: Double) throws -> Int {
            try require(r.isFinite && r >= 0, "radius must be a non-negative number, got \(r)")
            // P_j * s >= M * s - r  <=>  M - P_j <= floor(r / s) for integers M, P_j.
            let code = (r / logitScale).rounded(.down)
            return code >= Double(1 << 40) ? 1 << 40 : Int(code)
        }
        switch self {
        case .topk(let keep, let segments, let radius):
            try require(keep.isFinite && keep > 0 && keep <= 1, "keep must be in (0, 1], got \(keep)")
            try require(segments >= 1, "segments must be at least 1, got \(segments)")
            let length = SADSSelection.segmentLength(rowLength: n, segments: segments)
            let kept = TopK.count(keep: keep, of: length)
            try require(kept <= configuration.winners,
                        "keep \(keep) of segments of \(length) keys needs k_s = \(kept) winners per segment; the core holds \(configuration.winners)")
            return SelectionPlan(segmentLength: length, keptPerSegment: kept, radiusCode: try radius.map(radiusCode))
        case .threshold(let radius):
            return SelectionPlan(segmentLength: n, keptPerSegment: nil, radiusCode: try radiusCode(radius))
        case .dense:
            return SelectionPlan(segmentLength: n, keptPerSegment: nil, radiusCode: nil)
        }
    }
}

/// The selection's runtime registers for one head.
public struct SelectionPlan: Sendable, Hashable {
    /// L: keys per SADS segment (N for threshold and dense).
    public var segmentLength: Int
    /// k_s (topk only).
    public var keptPerSegment: Int?
    /// The radius in integer predicted-score units: floor(radius / (sq sk / sqrt(d))), nil when off.
    public var radiusCode: Int?

    /// Row `predicted`'s kept keys in the selection's own order: segment after segment, each descending by
    /// predicted score (topk: as SADS emits them); descending for threshold; natural order for dense.
    public func select(_ selection: KeySelection, predicted: [Int]) -> [Int] {
        switch selection {
        case .topk:
            return SADSSelection.select(predicted, segmentLength: segmentLength, winners: keptPerSegment!, radius: radiusCode)
                .flatMap { $0.map(\.index) }
        case .threshold:
            guard let top = predicted.max() else { return [] }
            let floor = top - radiusCode!
            return predicted.indices.filter { predicted[$0] >= floor }
                .sorted { predicted[$0] != predicted[$1] ? predicted[$0] > predicted[$1] : $0 < $1 }
        case .dense:
            return Array(predicted.indices)
        }
    }
}
