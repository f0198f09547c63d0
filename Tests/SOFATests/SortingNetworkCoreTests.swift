import HDL
import HDLSim
import SOFA
import SOFAModel
import SortingNetworks
import Testing

@Suite struct SortingNetworkCoreTests {
    /// A core configuration under test, named for the simulator work folders.
    struct Configuration: CustomTestStringConvertible, Sendable {
        var family: NetworkFamily
        var n: Int
        var k: Int
        var keyWidth: Int
        var indexWidth: Int
        var pipeline: Int

        var name: String { "\(family)-\(n)-top\(k)-w\(keyWidth)-i\(indexWidth)-p\(pipeline)" }
        var testDescription: String { name }

        func core() throws -> SortingNetworkCore {
            try SortingNetworkCore(family: family, inputs: n, top: k, keyWidth: keyWidth, indexWidth: indexWidth,
                                   pipelineEvery: pipeline)
        }
    }

    /// Sizes 4...64, every family, full sorters and pruned selectors, combinational and pipelined, a size
    /// that is not a power of two, 64-bit keys with 1-bit indices. (Each Verilator build costs ~8 s plus
    /// ~0.035 s per comparator on the project's machines, so the largest networks run on Icarus only, below.)
    static let configurations: [Configuration] = [
        Configuration(family: .smallest, n: 4, k: 4, keyWidth: 8, indexWidth: 2, pipeline: 0),
        Configuration(family: .bitonic, n: 8, k: 2, keyWidth: 6, indexWidth: 3, pipeline: 1),
        Configuration(family: .oddEvenMerge, n: 8, k: 8, keyWidth: 64, indexWidth: 1, pipeline: 2),
        Configuration(family: .oddEvenMerge, n: 12, k: 3, keyWidth: 8, indexWidth: 4, pipeline: 2),
        Configuration(family: .smallest, n: 16, k: 4, keyWidth: 16, indexWidth: 4, pipeline: 2),
        Configuration(family: .fastest, n: 16, k: 16, keyWidth: 10, indexWidth: 5, pipeline: 3),
        Configuration(family: .oddEvenMerge, n: 32, k: 32, keyWidth: 12, indexWidth: 5, pipeline: 0),
        Configuration(family: .smallest, n: 32, k: 8, keyWidth: 16, indexWidth: 6, pipeline: 4),
        Configuration(family: .oddEvenMerge, n: 64, k: 2, keyWidth: 20, indexWidth: 8, pipeline: 0),
    ]

    /// Full 64-input sorters and a pruned bitonic one (543 to 672 comparators): Icarus compiles them in
    /// a fraction of a second.
    static let largeConfigurations: [Configuration] = [
        Configuration(family: .bitonic, n: 64, k: 64, keyWidth: 16, indexWidth: 6, pipeline: 3),
        Configuration(family: .oddEvenMerge, n: 64, k: 64, keyWidth: 9, indexWidth: 7, pipeline: 0),
        Configuration(family: .bitonic, n: 64, k: 16, keyWidth: 16, indexWidth: 6, pipeline: 5),
        Configuration(family: .smallest, n: 32, k: 32, keyWidth: 24, indexWidth: 5, pipeline: 1),
    ]

    /// Directed corner cases and seeded random vectors, on both simulators, bit-exact against the model.
    @Test(arguments: SimulatorBackend.allCases, configurations)
    func matchesModel(_ backend: SimulatorBackend, _ config: Configuration) async throws {
        let core = try config.core()
        let stimulus = try SorterStimulus(core)
        let seed = SeededGenerator.seed(default: UInt64(config.n * 1000 + config.k * 10 + config.pipeline))
        var rng = SeededGenerator(seed: seed)
        let vectors = stimulus.directedVectors() + stimulus.randomVectors(backend == .verilator ? 3000 : 600, &rng)
        try await Simulation.run(core, on: backend, name: "sorter-\(config.name)-\(backend)", seed: seed) { sim, io in
            try await stimulus.run(vectors, on: sim, io)
        }
    }

    /// Resets every 20 vectors in a pipelined core: `valid_out` must be low after each until the next valid
    /// vector's result (issue 9, item 11: the pipeline's valid registers need their reset; random initial
    /// values make a missing one show on both simulators).
    @Test(arguments: SimulatorBackend.allCases)
    func validIsLowAfterResetsInTheMiddleOfAStream(_ backend: SimulatorBackend) async throws {
        let config = Self.configurations[1]
        let core = try config.core()
        let stimulus = try SorterStimulus(core)
        let seed = SeededGenerator.seed(default: 9011)
        var rng = SeededGenerator(seed: seed)
        let vectors = stimulus.directedVectors() + stimulus.randomVectors(400, &rng)
        try await Simulation.run(core, on: backend, name: "sorter-resets-\(config.name)-\(backend)", seed: seed) { sim, io in
            try await stimulus.run(vectors, on: sim, io, resetEvery: 20)
        }
    }

    @Test(arguments: largeConfigurations)
    func largeNetworksMatchModelOnIcarus(_ config: Configuration) async throws {
        try await matchesModel(.icarus, config)
    }

