import HDL
import HDLExamples
import HDLSim
import Testing

@Suite struct LeadingOneDetectorTests {
    static func vector(_ x: Int) -> [Int?] {
        let (position, valid) = LeadingOneModel.detect(x)
        return [position, valid ? 1 : 0]
    }

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
        try await Simulation.run(LeadingOneDetector(width: width), on: backend, name: "lod-\(width)-\(backend)", seed: seed) { sim in
            try await sim.stream(xs.map { [$0] }, expect: xs.map(Self.vector))
        }
    }
}
