import SortingNetworks

/// Which positions of a network carry values that reach an output, between every two layers: the hardware
/// builds (and registers) only those, so a top-k core has no dangling logic for lint to flag, and a
/// comparator whose second output is unused becomes a single selection instead of an exchange.
struct NetworkLiveness {
    /// `needed[l][p]`: the value at position p after layer l (l = 0: the inputs) reaches an output.
    let needed: [[Bool]]

    init(_ network: ComparatorNetwork) {
        var needed = [[Bool]](repeating: [Bool](repeating: false, count: network.inputs), count: network.depth + 1)
        for p in 0..<network.outputs { needed[network.depth][p] = true }
        for l in stride(from: network.depth, to: 0, by: -1) {
            needed[l - 1] = needed[l]
            for c in network.layers[l - 1] where needed[l][c.high] || needed[l][c.low] {
                needed[l - 1][c.high] = true
                needed[l - 1][c.low] = true
            }
        }
        self.needed = needed
    }

    /// Comparators (layer, comparator) neither of whose outputs reaches an output.
    func deadComparators(_ network: ComparatorNetwork) -> [(layer: Int, comparator: Comparator)] {
        network.layers.enumerated().flatMap { l, layer in
            layer.filter { !needed[l + 1][$0.high] && !needed[l + 1][$0.low] }.map { (l, $0) }
        }
    }

    /// Input positions whose value can never reach an output.
    var unusedInputs: [Int] { needed[0].indices.filter { !needed[0][$0] } }
}
