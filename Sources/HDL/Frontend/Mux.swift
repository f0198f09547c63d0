/// `condition ? whenTrue : whenFalse`. The arms are extended to the wider width.
public func mux<V: HardwareValue>(_ condition: Bit, _ whenTrue: V, _ whenFalse: V) -> V {
    let w = max(whenTrue.width, whenFalse.width)
    let t = whenTrue.node.extended(to: w), f = whenFalse.node.extended(to: w)
    if let c = condition.node.constantValue { return V(node: c.isZero ? f : t) }
    return V(node: Node(.mux(condition.node, t, f), t.type))
}

/// `items[index]` for a dynamic index, as a balanced mux tree on the index bits. An index past the end
/// selects the last element. All items must have the same width as the first (others are extended).
public func select<V: HardwareValue>(_ items: [V], at index: Unsigned, file: String = #fileID, line: Int = #line) -> V {
    guard let first = items.first else {
        return V(node: .invalid("select from an empty array", .bit, SourceLocation(fileID: file, line: line)))
    }
    let w = items.map(\.width).max() ?? first.width
    var level = items.map { V(node: $0.node.extended(to: w)) }
    var bit = 0
    while level.count > 1 {
        guard bit < index.width else { break }
        let b = index[bit]
        var next: [V] = []
        var i = 0
        while i < level.count {
            next.append(i + 1 < level.count ? mux(b, level[i + 1], level[i]) : level[i])
            i += 2
        }
        level = next
        bit += 1
    }
    return level[0]
}

/// The value of the first entry whose condition is 1, or `otherwise` (a priority encoder of values).
public func priorityMux<V: HardwareValue>(_ cases: [(Bit, V)], otherwise: V) -> V {
    cases.reversed().reduce(otherwise) { acc, c in mux(c.0, c.1, acc) }
}
