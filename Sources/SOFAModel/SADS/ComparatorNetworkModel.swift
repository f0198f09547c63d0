/// Bit-accurate model of a comparator-network core: runs a network, given as plain data, on `RankedKey`s.
///
/// The network arrives as layers of `(high, low)` pairs: afterwards position `high` holds whichever of the
/// two ranks first (`RankedKey.precedes`) and `low` the other. This is what the generated hardware computes
/// comparator by comparator, so the model's full output vector (not only the top k) is what the RTL must
/// produce. It takes the data rather than the SortingNetworks library's types so that the golden model does
/// not share code with the generator it checks.
public struct ComparatorNetworkModel: Sendable {
    public let inputs: Int
    public let layers: [[(high: Int, low: Int)]]

    public struct InvalidNetwork: Error, CustomStringConvertible {
        public let description: String
    }

    /// Checks that every pair names two distinct positions in `0..<inputs` and no layer uses a position twice.
    public init(inputs: Int, layers: [[(Int, Int)]]) throws {
        for (l, layer) in layers.enumerated() {
            var used = Set<Int>()
            for (h, lo) in layer {
                guard (0..<inputs).contains(h), (0..<inputs).contains(lo), h != lo else {
                    throw InvalidNetwork(description: "layer \(l): pair (\(h), \(lo)) is not two distinct positions in 0..<\(inputs)")
                }
                guard used.insert(h).inserted, used.insert(lo).inserted else {
                    throw InvalidNetwork(description: "layer \(l): position used twice at pair (\(h), \(lo))")
                }
            }
        }
        self.inputs = inputs
        self.layers = layers.map { $0.map { (high: $0.0, low: $0.1) } }
    }

    /// Every position after the last layer.
    public func run(_ entries: [RankedKey]) throws -> [RankedKey] {
        guard entries.count == inputs else {
            throw InvalidNetwork(description: "\(entries.count) entries for a network of \(inputs) inputs")
        }
        var v = entries
        for layer in layers {
            for c in layer where RankedKey.precedes(v[c.low], v[c.high]) {
                v.swapAt(c.high, c.low)
            }
        }
        return v
    }
}
