/// Top-k selection as the spec defines it: descending by score, ties to the lower index.
public enum TopK {
    /// Indices of the `k` largest scores, in descending order (ties: lower index first).
    public static func indices<S: Comparable>(_ scores: [S], _ k: Int) -> [Int] {
        let k = max(0, min(k, scores.count))
        return scores.indices.sorted { a, b in scores[a] != scores[b] ? scores[a] > scores[b] : a < b }.prefix(k).map { $0 }
    }

    /// k for a keep ratio over n keys: ceil(keep * n) in Double arithmetic, as the reference numpy study computes
    /// it (equal to the exact rational ceiling for the ratios used here), at least 1 and at most n.
    public static func count(keep: Double, of n: Int) -> Int {
        min(n, max(1, Int((keep * Double(n)).rounded(.up))))
    }

    /// |selected ∩ reference| / |reference|.
    public static func recall(_ selected: [Int], reference: [Int]) -> Double {
        guard !reference.isEmpty else { return 1 }
        let set = Set(reference)
        return Double(selected.filter { set.contains($0) }.count) / Double(reference.count)
    }
}