    /// Every 0-1 key vector through the RTL (Verilator), with index payloads rotating per vector: the 0-1
    /// principle, checked on the hardware itself, for the configurations up to 16 inputs.
    @Test(arguments: configurations.filter { $0.n <= 16 })
    func zeroOnePrincipleOnTheRTL(_ config: Configuration) async throws {
        let core = try config.core()
        let stimulus = try SorterStimulus(core)
        let n = core.inputs
        let vectors = (0..<(1 << n)).map { v in
            SorterStimulus.Vector(valid: v % 2 == 0, entries: (0..<n).map { p in
                RankedKey(key: (v >> p) & 1, index: ((p + v) % n) & ((1 << core.indexWidth) - 1))
            })
        }
        // Where the payloads are distinct, the model's result is also the reference top k.
        if 1 << core.indexWidth >= n {
            for v in vectors.prefix(1 << min(n, 10)) {
                #expect(try Array(stimulus.model.run(v.entries).prefix(core.outputs)) == RankedKey.top(core.outputs, of: v.entries))
            }
        }
        try await Simulation.run(core, on: .verilator, name: "sorter01-\(config.name)") { sim, io in
            try await stimulus.run(vectors, on: sim, io, resetEvery: .max, checkCoverage: false)  // every vector checked
        }
    }

    /// The generator reports what the network and the pipelining give.
    @Test func reportsCountsDepthAndLatency() throws {
        let network = try NetworkFamily.oddEvenMerge.selector(inputs: 16, top: 4)
        for p in 0...12 {
            let core = SortingNetworkCore(network: network, pipelineEvery: p)
            #expect(core.comparators == network.size && core.depth == network.depth)
            #expect(core.latency == (p == 0 ? 0 : (network.depth + p - 1) / p))
            // One register stage per latency cycle: count the valid registers in the Verilog.
            let verilog = try emitVerilog(core).files.last!.contents
            let stages = verilog.split(separator: "\n").filter { $0.contains("reg s") && $0.contains("_valid;") }.count
            #expect(stages == core.latency, "p = \(p)")
            #expect(verilog.contains("input  wire clk") == (p > 0))
        }
        let full = try SortingNetworkCore(family: .oddEvenMerge, inputs: 256, top: 256)
        #expect(full.comparators == 3839 && full.depth == 36)
    }

    /// A pruned core builds only the sides of comparators that reach an output.
    @Test func prunedCoreHasNoUnusedSides() throws {
        let core = try SortingNetworkCore(family: .oddEvenMerge, inputs: 8, top: 1)
        let verilog = try emitVerilog(core).files.last!.contents
        // A top-1 network is a tournament: every comparator keeps only its winner.
        #expect(core.comparators == 7)
        let keyAssignments = verilog.split(separator: "\n").filter { line in
            line.hasPrefix("  assign l") && line.split(separator: "=")[0].contains("_key_")
        }
        #expect(keyAssignments.count == 7)
    }

    @Test func invalidParametersAreErrors() throws {
        let network = try NetworkFamily.bitonic.sorter(inputs: 8)
        #expect(throws: ElaborationError.self) { try emitVerilog(SortingNetworkCore(network: network, keyWidth: 1)) }
        #expect(throws: ElaborationError.self) { try emitVerilog(SortingNetworkCore(network: network, keyWidth: 65)) }
        #expect(throws: ElaborationError.self) { try emitVerilog(SortingNetworkCore(network: network, indexWidth: 0)) }
        #expect(throws: ElaborationError.self) { try emitVerilog(SortingNetworkCore(network: network, pipelineEvery: -1)) }
        // An unpruned network asked for fewer outputs has comparators that feed nothing.
        let unpruned = try ComparatorNetwork(name: "unpruned", inputs: 4, outputs: 1, pairs: [[(0, 1), (2, 3)], [(0, 2), (1, 3)]])
        let error = try #require(throws: ElaborationError.self) { try emitVerilog(SortingNetworkCore(network: unpruned)) }
        #expect("\(error)".contains("comparator (1, 3) in layer 1 feeds no output"))
        // An input that never reaches an output.
        let partial = try ComparatorNetwork(name: "partial", inputs: 3, outputs: 1, pairs: [[(0, 1)]])
        #expect(throws: ElaborationError.self) { try emitVerilog(SortingNetworkCore(network: partial)) }
        // Family errors surface before elaboration, as the library's errors.
        #expect(throws: NetworkError.self) { try SortingNetworkCore(family: .smallest, inputs: 12, top: 2) }
        #expect(throws: NetworkError.self) { try SortingNetworkCore(family: .bitonic, inputs: 8, top: 9) }
    }

    /// Lint-clean over a matrix of families, sizes, k, widths and pipelining; the same bytes every time.
    @Test(arguments: [
        Configuration(family: .bitonic, n: 2, k: 1, keyWidth: 2, indexWidth: 1, pipeline: 0),
        Configuration(family: .bitonic, n: 5, k: 5, keyWidth: 4, indexWidth: 3, pipeline: 1),
        Configuration(family: .oddEvenMerge, n: 8, k: 1, keyWidth: 8, indexWidth: 3, pipeline: 2),
        Configuration(family: .oddEvenMerge, n: 16, k: 4, keyWidth: 20, indexWidth: 4, pipeline: 5),
        Configuration(family: .smallest, n: 16, k: 3, keyWidth: 16, indexWidth: 10, pipeline: 0),
        Configuration(family: .fastest, n: 16, k: 16, keyWidth: 32, indexWidth: 4, pipeline: 9),
        Configuration(family: .smallest, n: 32, k: 8, keyWidth: 16, indexWidth: 5, pipeline: 3),
        Configuration(family: .oddEvenMerge, n: 32, k: 16, keyWidth: 64, indexWidth: 64, pipeline: 100),
        Configuration(family: .bitonic, n: 20, k: 5, keyWidth: 12, indexWidth: 7, pipeline: 4),
    ])
    func lintClean(_ config: Configuration) async throws {
        let core = try config.core()
        try await Lint.check(core, name: "sorter-\(config.name)")
        #expect(try emitVerilog(core).files == emitVerilog(core).files)
    }
}
