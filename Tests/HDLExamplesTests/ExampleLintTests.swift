import HDL
import HDLExamples
import HDLSim
import Testing

/// Every example, over a matrix of parameters, must be clean in all three lint tools and emit the same
/// bytes twice.
@Suite struct ExampleLintTests {
    static var matrix: [(String, any Module)] { [
        ("counter-1", Counter(width: 1)), ("counter-8", Counter(width: 8)), ("counter-64", Counter(width: 64)),
        ("lod-2", LeadingOneDetector(width: 2)), ("lod-8", LeadingOneDetector(width: 8)),
        ("lod-16", LeadingOneDetector(width: 16)), ("lod-32", LeadingOneDetector(width: 32)),
        ("lod-128", LeadingOneDetector(width: 128)),
        ("mac-8", MultiplyAccumulate()), ("mac-16", MultiplyAccumulate(dataWidth: 16, accumulatorWidth: 40)),
        ("mac-3", MultiplyAccumulate(dataWidth: 3, accumulatorWidth: 6)),
        ("fifo-2", FIFO(width: 1, depth: 2)), ("fifo-16", FIFO()), ("fifo-256", FIFO(width: 72, depth: 256)),
        ("pair", CounterPair()), ("pair-1-2", CounterPair(narrowWidth: 1, wideWidth: 2)),
        ("systolic-1x1", SystolicArray(rows: 1, columns: 1)), ("systolic-3x2", SystolicArray(rows: 3, columns: 2)),
        ("stream-buffer", ScoreStreamBuffer()), ("stream-buffer-1-flow", ScoreStreamBuffer(scoreWidth: 2, indexWidth: 1, depth: 1, flow: true)),
        ("stream-buffer-5-pipe", ScoreStreamBuffer(scoreWidth: 32, indexWidth: 32, depth: 5, pipe: true, flow: true)),
        ("lane-delay", LaneDelay()), ("lane-delay-0", LaneDelay(latency: 0)), ("lane-delay-1x1", LaneDelay(lanes: 1, width: 1, latency: 1)),
    ] }

    @Test(arguments: matrix.map(\.0))
    func lintClean(_ name: String) async throws {
        let module = try #require(Self.matrix.first { $0.0 == name }?.1)
        try await Lint.check(module, name: "example-\(name)")
    }

    @Test(arguments: matrix.map(\.0))
    func emissionIsByteIdentical(_ name: String) throws {
        let module = try #require(Self.matrix.first { $0.0 == name }?.1)
        let first = try emitVerilog(module), second = try emitVerilog(module)
        #expect(first.files == second.files)
        #expect(first.manifest == second.manifest && first.filelist == second.filelist)
    }
}
