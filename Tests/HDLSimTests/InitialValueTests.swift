import Foundation
import HDL
import HDLSim
import Testing

/// Registers start from seeded random values on both simulators, so a missing reset cannot hide behind a
/// simulator that zeroes them (Verilator's `--x-initial fast`) or reads x as false (Icarus).
@Suite struct InitialValueTests {
    /// The register of `HandUnreset` (no reset) before its first load, for a seed.
    static func unresetValue(_ backend: SimulatorBackend, seed: UInt64) async throws -> UInt64 {
        try await Simulation.run(HandWritten.unreset, on: backend, in: try Workspace.directory("init-unreset-\(backend)-\(seed)"),
                                 seed: seed) { sim in
            sim.reset()
            return try await sim.peek("q")
        }
    }

    @Test(arguments: SimulatorBackend.allCases)
    func aRegisterWithoutResetStartsFromTheSeed(_ backend: SimulatorBackend) async throws {
        var values: [UInt64] = []
        for seed in [UInt64(1), 2, 3, 4, 5, 6] { values.append(try await Self.unresetValue(backend, seed: seed)) }
        // Reproducible per seed, and not one fixed value (six 4-bit draws all equal: 1 in 2^20).
        #expect(try await Self.unresetValue(backend, seed: 3) == values[2])
        #expect(Set(values).count > 1, "\(values)")
    }

    /// Registers in children are reached; declared initial values, ROM contents, combinational regs and wires
    /// assigned from registers keep what the design says.
    @Test(arguments: SimulatorBackend.allCases)
    func onlyStateWithoutInitialValuesIsRandomized(_ backend: SimulatorBackend) async throws {
        var children: Set<UInt64> = []
        for seed in [UInt64(11), 12, 13, 14, 15] {
            let dir = try Workspace.directory("init-state-\(backend)-\(seed)")
            try await Simulation.run(HandWritten.state, on: backend, in: dir, seed: seed) { sim in
                let child = sim.sample("child_q"), alias = sim.sample("alias_q")
                sim.expect("preset_q", 9)
                sim.expect("comb", 0x15)
                for address in 0..<4 {
                    sim.poke("addr", address)
                    sim.expect("rom_q", [0x11, 0x22, 0x33, 0x44][address])
                }
                try await sim.flush()
                #expect(try sim.value(of: child) == sim.value(of: alias))
                children.insert(try sim.value(of: child))
                sim.poke("load", 1); sim.poke("d", 0x2A)
                sim.step()
                sim.expect("child_q", 0x2A); sim.expect("preset_q", 0x2A); sim.expect("comb", 0x2A ^ 0x15)
                try await sim.flush()
            }
            if backend == .icarus {
                let bench = try String(contentsOf: dir.appendingPathComponent("icarus/hdlsim_tb.v"), encoding: .utf8)
                #expect(bench.contains("dut.child.r = 6'h"), "\(bench)")
                #expect(!bench.contains("dut.preset =") && !bench.contains("dut.rom[") && !bench.contains("dut.comb"), "\(bench)")
            }
        }
        #expect(children.count > 1, "\(children)")
    }

    /// The seed that draws the initial values is the run's: a failure names it.
    @Test(arguments: SimulatorBackend.allCases)
    func theFailureNamesTheSeedEvenWhenTheTestGaveNone(_ backend: SimulatorBackend) async throws {
        do {
            try await Simulation.run(HandWritten.counter, on: backend, in: try Workspace.directory("init-seed-\(backend)"),
                                     waveformOnFailure: false) { sim in
                sim.reset()
                sim.expect("count", 1)
                try await sim.flush()
            }
            Issue.record("the wrong expectation passed")
        } catch let failure as SimulationFailure {
            #expect(failure.seed == SeededGenerator.seed(default: 1))
            #expect(failure.description.contains("seed: \(SeededGenerator.seed(default: 1))"))
        }
    }
}
