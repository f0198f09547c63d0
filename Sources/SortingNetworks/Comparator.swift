/// One compare-exchange: afterwards position `high` holds the preferred (larger) of the two elements and
/// position `low` the other one.
///
/// "Preferred" is whatever order the interpreter uses; for SADS it is "larger key, equal keys: lower index",
/// so a network whose comparators all have `high < low` sorts in descending order, the largest element at
/// position 0. Published networks are usually drawn ascending with pairs (a, b), a < b, the minimum going to
/// a; reading each pair as `Comparator(high: a, low: b)` turns such a network into a descending one, because
/// reversing every comparator reverses the order a network sorts into.
public struct Comparator: Hashable, Sendable, CustomStringConvertible {
    /// Position that receives the preferred element.
    public var high: Int
    /// Position that receives the other element.
    public var low: Int

    public init(high: Int, low: Int) {
        self.high = high
        self.low = low
    }

    public var description: String { "(\(high), \(low))" }
}
