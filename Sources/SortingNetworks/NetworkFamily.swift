/// Where a sorting network comes from. The constructions work for any n >= 2; the published networks exist
/// for the sizes in `availableInputs` only.
public enum NetworkFamily: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Batcher's bitonic sorter, one-direction form (`BitonicSorter`): regular, n/2 comparators per layer.
    case bitonic
    /// Batcher's odd-even merge sort (`OddEvenMergeSorter`): the same depth with fewer comparators.
    case oddEvenMerge = "odd-even-merge"
    /// The published network with the fewest comparators (`PublishedNetworks`).
    case smallest
    /// The published network with the fewest layers (for 16 inputs 61 comparators at depth 9 instead of
    /// 60 at depth 10; the same network as `smallest` for the other sizes).
    case fastest

    public var description: String { rawValue }

    /// The sizes this family can build, or nil for every n >= 2.
    public var availableInputs: [Int]? {
        switch self {
        case .bitonic, .oddEvenMerge: nil
        case .smallest, .fastest: PublishedNetworks.availableInputs
        }
    }

    /// The largest n the constructions accept: beyond it the generated hardware is impractical anyway.
    public static let maximumInputs = 4096

    /// The family's network sorting `n` inputs into descending order (preferred element at position 0).
    public func sorter(inputs n: Int) throws -> ComparatorNetwork {
        guard (2...Self.maximumInputs).contains(n) else {
            throw NetworkError("\(self): n must be 2...\(Self.maximumInputs), got \(n)")
        }
        let name = "\(self) n=\(n)"
        switch self {
        case .bitonic:
            return ComparatorNetwork(unchecked: name, inputs: n, outputs: n, layers: BitonicSorter.layers(inputs: n))
        case .oddEvenMerge:
            return ComparatorNetwork(unchecked: name, inputs: n, outputs: n, layers: OddEvenMergeSorter.layers(inputs: n))
        case .smallest, .fastest:
            guard let pairs = PublishedNetworks.layers(inputs: n, fastest: self == .fastest) else {
                let sizes = PublishedNetworks.availableInputs.map(String.init).joined(separator: ", ")
                throw NetworkError("\(self): no published network for n = \(n) (available: \(sizes)); use bitonic or odd-even-merge")
            }
            return try ComparatorNetwork(name: name, inputs: n, pairs: pairs)
        }
    }

    /// The sorter pruned to the top `k` outputs (`ComparatorNetwork.pruned(toTop:)`); `k == n` is the sorter.
    public func selector(inputs n: Int, top k: Int) throws -> ComparatorNetwork {
        let sorter = try sorter(inputs: n)
        guard (1...n).contains(k) else { throw NetworkError("\(self) n=\(n): k must be 1...\(n), got \(k)") }
        return k == n ? sorter : try sorter.pruned(toTop: k)
    }
}
