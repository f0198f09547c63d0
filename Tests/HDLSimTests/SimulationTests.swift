import Foundation
import HDL
import HDLSim
import Testing

@Suite struct SimulationTests {
    @Test(arguments: SimulatorBackend.allCases)
    func counterDirectedAndRandom(_ backend: SimulatorBackend) async throws {
        let seed = SeededGenerator.seed(default: 7)
        try await Simulation.run(HandWritten.counter, on: backend, in: try Workspace.directory("sim-counter-\(backend)"),
                                 seed: seed) { sim in
            sim.reset()
            sim.expect("count", 0)
            sim.poke("en", 1)
            sim.step(3)
            sim.expect("count", 3)
            sim.poke("en", 0)
            sim.step(5)
            sim.expect("count", 3)
            try await sim.flush()
            var rng = SeededGenerator(seed: seed)
            var model = 3
            for _ in 0..<400 {
                let en = rng.next() & 1 == 1
                sim.poke("en", en)
                sim.step()
                if en { model = (model + 1) & 0xFF }
                sim.expect("count", model)
            }
            try await sim.flush()
            #expect(try await sim.peek("count") == UInt64(model))
        }
    }

    @Test(arguments: SimulatorBackend.allCases)
    func signedPokesAndPeeks(_ backend: SimulatorBackend) async throws {
        try await Simulation.run(HandWritten.mac, on: backend, in: try Workspace.directory("sim-mac-\(backend)")) { sim in
            sim.reset()
            sim.poke("en", 1)
            sim.poke("a", -128)
            sim.poke("b", 127)
            sim.step()
            sim.poke("a", -3)
            sim.poke("b", -5)
            sim.step()
            let acc = try await sim.peekSigned("acc")
            #expect(acc == -128 * 127 + 15)
        }
    }

    @Test func bothBackendsAgreeOnTheSameStimulus() async throws {
        var rng = SeededGenerator(seed: 99)
        let rows = (0..<500).map { _ in [rng.bits(16), rng.bits(16)] }
        var results: [[UInt64]] = []
        for backend in SimulatorBackend.allCases {
            let r = try await Simulation.run(HandWritten.adder, on: backend, in: try Workspace.directory("sim-agree-\(backend)")) { sim in
                try await sim.stream(rows)
            }
            results.append((0..<r.rows).flatMap { [r.value($0, 0), r.value($0, 1)] })
            for (i, row) in rows.enumerated() {
                #expect(r.value(i, 0) == row[0] + row[1])
                #expect(r.value(i, 1) == (row[0] &- row[1]) & 0xFFFF)
            }
        }
        #expect(results[0] == results[1])
    }

    @Test(arguments: SimulatorBackend.allCases)
    func widePorts(_ backend: SimulatorBackend) async throws {
        try await Simulation.run(HandWritten.wide, on: backend, in: try Workspace.directory("sim-wide-\(backend)")) { sim in
            let a: [UInt64] = [0x8000_0000_0000_0001, 0xF_0000_0001]  // bits 0, 63, 64, 96..99 set
            sim.poke("a", words: a)
            sim.poke("tag", 0xA5)
            // Rotate left by one: bit 99 wraps to bit 0.
            sim.expect("y", words: [0x0000_0000_0000_0003, 0xE_0000_0003])
            sim.expect("z", words: [a[0], a[1] | (0xA5 << 36)])
            let y = sim.sample("y")
            try await sim.flush()
            #expect(try sim.words(of: y) == [3, 0xE_0000_0003])
        }
    }

    @Test func secondRunUsesTheCachedBuild() async throws {
        for i in 0..<2 {
            let cached = try await Simulation.run(HandWritten.counter, on: .verilator,
                                                  in: try Workspace.directory("sim-cache-\(i)")) { sim in
                sim.harnessWasCached
            }
            if i == 1 { #expect(cached) }
        }
    }

    @Test(arguments: SimulatorBackend.allCases)
    func mismatchLeavesAWaveformAndNamesTheSeed(_ backend: SimulatorBackend) async throws {
        let dir = try Workspace.directory("sim-mismatch-\(backend)")
        do {
            try await Simulation.run(HandWritten.counter, on: backend, in: dir, seed: 1234) { sim in
                sim.reset()
                sim.poke("en", 1)
                sim.step(2)
                sim.expect("count", 5, "deliberately wrong")
                try await sim.flush()
            }
            Issue.record("the wrong expectation was not reported")
        } catch let failure as SimulationFailure {
            let text = failure.description
            #expect(text.contains("seed: 1234"))
            #expect(text.contains("cycle 3: output 'count' expected 5"))
            #expect(text.contains("deliberately wrong"))
            let vcd = try #require(failure.waveform, "\(failure)")
            #expect(text.contains(vcd.path))
            let wave = try String(contentsOf: vcd, encoding: .utf8)
            #expect(wave.contains("$enddefinitions") && wave.contains("count"))
            #expect(FileManager.default.fileExists(atPath: failure.replayLog.path))
        }
    }

    @Test func icarusReportsUnknownBits() async throws {
        do {
            try await Simulation.run(HandWritten.undefined, on: .icarus, in: try Workspace.directory("sim-x"),
                                     waveformOnFailure: false) { sim in
                sim.poke("d", 2)
                _ = try await sim.peek("q")
            }
            Issue.record("an x value was read as a number")
        } catch let failure as SimulationFailure {
            #expect("\(failure.underlying)".contains("output 'q' has unknown (x/z) bits at cycle 0"))
        }
    }

    @Test func misuseIsReportedNotTrapped() async throws {
        do {
            try await Simulation.run(HandWritten.counter, on: .icarus, in: try Workspace.directory("sim-misuse"),
                                     waveformOnFailure: false) { sim in
                sim.poke("nope", 1)
                sim.poke("en", 2)
                sim.expect("count", 256)
                try await sim.flush()
            }
            Issue.record("misuse was not reported")
        } catch let failure as SimulationFailure {
            let text = "\(failure.underlying)"
            #expect(text.contains("no input named 'nope'"))
            #expect(text.contains("2 does not fit the 1-bit unsigned input 'en'"))
            #expect(text.contains("256 can never equal the 8-bit output 'count'"))
        }
    }
}
