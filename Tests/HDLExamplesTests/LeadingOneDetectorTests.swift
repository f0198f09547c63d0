import HDL
import HDLExamples
import HDLSim
import Testing

@Suite struct LeadingOneDetectorTests {
    @Test(arguments: SimulatorBackend.allCases, [8, 16, 32])
    func directedAndRandom(_ backend: SimulatorBackend, width: Int) async throws {
        let seed = SeededGenerator.seed(default: UInt64(width) * 7919)
        var rng = SeededGenerator(seed: seed)
        let mask = (1 << width) - 1
        // Directed: zero, every single bit, every all-ones prefix, and the extremes.
        var xs = [0, 1, mask, 1 << (width - 1), mask >> 1]
        for b in 0..<width { xs += [1 << b, (1 << (b + 1)) - 1, (1 << b) | 1] }
        // Random, with the leading one spread evenly over the positions.
        for _ in 0..<3000 { xs.append(Int(rng.bits(width)) >> Int(rng.next() % UInt64(width))) }
        try await Simulation.run(LeadingOneDetector(width: width), on: backend, name: "lod-\(width)-\(backend)", seed: seed) { sim, io in
            var s = sim.stimulus()
            for x in xs {
                let (position, valid) = LeadingOneModel.detect(x)
                s[io.x] = x
                s.expect(io.position, position)
                s.expect(io.valid, valid)
                s.step()
            }
            #expect(s.coverageGaps().isEmpty, "\(s.coverageGaps())")
            try await sim.stream(s)
        }
    }
}
