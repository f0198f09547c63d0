/// The order in which stage 3 takes each row's kept keys. The arithmetic is order-dependent (rescales, rounding),
/// so the model replays whatever order the hardware uses.
public enum ProcessingOrder: Sendable, Hashable, CustomStringConvertible {
    /// Each row's own selection order: descending predicted score segment after segment, as SADS emits them
    /// (threshold: descending predicted; dense: descending predicted over all keys).
    case predicted
    /// Ascending key index.
    case natural
    /// A tile's shared order: the union of the R rows' kept keys, each ranked by the largest predicted score any
    /// of the tile's rows gave it (descending, ties to the lower index); every row takes its own keys in that
    /// order (what a broadcast of the union delivers).
    case sharedTile
    /// One list per query row, each a permutation of that row's kept keys (e.g. an RTL schedule to replay).
    case explicit([[Int]])

    public var description: String {
        switch self {
        case .predicted: "predicted"
        case .natural: "natural"
        case .sharedTile: "shared tile"
        case .explicit: "explicit"
        }
    }
}
