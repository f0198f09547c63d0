/// When `KeySelector` finishes a tile: the formula of its doc comment (and of docs/ATTENTION-CORE-DESIGN.md,
/// "Stage 1-2 timing"), as code for tests and cycle models. Cycle 0 is the cycle `start` is taken.
extension KeySelector {
    /// l: the last segment's length for N >= 1 keys in segments of L (L = 0 acts as 1): N - L (ceil(N / L) - 1).
    public static func lastSegmentLength(keys: Int, segmentLength: Int) -> Int {
        precondition(keys >= 1, "a tile with keys has a last segment")
        let length = max(1, segmentLength)
        return keys - ((keys - 1) / length) * length
    }

    /// m: the fewest cycles between the previous segment's last key and the tile's last key, min(k_s, winners, L)
    /// with two or more segments (0 with one).
    public func lastKeySpacing(keys: Int, segmentLength: Int, keptPerSegment: Int) -> Int {
        let length = max(1, segmentLength)
        guard keys > length else { return 0 }
        return min(keptPerSegment, winners, segmentLength)
    }

    /// h: the cycles the last key's hold adds when both streams have no gaps, max(0, m - S l).
    public func lastKeyHold(keys: Int, segmentLength: Int, keptPerSegment: Int) -> Int {
        let l = Self.lastSegmentLength(keys: keys, segmentLength: segmentLength)
        return max(0, lastKeySpacing(keys: keys, segmentLength: segmentLength, keptPerSegment: keptPerSegment) - beatsPerKey * l)
    }

    /// The cycle `done` rises, in general: `lastKeyTaken` = a_{N-1}, the cycle the tile's last key was taken (its
    /// last beat); `segmentCounts[r]` = the entries each segment of active row r keeps (after k_s and clipping), in
    /// segment order. D = a_{N-1} + lambda_p + lambda_s + max_r c_last(r).
    public func doneCycle(lastKeyTaken: Int, segmentCounts: [[Int]]) -> Int {
        lastKeyTaken + predictorLatency + sadsLatency + (segmentCounts.map { $0.last ?? 0 }.max() ?? 0)
    }

    /// The cycle `done` rises when both streams deliver without gaps (valid whenever ready, from cycle 1), for
    /// N >= 1 keys and R_a active rows (both at most the hardware's; `segmentCounts` has one entry per active row):
    /// D = S (R_a + N) + h + lambda_p + lambda_s + max_r c_last(r).
    public func doneCycle(activeRows: Int, keys: Int, segmentLength: Int, keptPerSegment: Int, segmentCounts: [[Int]]) -> Int {
        let hold = lastKeyHold(keys: keys, segmentLength: segmentLength, keptPerSegment: keptPerSegment)
        return doneCycle(lastKeyTaken: beatsPerKey * (activeRows + keys) + hold, segmentCounts: segmentCounts)
    }
}
