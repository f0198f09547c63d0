import HDL
import HDLExamples
import HDLSim
import Testing

/// A vector payload through `m.pipe`, and a plain `m.shiftRegister`, on both simulators: the valid lanes
/// leave `latency` cycles after they came (and nothing that was in flight at a reset), the delay line
/// repeats lane 0 `latency` cycles late whatever the resets.
@Suite struct LaneDelayTests {
    @Test(arguments: SimulatorBackend.allCases, [1, 3])
    func randomLanes(_ backend: SimulatorBackend, _ latency: Int) async throws {
        let lanes = 3, width = 7
        let seed = SeededGenerator.seed(default: 0x1A7E &+ UInt64(latency))
        var rng = SeededGenerator(seed: seed)
        var inputs: [(reset: Bool, valid: Bool, lanes: [Int])] = [(true, false, [0, 0, 0])]
        for k in 0..<1200 {
            inputs.append((k == 500 || k == 501 || k == 900, rng.next() % 3 != 0, (0..<lanes).map { _ in rng.signedBits(width) }))
        }
        var rows: [[Int]] = [], expected: [[Int?]] = []
        // The pipe's stages: nil before the first reset (unknown), valid bits cleared by a reset.
        var stages = [(valid: Bool, lanes: [Int])?](repeating: nil, count: latency)
        for (t, i) in inputs.enumerated() {
            rows.append([i.reset ? 1 : 0, i.valid ? 1 : 0] + i.lanes)
            let last = stages[latency - 1]
            let outLanes: [Int?] = (0..<lanes).map { l in last.flatMap { $0.valid ? $0.lanes[l] : nil } }
            let delayed = t >= latency ? inputs[t - latency].lanes[0] : nil
            expected.append([last.map { $0.valid ? 1 : 0 }] + outLanes + [delayed])
            stages = i.reset ? Array(repeating: (false, []), count: latency) : [(i.valid, i.lanes)] + stages.dropLast()
        }
        try await Simulation.run(LaneDelay(lanes: lanes, width: width, latency: latency), on: backend,
                                 name: "lane-delay-\(latency)-\(backend)", seed: seed) { sim in
            #expect(sim.inputPorts.map(\.name) == ["rst", "input_valid", "input_bits_0", "input_bits_1", "input_bits_2"])
            #expect(sim.outputPorts.map(\.name) == ["output_valid", "output_bits_0", "output_bits_1", "output_bits_2", "first_delayed"])
            try await sim.stream(rows, expect: expected)
        }
    }
}
