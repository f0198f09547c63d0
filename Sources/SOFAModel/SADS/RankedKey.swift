/// A predicted score with the index of its key, ordered the way SADS ranks keys (SOFA-SPEC section 3):
/// larger score first, equal scores lower index first. (key, index) pairs with distinct indices are totally
/// ordered, so "the top k, in order" has exactly one answer.
public struct RankedKey: Hashable, Sendable, CustomStringConvertible {
    public var key: Int
    public var index: Int

    public init(key: Int, index: Int) {
        self.key = key
        self.index = index
    }

    /// Whether `a` ranks before `b`.
    public static func precedes(_ a: RankedKey, _ b: RankedKey) -> Bool {
        a.key > b.key || (a.key == b.key && a.index < b.index)
    }

    /// The reference selection, written as plainly as possible: sort, take the first k.
    public static func top(_ k: Int, of entries: [RankedKey]) -> [RankedKey] {
        Array(entries.sorted(by: precedes).prefix(k))
    }

    public var description: String { "\(key)#\(index)" }
}
