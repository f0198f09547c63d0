extension ComparatorNetwork {
    /// The top k of two lists of k that are each already in order (positions 0..<k and k..<2k, preferred
    /// element first): the merge step of a streaming top-k, where the held winners meet a round's new best.
    ///
    /// Layer 1 compares a_i with b_(k-1-i) and keeps the better at position i: those k are exactly the top k
    /// of both lists, in bitonic order (for 0-1 inputs, 1^p 0^r 1^q). A bitonic merger (half-cleaners)
    /// sorts them when k is a power of two, else odd-even merge sort does: 1 + log2 k layers and
    /// k + (k/2) log2 k comparators for k = 2^m. Correct only for ordered halves; `ZeroOneProof.sortedMerge`
    /// proves it on every pair of ordered 0-1 halves.
    public static func mergeOfOrderedHalves(_ k: Int) throws -> ComparatorNetwork {
        guard (1...(NetworkFamily.maximumInputs / 2)).contains(k) else {
            throw NetworkError("merge: k must be 1...\(NetworkFamily.maximumInputs / 2), got \(k)")
        }
        var layers: [[Comparator]] = [(0..<k).map { Comparator(high: $0, low: 2 * k - 1 - $0) }]
        if k > 1 {
            if k & (k - 1) == 0 {
                var step = k / 2
                while step >= 1 {
                    var layer: [Comparator] = []
                    for block in stride(from: 0, to: k, by: 2 * step) {
                        for i in block..<(block + step) { layer.append(Comparator(high: i, low: i + step)) }
                    }
                    layers.append(layer)
                    step /= 2
                }
            } else {
                layers += OddEvenMergeSorter.layers(inputs: k)
            }
        }
        let full = ComparatorNetwork(unchecked: "ordered merge 2x\(k)", inputs: 2 * k, outputs: 2 * k, layers: layers)
        let pruned = try full.pruned(toTop: k)
        return ComparatorNetwork(unchecked: full.name, inputs: pruned.inputs, outputs: pruned.outputs, layers: pruned.layers)
    }
}

extension ZeroOneProof {
    /// The 0-1 principle for merging networks: a network on two ordered halves of `k` (positions 0..<k and
    /// k..<2k) yields their top k in order for every ordered input iff it does for every pair of ordered 0-1
    /// halves 1^p 0^(k-p) and 1^q 0^(k-q), (k + 1)^2 cases.
    public static func orderedHalves(_ network: ComparatorNetwork) throws -> Verdict {
        guard network.inputs % 2 == 0 else {
            throw NetworkError("\(network.name): a merge of two ordered halves needs an even number of inputs")
        }
        let k = network.inputs / 2
        for p in 0...k {
            for q in 0...k {
                let input = (0..<k).map { $0 < p } + (0..<k).map { $0 < q }
                var v = input
                for layer in network.layers {
                    for c in layer where v[c.low] && !v[c.high] { v.swapAt(c.high, c.low) }
                }
                let ones = min(p + q, network.outputs)
                if (0..<network.outputs).contains(where: { v[$0] != ($0 < ones) }) { return .counterexample(input) }
            }
        }
        return .proven
    }
}
