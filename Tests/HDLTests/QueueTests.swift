import HDL
import HDLSim
import Testing

/// `Queue` co-simulated on both simulators against `QueueModel` and the stream scoreboard: depths 1, 2, 5
/// (not a power of two: the pointers wrap by compare) and 16, each plain, pipe, flow and pipe + flow,
/// under random valid and random ready with resets in the middle.
@Suite struct QueueTests {
    struct Variant: CustomStringConvertible, Sendable {
        var depth: Int
        var pipe: Bool
        var flow: Bool
        var description: String { "d\(depth)\(pipe ? "-pipe" : "")\(flow ? "-flow" : "")" }
    }

    static let variants: [Variant] = [1, 2, 5, 16].flatMap { d in
        [(false, false), (true, false), (false, true), (true, true)].map { Variant(depth: d, pipe: $0.0, flow: $0.1) }
    }

    @Test(arguments: SimulatorBackend.allCases, variants)
    func randomValidAndReady(_ backend: SimulatorBackend, _ v: Variant) async throws {
        let width = 10
        let seed = SeededGenerator.seed(default: 0x5155_4555 &+ UInt64(v.depth * 4 + (v.pipe ? 2 : 0) + (v.flow ? 1 : 0)))
        var rng = SeededGenerator(seed: seed)
        let stimulus = StreamStimulus(model: QueueModel(depth: v.depth, pipe: v.pipe, flow: v.flow), width: width,
                                      phases: StreamPhase.standard(depth: v.depth), resets: 2, drain: v.depth + 2, rng: &rng)
        #expect(stimulus.transfers > 100)
        let queue = Queue(width: width, depth: v.depth, pipe: v.pipe, flow: v.flow)
        try await Simulation.run(queue, on: backend, name: "queue-\(v)-\(backend)", seed: seed) { sim in
            try await sim.checkStream(stimulus)
        }
    }

    /// Every combinational path between the two sides is the one the option documents.
    @Test(arguments: variants.filter { $0.depth == 2 })
    func combinationalPathsFollowTheOptions(_ v: Variant) throws {
        let paths = try Self.combinationalPaths(Queue(width: 4, depth: v.depth, pipe: v.pipe, flow: v.flow))
        var expected: Set<String> = []
        if v.pipe { expected.insert("deq_ready -> enq_ready") }
        if v.flow { expected.formUnion(["enq_valid -> deq_valid", "enq_bits -> deq_bits"]) }
        #expect(paths == expected)
    }

    /// "input -> output" for every combinational path through a stream block, as its parent sees it.
    static func combinationalPaths<B: Module>(_ block: B) throws -> Set<String> where B.IO: FlatStreamIO {
        let circuit = try elaborate(StreamBlockProbe(block: block))
        let ir = try #require(circuit.modules.first { $0.baseName == block.moduleName })
        let names = ir.ports.map { ir.name(of: $0) }
        var paths: Set<String> = []
        for (o, inputs) in ir.combinationalPaths.enumerated() {
            for i in inputs { paths.insert("\(names[i]) -> \(names[o])") }
        }
        return paths
    }

    @Test func countIsWideEnoughForAFullQueue() throws {
        for (depth, width) in [(1, 1), (2, 2), (3, 2), (4, 3), (5, 3), (16, 5), (17, 5)] {
            let ports = try emitVerilog(Queue(width: 3, depth: depth)).ports
            #expect(ports.first { $0.name == "count" }?.width == width, "depth \(depth)")
        }
    }

    @Test func invalidParametersAreErrors() {
        for bad in [Queue(width: 8, depth: 0), Queue(width: 0, depth: 4), Queue(width: 8, depth: 5000)] {
            #expect(throws: ElaborationError.self) { try elaborate(bad) }
        }
    }

    @Test(arguments: [(1, 1, false, false), (8, 1, true, true), (8, 2, false, true), (33, 3, true, false), (8, 5, false, false),
                      (64, 16, true, true), (1, 64, false, false), (12, 100, true, false)])
    func lintClean(_ width: Int, _ depth: Int, _ pipe: Bool, _ flow: Bool) async throws {
        try await Lint.check(Queue(width: width, depth: depth, pipe: pipe, flow: flow),
                             name: "queue-w\(width)-d\(depth)-\(pipe)-\(flow)")
    }
}

/// The two ends of a flat stream block (`Queue`, `SkidBuffer`).
protocol FlatStreamIO {
    var enq: Decoupled<Unsigned> { get }
    var deq: Decoupled<Unsigned> { get }
}

extension Queue.IO: FlatStreamIO {}
extension SkidBuffer.IO: FlatStreamIO {}

/// Instantiates a stream block between two stream ports, so the elaborator works out the block's port paths
/// (it does for instantiated modules).
struct StreamBlockProbe<B: Module>: Module where B.IO: FlatStreamIO {
    var block: B

    func ports(_ p: Ports) -> (input: Decoupled<Unsigned>, output: Decoupled<Unsigned>) {
        (p.input(.decoupled(.uint(4))), p.output(.decoupled(.uint(4))))
    }

    func body(_ m: Scope, _ io: IO) -> Block {
        let b = m.instance("block", block)
        b.enq <== io.input
        io.output <== b.deq
    }
}
