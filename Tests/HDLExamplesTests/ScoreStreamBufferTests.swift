import HDL
import HDLExamples
import HDLSim
import Testing

/// The bundle payload through `m.queue` and `m.skidBuffer`, on both simulators, against
/// `ScoreStreamBufferModel`, with random valid and random back-pressure, resets in the middle, and a check
/// that the entries leave in the order they came, each once, with their fields intact.
@Suite struct ScoreStreamBufferTests {
    @Test(arguments: SimulatorBackend.allCases, [(3, true, false), (4, false, true)])
    func randomValidAndReady(_ backend: SimulatorBackend, _ config: (depth: Int, pipe: Bool, flow: Bool)) async throws {
        let block = ScoreStreamBuffer(scoreWidth: 12, indexWidth: 6, depth: config.depth, pipe: config.pipe, flow: config.flow)
        let seed = SeededGenerator.seed(default: 0x55B &+ UInt64(config.depth))
        var rng = SeededGenerator(seed: seed)
        var model = ScoreStreamBufferModel(depth: config.depth, pipe: config.pipe, flow: config.flow)
        // Inputs: rst, input_valid, input_bits_score, input_bits_index, output_ready.
        var rows: [[Int]] = [[1, 0, 0, 0, 0]]
        // Outputs: input_ready, output_valid, output_bits_score, output_bits_index.
        var expected: [[Int?]] = [[nil, nil, nil, nil]]
        var sent: [[Int]] = [], received: [[Int]] = []
        var held: (Int, Int)?
        for k in 0..<3000 {
            let (validOdds, readyOdds) = [(14, 3), (3, 14), (8, 8), (16, 16), (12, 6)][(k / 150) % 5]
            if k == 1400 || k == 2222 {
                let o = model.outputs(inputValid: false, input: (0, 0), outputReady: false)
                rows.append([1, 0, 0, 0, 0])
                expected.append([o.inputReady ? 1 : 0, o.outputValid ? 1 : 0, o.output?.score, o.output?.index])
                model.reset()
                held = nil
                sent = Array(received)  // what was inside is dropped
                continue
            }
            let valid = held != nil || Int(rng.next() % 16) < validOdds
            let entry = held ?? (rng.signedBits(12), Int(rng.bits(6)))
            let ready = Int(rng.next() % 16) < readyOdds && k < 2900 || k >= 2990
            let o = model.step(inputValid: valid && k < 2990, input: entry, outputReady: ready)
            rows.append([0, valid && k < 2990 ? 1 : 0, entry.0, entry.1, ready ? 1 : 0])
            expected.append([o.inputReady ? 1 : 0, o.outputValid ? 1 : 0, o.outputValid ? o.output?.score : nil,
                             o.outputValid ? o.output?.index : nil])
            if valid && k < 2990 && o.inputReady { sent.append([entry.0, entry.1]) }
            if o.outputValid && ready, let out = o.output { received.append([out.score, out.index]) }
            held = valid && !o.inputReady && k < 2990 ? entry : nil  // a producer that holds its offer
        }
        #expect(received.count > 500)
        #expect(received == sent, "every entry that went in came out once, in order")
        try await Simulation.run(block, on: backend, name: "score-stream-buffer-\(config.depth)-\(backend)", seed: seed) { sim in
            #expect(sim.inputPorts.map(\.name) == ["rst", "input_valid", "input_bits_score", "input_bits_index", "output_ready"])
            #expect(sim.outputPorts.map(\.name) == ["input_ready", "output_valid", "output_bits_score", "output_bits_index"])
            try await sim.stream(rows, expect: expected)
        }
    }
}
