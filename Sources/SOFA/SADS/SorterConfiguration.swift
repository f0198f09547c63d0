import HDL
import SortingNetworks

/// The `sorter` block as a user sets it up: a family's n-input network pruned to the top k, in a
/// `SortingNetworkCore` (which itself takes any network; these parameters pick one).
public struct SorterConfiguration: DeclaredGenerator {
    public var inputs = 16
    public var top = 4
    public var family = NetworkFamily.oddEvenMerge
    public var keyWidth = 20
    public var indexWidth = 10
    public var pipelineEvery = 2

    public init() {}

    public static var defaults: SorterConfiguration { SorterConfiguration() }
    public static let summary = "SADS comparator-network core: top k of n (key, index) pairs, best first"
    public static var parameters: [GeneratorParameter<SorterConfiguration>] {
        [.integer("n", \.inputs, 2...256, size: true, help: "inputs per round (the paper's sort core: 16)"),
         .integer("k", \.top, 1...256, size: true, help: "outputs kept, best first, at most n (k = n: a full sorter)"),
         .choice("family", \.family, help: "comparator network (smallest/fastest: published networks for n = 4, 8, 16, 32)"),
         .integer("key-width", \.keyWidth, 2...64, help: "signed key width (DLZS scores: 15 + log2 d bits)"),
         .integer("index-width", \.indexWidth, 1...64, help: "index payload width (key index in the row)"),
         .integer("pipeline", \.pipelineEvery, 0...1024, help: "register stage every this many layers (0: combinational)")]
    }

    public func hardware() throws -> SortingNetworkCore {
        try validateParameters()
        do {
            return try SortingNetworkCore(family: family, inputs: inputs, top: top, keyWidth: keyWidth, indexWidth: indexWidth,
                                          pipelineEvery: pipelineEvery)
        } catch let e as NetworkError {
            throw ParameterError(e.message)
        }
    }

    /// Latency, inputs per cycle, comparators and depth (zeros for a configuration with no network).
    public var figures: [GeneratorFigure] {
        let core = try? hardware()
        return [GeneratorFigure("latency", core?.latency ?? 0), GeneratorFigure("ops_per_cycle", inputs),
                GeneratorFigure("comparators", core?.comparators ?? 0), GeneratorFigure("depth", core?.depth ?? 0)]
    }
}
