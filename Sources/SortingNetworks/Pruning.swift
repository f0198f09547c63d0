extension ComparatorNetwork {
    /// The network that computes only positions `0..<k` of this one: the comparators those outputs depend on,
    /// found by a backward pass (a comparator is kept when either of its outputs is still needed downstream;
    /// then both of its inputs are needed), rescheduled as early as their inputs allow.
    ///
    /// Pruning a sorter to its top k is how SADS gets a k-of-n selector: for every input, outputs 0..<k are
    /// exactly the sorter's outputs 0..<k, because the same comparators compute them from the same values.
    public func pruned(toTop k: Int) throws -> ComparatorNetwork {
        guard (1...outputs).contains(k) else {
            throw NetworkError("\(name): k must be 1...\(outputs), got \(k)")
        }
        var needed = [Bool](repeating: false, count: inputs)
        for p in 0..<k { needed[p] = true }
        var kept: [[Comparator]] = Array(repeating: [], count: layers.count)
        for l in layers.indices.reversed() {
            for c in layers[l] where needed[c.high] || needed[c.low] {
                kept[l].append(c)
            }
            for c in kept[l] {
                needed[c.high] = true
                needed[c.low] = true
            }
        }
        let name = k == inputs ? name : "\(name) top \(k)"
        return ComparatorNetwork(unchecked: name, inputs: inputs, outputs: k, layers: kept).rescheduled()
    }

    /// The same comparators in the same order on every position, each moved to the earliest layer after the
    /// previous comparators on its two positions (ASAP). Same function, depth never larger: pruning removes
    /// comparators from the middle of paths, so a pruned network often gets shallower this way.
    public func rescheduled() -> ComparatorNetwork {
        var ready = [Int](repeating: 0, count: inputs)  // layers already used on each position
        var result: [[Comparator]] = []
        for layer in layers {
            // Layers are processed in order, and a layer's comparators touch distinct positions, so placing
            // them one by one keeps every position's comparator order.
            for c in layer {
                let l = max(ready[c.high], ready[c.low])
                if l == result.count { result.append([]) }
                result[l].append(c)
                ready[c.high] = l + 1
                ready[c.low] = l + 1
            }
        }
        return ComparatorNetwork(unchecked: name, inputs: inputs, outputs: outputs, layers: result)
    }
}
