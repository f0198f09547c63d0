import HDL
import HDLSim
import Testing

/// Co-simulates registers (reset, enable, no reset, held in a Switch, regNext) and a memory with two read
/// ports against `RegisterZooModel`.
@Suite struct RegisterZooTests {
    @Test(arguments: SimulatorBackend.allCases)
    func directedAndRandom(_ backend: SimulatorBackend) async throws {
        let seed = SeededGenerator.seed(default: 271828)
        var rng = SeededGenerator(seed: seed)
        var stimulus: [RegisterZooModel.Inputs] = [.init(reset: true)]
        // Directed: write every word, read each back through both ports, then each select value.
        for address in 0..<6 {
            stimulus.append(.init(x: 0xA0 + address, writeEnable: true, writeAddress: address))
        }
        for address in 0..<6 {
            stimulus.append(.init(x: address, enable: true, readAddress0: address, readAddress1: 5 - address, readEnable1: address % 2 == 0))
        }
        for select in 0..<4 {
            for enable in [false, true] { stimulus.append(.init(x: 0x3C, enable: enable, select: select)) }
        }
        stimulus.append(.init(x: 9, enable: true, reset: true))
        for _ in 0..<3000 {
            stimulus.append(.init(x: Int(rng.bits(8)), enable: rng.next() % 2 == 0, select: Int(rng.bits(2)),
                                  writeEnable: rng.next() % 3 == 0, writeAddress: Int(rng.next() % 6),
                                  readAddress0: Int(rng.next() % 6), readAddress1: Int(rng.next() % 6),
                                  readEnable1: rng.next() % 2 == 0, reset: rng.next() % 150 == 0))
        }
        var model = RegisterZooModel()
        var rows: [[Int]] = [], expected: [[Int?]] = []
        for (cycle, i) in stimulus.enumerated() {
            rows.append([i.reset ? 1 : 0, i.x, i.enable ? 1 : 0, i.select, i.writeEnable ? 1 : 0, i.writeAddress,
                         i.readAddress0, i.readAddress1, i.readEnable1 ? 1 : 0])
            let out = model.step(i)
            // Before the first reset edge every register is unknown.
            expected.append(cycle == 0 ? out.map { _ in nil } + [] : out)
        }
        expected[0][6] = 1  // in_reset is combinational from rst
        try await Simulation.run(RegisterZoo(), on: backend, name: "register-zoo-\(backend)", seed: seed) { sim in
            try await sim.stream(rows, expect: expected)
        }
    }

    @Test func lintClean() async throws {
        try await Lint.check(RegisterZoo(), name: "register-zoo")
    }
}
