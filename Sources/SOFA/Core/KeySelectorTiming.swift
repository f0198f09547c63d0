/// When `KeySelector` finishes a tile: the formula of its doc comment (and of docs/ATTENTION-CORE-DESIGN.md,
/// "Stage 1-2 timing"), as code for tests and cycle models. Cycle 0 is the cycle `start` is taken.
extension KeySelector {
    /// The last segment's length (keys) for N keys in segments of L (L = 0 acts as 1): N - L (ceil(N / L) - 1).
    public static func lastSegmentLength(keys: Int, segmentLength: Int) -> Int {
        precondition(keys >= 1, "a tile with keys has a last segment")
        let length = max(1, segmentLength)
        return keys - ((keys - 1) / length) * length
    }

    /// The marks still to come after the last segment's result leaves SADS, for one row: its last segment's
    /// entries, plus what is left of the previous segment's (which started the cycle after it arrived,
    /// `lastSegmentSpan` cycles before the last one).
    static func backlog(segmentCounts: [Int], lastSegmentSpan: Int) -> Int {
        guard let last = segmentCounts.last else { return 0 }
        let previous = segmentCounts.count >= 2 ? segmentCounts[segmentCounts.count - 2] : 0
        return last + max(0, previous - lastSegmentSpan)
    }

    /// The cycle `done` rises, in general: `lastKeyTaken` = a_{N-1}, the cycle the tile's last key was taken (its
    /// last beat); `lastSegmentSpan` = a_{N-1} - a_{N-1-l}, the cycles between the last keys of the two last
    /// segments (anything >= every count when there is one segment); `segmentCounts[r]` = the entries each
    /// segment of active row r keeps (after k_s and clipping), in segment order.
    public func doneCycle(lastKeyTaken: Int, lastSegmentSpan: Int, segmentCounts: [[Int]]) -> Int {
        let backlog = segmentCounts.map { Self.backlog(segmentCounts: $0, lastSegmentSpan: lastSegmentSpan) }.max() ?? 0
        return lastKeyTaken + predictorLatency + sadsLatency + 1 + backlog
    }

    /// The cycle `done` rises when both streams deliver without gaps (valid whenever ready, from cycle 1):
    /// D = S (R_a + N) + lambda_p + lambda_s + 1 + max_r [c_last(r) + max(0, c_prev(r) - S l)], for N >= 1 keys
    /// and R_a active rows (both at most the hardware's; `segmentCounts` has one entry per active row).
    public func doneCycle(activeRows: Int, keys: Int, segmentLength: Int, segmentCounts: [[Int]]) -> Int {
        let S = beatsPerKey
        let last = Self.lastSegmentLength(keys: keys, segmentLength: segmentLength)
        return doneCycle(lastKeyTaken: S * (activeRows + keys), lastSegmentSpan: S * last, segmentCounts: segmentCounts)
    }
}
