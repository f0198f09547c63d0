/// The SADS distributed top-k selection (SOFA-SPEC section 3), as a direct statement of the spec rather than
/// a simulation of any network: a row of scores is cut into consecutive segments of length L (the last may be
/// shorter), and each segment keeps its `winners` best entries, descending by score, ties to the lower
/// index; with sphere clipping, a kept entry scoring below M - radius is dropped, M being the running
/// maximum of the row's scores up to the end of its segment.
///
/// Streaming hardware that drops a winner as soon as it falls below the (only rising) threshold ends with the
/// same set: anything it drops early is below the final threshold too, and only ever displaced entries that
/// score lower still.
public enum SADSSelection {
    /// The segment length for n segments of a row of N: ceil(N / n) (at least 1).
    public static func segmentLength(rowLength: Int, segments: Int) -> Int {
        max(1, (rowLength + segments - 1) / segments)
    }

    /// Each segment's kept entries, in segment order, each list descending (ties: lower index first).
    /// `indices` name the keys (default 0..<N).
    public static func select(_ scores: [Int], segmentLength: Int, winners: Int, radius: Int? = nil,
                              indices: [Int]? = nil) -> [[RankedKey]] {
        precondition(segmentLength >= 1 && winners >= 1, "segment length and winners must be positive")
        let names = indices ?? Array(scores.indices)
        var result: [[RankedKey]] = []
        var runningMax = Int.min
        var start = 0
        while start < scores.count {
            let end = min(start + segmentLength, scores.count)
            for s in scores[start..<end] { runningMax = max(runningMax, s) }
            let segment = (start..<end).map { RankedKey(key: scores[$0], index: names[$0]) }
            var kept = RankedKey.top(winners, of: segment)
            if let radius { kept = kept.filter { $0.key >= runningMax - radius } }
            result.append(kept)
            start = end
        }
        return result
    }
}
