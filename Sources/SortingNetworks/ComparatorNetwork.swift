/// A comparator network as data: `inputs` positions and a list of layers, each a list of compare-exchanges
/// on distinct positions (so a layer is one level of parallel hardware). Positions `0..<outputs` carry the
/// result, the preferred element first: a sorter has `outputs == inputs`; a network pruned to the top k
/// has `outputs == k` and leaves the other positions in no particular order.
///
/// Networks are values: the constructors check them once (positions in range, no position twice in a
/// layer, no empty layer) and everything else (pruning, the 0-1 proof, hardware generation) reads the data.
public struct ComparatorNetwork: Hashable, Sendable, CustomStringConvertible {
    /// Where the network came from, e.g. `odd-even-merge n=16 top 4`; shown in generated Verilog headers.
    public let name: String
    public let inputs: Int
    /// Number of leading positions that carry the result.
    public let outputs: Int
    public let layers: [[Comparator]]

    /// Checks the data; throws `NetworkError` naming the first bad comparator.
    public init(name: String, inputs: Int, outputs: Int? = nil, layers: [[Comparator]]) throws {
        guard inputs >= 1 else { throw NetworkError("a network needs at least 1 input, got \(inputs)") }
        let outputs = outputs ?? inputs
        guard (1...inputs).contains(outputs) else {
            throw NetworkError("\(name): outputs must be 1...\(inputs), got \(outputs)")
        }
        for (l, layer) in layers.enumerated() {
            guard !layer.isEmpty else { throw NetworkError("\(name): layer \(l) is empty") }
            var used = Set<Int>()
            for c in layer {
                guard (0..<inputs).contains(c.high), (0..<inputs).contains(c.low) else {
                    throw NetworkError("\(name): comparator \(c) in layer \(l) is outside positions 0...\(inputs - 1)")
                }
                guard c.high != c.low else { throw NetworkError("\(name): comparator \(c) in layer \(l) compares a position with itself") }
                guard used.insert(c.high).inserted, used.insert(c.low).inserted else {
                    throw NetworkError("\(name): layer \(l) uses a position twice at comparator \(c)")
                }
            }
        }
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        self.layers = layers
    }

    /// From plain pairs `(high, low)` per layer.
    public init(name: String, inputs: Int, outputs: Int? = nil, pairs: [[(Int, Int)]]) throws {
        try self.init(name: name, inputs: inputs, outputs: outputs,
                      layers: pairs.map { $0.map { Comparator(high: $0.0, low: $0.1) } })
    }

    /// Comparator count.
    public var size: Int { layers.reduce(0) { $0 + $1.count } }

    /// Layer count: comparator delays from input to output in hardware (the longest path, when the layers
    /// are as early as the data allows; `pruned(toTop:)` reschedules so that they are).
    public var depth: Int { layers.count }

    /// The layers as plain `(high, low)` pairs, for code that must not depend on this library (the models).
    public var pairs: [[(Int, Int)]] { layers.map { $0.map { ($0.high, $0.low) } } }

    /// True when every comparator sends the preferred element to the lower position: a sorter of this shape
    /// sorts into descending order (position 0 first), and appending never-preferred elements after the last
    /// position leaves the result unchanged.
    public var isStandard: Bool { layers.allSatisfy { $0.allSatisfy { $0.high < $0.low } } }

    public var description: String { "\(name) (\(size) comparators, depth \(depth))" }

    /// For the library's own constructions, whose invariants hold by construction (and are proven by tests).
    init(unchecked name: String, inputs: Int, outputs: Int, layers: [[Comparator]]) {
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        self.layers = layers
    }
}
