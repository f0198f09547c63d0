/// "Did you mean ...?" for a misspelled block or parameter: the closest known name by edit distance, when it is
/// close enough to be a typo (at most a third of the name's letters differ) or the typed text is a prefix.
public enum Suggestion {
    public static func closest(to typed: String, among names: [String]) -> String? {
        guard !typed.isEmpty else { return nil }
        let lowered = typed.lowercased()
        let scored = names.map { ($0, distance(lowered, $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        if best.1 <= max(1, min(typed.count, best.0.count) / 3) { return best.0 }
        let prefixed = names.filter { $0.hasPrefix(lowered) }
        return prefixed.count == 1 ? prefixed[0] : nil
    }

    /// ` (did you mean 'counter'?)`, or nothing when no name is close.
    public static func hint(for typed: String, among names: [String], prefix: String = "") -> String {
        closest(to: typed, among: names).map { " (did you mean '\(prefix)\($0)'?)" } ?? ""
    }

    /// Levenshtein distance (insertions, deletions, substitutions), with a swap of neighbours counting one.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = Array(repeating: Array(repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[x.count][y.count]
    }
}
