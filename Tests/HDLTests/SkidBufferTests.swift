import HDL
import HDLSim
import Testing

/// `SkidBuffer` behaves at its ports exactly as a two-entry queue (ready while fewer than two entries are
/// held, the oldest offered): co-simulated against `QueueModel(depth: 2)` and the stream scoreboard under
/// random back-pressure, and at full throughput when `deq_ready` stays high.
@Suite struct SkidBufferTests {
    @Test(arguments: SimulatorBackend.allCases, [1, 9, 64])
    func randomBackPressure(_ backend: SimulatorBackend, _ width: Int) async throws {
        let seed = SeededGenerator.seed(default: 0x5C1D &+ UInt64(width))
        var rng = SeededGenerator(seed: seed)
        let stimulus = StreamStimulus(model: QueueModel(depth: 2), width: min(width, 62), phases: StreamPhase.standard(depth: 2) + StreamPhase.standard(depth: 2),
                                      resets: 3, drain: 4, rng: &rng)
        try await Simulation.run(SkidBuffer(width: min(width, 62)), on: backend, name: "skid-\(width)-\(backend)", seed: seed) { sim in
            try await sim.checkStream(stimulus)
        }
    }

    /// With `deq_ready` high and an entry offered every cycle, one entry leaves every cycle, one cycle after
    /// it arrived, and `enq_ready` never drops.
    @Test(arguments: SimulatorBackend.allCases)
    func fullThroughputWhenReadyStaysHigh(_ backend: SimulatorBackend) async throws {
        let n = 200
        var rows: [[Int]] = [[1, 0, 0, 1]]  // rst, enq_valid, enq_bits, deq_ready
        var expected: [[Int?]] = [[nil, nil, nil]]
        for i in 0..<n {
            rows.append([0, 1, (i * 37) & 0xFF, 1])
            // enq_ready, deq_valid, deq_bits: the entry of the previous cycle.
            expected.append([1, i == 0 ? 0 : 1, i == 0 ? nil : ((i - 1) * 37) & 0xFF])
        }
        try await Simulation.run(SkidBuffer(width: 8), on: backend, name: "skid-throughput-\(backend)") { sim in
            #expect(sim.inputPorts.map(\.name) == ["rst", "enq_valid", "enq_bits", "deq_ready"])
            #expect(sim.outputPorts.map(\.name) == ["enq_ready", "deq_valid", "deq_bits"])
            try await sim.stream(rows, expect: expected)
        }
    }

    /// Both directions are registered: no combinational path crosses the buffer.
    @Test func noCombinationalPathCrossesIt() throws {
        #expect(try QueueTests.combinationalPaths(SkidBuffer(width: 4)).isEmpty)
    }

    @Test(arguments: [1, 8, 100])
    func lintClean(_ width: Int) async throws {
        try await Lint.check(SkidBuffer(width: width), name: "skid-\(width)")
    }
}
