import Foundation
import HDL
import HDLSim
import Testing

/// Poke, peek, expect and stream through the IO values a module's `ports()` returns.
@Suite struct TypedSimulationTests {
    @Test(arguments: SimulatorBackend.allCases)
    func pokesPeeksAndExpectsThroughIOValues(_ backend: SimulatorBackend) async throws {
        try await Simulation.run(Accumulator(), on: backend, name: "typed-acc-\(backend)", seed: 5) { sim, io in
            sim.reset()
            sim.poke(io.a, -3); sim.poke(io.b, 5); sim.poke(io.enable, true); sim.poke(io.clear, false)
            sim.poke(io.lanesIn, [0, 15, 7])
            sim.expect(io.lanesOut, [1, 0, 8])
            sim.expect(io.anyLane, true)
            sim.step()
            sim.expect(io.acc, -15)
            sim.poke(io.a, -128); sim.poke(io.b, -128)
            sim.step()
            try await sim.flush()
            #expect(try await sim.peek(io.acc) == -15 + 16384)
            sim.poke(io.lanesIn, [0, 0, 0])
            #expect(try await sim.peek(io.anyLane) == false)
            #expect(try await sim.peek(io.lanesOut) == [1, 1, 1])
            let acc = sim.sample(io.acc)
            try await sim.flush()
            #expect(try sim.signedValue(of: acc) == -15 + 16384)
        }
    }

    @Test func misuseNamesThePort() async throws {
        var otherRunsIO: Accumulator.IO?
        try await Simulation.run(Accumulator(), on: .verilator, name: "typed-other") { _, io in otherRunsIO = io }
        let other = try #require(otherRunsIO)
        do {
            try await Simulation.run(Accumulator(), on: .verilator, name: "typed-misuse", waveformOnFailure: false) { sim, io in
                sim.poke(io.a, 200)                 // does not fit 8 signed bits
                sim.poke(io.acc, 1)                 // an output
                sim.expect(io.enable, true)         // an input
                sim.poke(io.a &+ 1, 0)              // an expression, not a port
                sim.poke(other.b, 0)                // another run's IO
                sim.poke(io.lanesIn, [1, 2])        // wrong length
                try await sim.flush()
            }
            Issue.record("misuse was not reported")
        } catch let failure as SimulationFailure {
            let text = "\(failure.underlying)"
            #expect(text.contains("200 does not fit the 8-bit signed input 'a'"), "\(text)")
            #expect(text.contains("'acc' is an output of Accumulator: it cannot be driven"), "\(text)")
            #expect(text.contains("'enable' is an input of Accumulator"), "\(text)")
            #expect(text.components(separatedBy: "not one of Accumulator's ports").count == 3, "\(text)")
            #expect(text.contains("2 values for a vector of 3 ports"), "\(text)")
        }
    }

    /// A random stream with resets in the middle, built by assigning to IO fields, checked row by row
    /// against a Swift model; every input over its full range.
    @Test(arguments: SimulatorBackend.allCases)
    func stimulusRowsFromIOFields(_ backend: SimulatorBackend) async throws {
        let seed = SeededGenerator.seed(default: 77)
        var rng = SeededGenerator(seed: seed)
        try await Simulation.run(Accumulator(), on: backend, name: "typed-stream-\(backend)", seed: seed) { sim, io in
            var s = sim.stimulus()
            var acc = 0
            s.reset()
            for row in 0..<3000 {
                if row % 700 == 350 {
                    s.reset()
                    acc = 0
                    continue
                }
                let a = row < 4 ? [-128, 127, -128, 127][row] : rng.signedBits(8)
                let b = row < 4 ? [-128, -128, 127, 127][row] : rng.signedBits(8)
                s[io.a] = a; s[io.b] = b
                s[io.enable] = rng.next() % 4 != 0
                s[io.clear] = rng.next() % 50 == 0
                s.randomize(io.lanesIn, &rng)
                if row < 2 { s[io.lanesIn] = row == 0 ? [0, 0, 0] : [15, 15, 15] }
                s.expect(io.acc, acc)
                s.expect(io.lanesOut, s[io.lanesIn].map { ($0 + 1) & 15 })
                s.expect(io.anyLane, s[io.lanesIn].contains { $0 != 0 })
                if s[io.clear] { acc = 0 } else if s[io.enable] { acc = wrap(acc + a * b, 20) }
                s.step()
            }
            #expect(s.coverageGaps().isEmpty, "\(s.coverageGaps())")
            let result = try await sim.stream(s)
            #expect(result.rows == s.rows)
            #expect(try result.value(io.lanesOut, row: 2) == [0, 0, 0])  // row 0 is the reset
        }
    }

    /// A wrong expectation in a stimulus names the row, the cycle, the port and both values.
    @Test func aWrongStimulusExpectationNamesItsRow() async throws {
        do {
            try await Simulation.run(Accumulator(), on: .verilator, name: "typed-stream-wrong", waveformOnFailure: false) { sim, io in
                sim.reset()
                sim.step(2)
                var s = sim.stimulus()
                s[io.a] = 3; s[io.b] = 4; s[io.enable] = true
                s.expect(io.acc, 0)
                s.step()
                s.expect(io.acc, 13)  // 12 is right
                s.step()
                try await sim.stream(s)
            }
            Issue.record("the wrong expectation passed")
        } catch let failure as SimulationFailure {
            #expect("\(failure.underlying)".contains("cycle 4: output 'acc' expected 13 (0xd) but was 12 (0xc) (stimulus row 1)"),
                    "\(failure)")
        }
    }

    @Test func coverageGapsSayWhatIsMissing() async throws {
        try await Simulation.run(Accumulator(), on: .verilator, name: "typed-coverage") { sim, io in
            var s = sim.stimulus()
            s.reset()
            s[io.a] = 5; s[io.b] = -1; s[io.enable] = true
            s.step(3)
            let gaps = s.coverageGaps()
            #expect(gaps.contains { $0.hasPrefix("input 'a' never took its minimum -128, its maximum 127, 1 on bits 1,3,4,5,6,7, 0 on bits 0,2") }, "\(gaps)")
            #expect(gaps.contains { $0.hasPrefix("input 'b' never took its minimum -128, its maximum 127, 0 on bits") }, "\(gaps)")
            #expect(gaps.contains { $0.hasPrefix("input 'clear' never took its maximum 1, 1 on bits 0") }, "\(gaps)")
            #expect(gaps.contains("no reset in the middle of operation (rst is high only before the first operating row)"), "\(gaps)")
            s.reset()
            s.step()
            #expect(!s.coverageGaps().contains { $0.hasPrefix("no reset") })
        }
    }

    /// Results due `latency` cycles later through a `Scoreboard`, with resets in the middle (in-flight
    /// results are lost) and random data on the inputs while `in_valid` is low.
    static func pipeTraffic(_ sim: Simulation, _ io: ValidPipe.IO, _ pipe: ValidPipe, seed: UInt64) -> (Stimulus, Scoreboard) {
        var rng = SeededGenerator(seed: seed)
        var s = sim.stimulus()
        var board = sim.scoreboard(latency: pipe.stages, valid: io.outValid)
        s.reset()
        for row in 0..<2000 {
            if row % 400 == 199 { s.reset(cycles: 1 + row % 3) }
            let valid = rng.next() % 3 != 0
            s[io.inValid] = valid
            s.randomize(io.input, &rng)
            if valid {
                let key = s[io.input.key], tag = s[io.input.tag]
                board.expect(resultOf: s.row) { r in
                    r.expect(io.output.key, key)
                    r.expect(io.output.tag, tag)
                }
            }
            s.step()
        }
        s[io.inValid] = false
        s.step(pipe.stages)
        return (s, board)
    }

    @Test(arguments: SimulatorBackend.allCases)
    func scoreboardChecksResultsDueLatencyLater(_ backend: SimulatorBackend) async throws {
        let pipe = ValidPipe()
        try await Simulation.run(pipe, on: backend, name: "typed-pipe-\(backend)", seed: 3) { sim, io in
            let (s, board) = Self.pipeTraffic(sim, io, pipe, seed: 3)
            #expect(board.count > 1000)
            #expect(s.coverageGaps().isEmpty, "\(s.coverageGaps())")
            try await sim.stream(s, board)
        }
    }

    /// The bug the random initial values and mid-stream resets exist for: a valid register without reset.
    @Test(arguments: SimulatorBackend.allCases)
    func aValidWithoutResetIsCaughtOnBothSimulators(_ backend: SimulatorBackend) async throws {
        let pipe = ValidPipe(resetValid: false)
        do {
            try await Simulation.run(pipe, on: backend, name: "typed-pipe-noreset-\(backend)", seed: 3) { sim, io in
                let (s, board) = Self.pipeTraffic(sim, io, pipe, seed: 3)
                try await sim.stream(s, board)
            }
            Issue.record("a valid register without reset passed")
        } catch let failure as SimulationFailure {
            #expect("\(failure.underlying)".contains("output 'out_valid' expected 0"), "\(failure)")
            #expect("\(failure.underlying)".contains("scoreboard: no result is due"), "\(failure)")
            #expect(failure.waveform != nil, "\(failure)")
        }
    }

    @Test func aResultDueAfterTheStreamIsAnError() async throws {
        let pipe = ValidPipe(stages: 2)
        do {
            try await Simulation.run(pipe, on: .verilator, name: "typed-pipe-late", waveformOnFailure: false) { sim, io in
                var s = sim.stimulus()
                var board = sim.scoreboard(latency: 2, valid: io.outValid)
                s.reset()
                s[io.inValid] = true
                board.expect(resultOf: s.row) { $0.expect(io.output.key, 0) }
                s.step()
                try await sim.stream(s, board)
            }
            Issue.record("a result due after the stream was accepted")
        } catch let failure as SimulationFailure {
            #expect("\(failure.underlying)".contains("the result of row 1 is due in row 3, after the stream's last row 1"), "\(failure)")
        }
    }

    /// Source with random valid gaps, sink with random back-pressure, monitors on both sides: nothing lost,
    /// nothing duplicated, order kept, each entry out after it went in.
    @Test(arguments: SimulatorBackend.allCases, [1, 3])
    func readyValidTrafficUnderBackPressure(_ backend: SimulatorBackend, depth: Int) async throws {
        let seed = SeededGenerator.seed(default: UInt64(40 + depth))
        var rng = SeededGenerator(seed: seed)
        let items = (0..<300).map { _ in [rng.signedBits(8), Int(rng.bits(3))] }
        try await Simulation.run(RegisterQueue(depth: depth), on: backend, name: "typed-queue-\(depth)-\(backend)", seed: seed) { sim, io in
            let source = ReadyValidSource(valid: io.enqValid, ready: io.enqReady, payload: io.enq, gapProbability: 0.3, seed: seed)
            let sink = ReadyValidSink(ready: io.deqReady, backPressure: 0.4, seed: seed)
            let accepted = HandshakeMonitor(valid: io.enqValid, ready: io.enqReady, payload: io.enq)
            let delivered = HandshakeMonitor(valid: io.deqValid, ready: io.deqReady, payload: io.deq)
            source.send(contentsOf: items)
            sim.reset()
            try await sim.drive(until: { delivered.handshakes.count == items.count }, within: 5000, source, sink, accepted, delivered)
            try await sim.drive(cycles: 20, source, sink, accepted, delivered)
            #expect(accepted.handshakes == source.handshakes)
            #expect(delivered.transactions == items)
            for (a, d) in zip(accepted.handshakes, delivered.handshakes) { #expect(d.cycle > a.cycle) }
            // Back-pressure and gaps happened: the traffic took well over one cycle per item.
            #expect(delivered.handshakes.last!.cycle > items.count * 3 / 2)
        }
    }

    /// The library `Queue` with `Decoupled` bundle ports, driven through the streams themselves.
    @Test(arguments: SimulatorBackend.allCases, [1, 4])
    func decoupledStreamsOfTheLibraryQueue(_ backend: SimulatorBackend, depth: Int) async throws {
        let seed = SeededGenerator.seed(default: UInt64(90 + depth))
        var rng = SeededGenerator(seed: seed)
        let items = (0..<200).map { _ in [rng.signedBits(9), Int(rng.bits(3))] }
        try await Simulation.run(LibraryQueue(depth: depth), on: backend, name: "typed-libqueue-\(depth)-\(backend)", seed: seed) { sim, io in
            let source = ReadyValidSource(io.input, gapProbability: 0.25, seed: seed)
            let sink = ReadyValidSink(io.output, backPressure: 0.35, seed: seed)
            let accepted = HandshakeMonitor(io.input), delivered = HandshakeMonitor(io.output)
            source.send(contentsOf: items)
            sim.reset()
            try await sim.drive(until: { delivered.handshakes.count == items.count }, within: 4000, source, sink, accepted, delivered)
            #expect(accepted.transactions == items && delivered.transactions == items)
            for (a, d) in zip(accepted.handshakes, delivered.handshakes) { #expect(d.cycle > a.cycle) }
        }
    }

    /// A queue that accepts while full loses entries: the monitors show it.
    @Test(arguments: SimulatorBackend.allCases)
    func readyValidDriversCatchAQueueThatOverwrites(_ backend: SimulatorBackend) async throws {
        var rng = SeededGenerator(seed: 9)
        let items = (0..<200).map { _ in [rng.signedBits(8), Int(rng.bits(3))] }
        let delivered = try await Simulation.run(RegisterQueue(depth: 2, acceptsWhenFull: true), on: backend,
                                                 name: "typed-queue-flawed-\(backend)", seed: 9) { sim, io in
            let source = ReadyValidSource(valid: io.enqValid, ready: io.enqReady, payload: io.enq, gapProbability: 0.1, seed: 9)
            let sink = ReadyValidSink(ready: io.deqReady, backPressure: 0.6, seed: 9)
            let monitor = HandshakeMonitor(valid: io.deqValid, ready: io.deqReady, payload: io.deq)
            source.send(contentsOf: items)
            sim.reset()
            try await sim.drive(until: { source.pending == 0 }, within: 5000, source, sink, monitor)
            try await sim.drive(cycles: 20, source, sink, monitor)
            return monitor.transactions
        }
        #expect(delivered != items)
        #expect(delivered.count < items.count)
    }
}

/// Wraps `x` to a two's-complement value of `width` bits.
func wrap(_ x: Int, _ width: Int) -> Int {
    let m = x & ((1 << width) - 1)
    return m >= 1 << (width - 1) ? m - (1 << width) : m
}

/// Packed vector ports: each element is addressed as its own IO value, in pokes, peeks, stimulus rows (inputs
/// wider than 64 bits included), expectations and coverage.
@Suite struct PackedPortTests {
    @Test func theMapPlacesEachElementInItsPort() throws {
        let design = try emitVerilog(PackedLanes())
        let map = try PortMap(PackedLanes(), design: design)
        #expect(map.ports.map(\.name) == ["lanes", "scale", "scaled", "signs", "sum"])
        #expect(map.ports[0].width == 65 && map.ports[0].packing == PortPacking(count: 5, elementWidth: 13, elementSigned: true))
        #expect(map.field(of: map.io.lanes[3]) == .init(port: 0, lsb: 39, width: 13, signed: true, element: 3))
        #expect(map.field(of: map.io.scale) == .init(port: 1, lsb: 0, width: 3, signed: true, element: nil))
        #expect(map.name(of: map.io.signs[4]) == "signs[4]")
    }

    @Test(arguments: SimulatorBackend.allCases)
    func elementsOfPackedPorts(_ backend: SimulatorBackend) async throws {
        let seed = SeededGenerator.seed(default: 65)
        var rng = SeededGenerator(seed: seed)
        try await Simulation.run(PackedLanes(), on: backend, name: "typed-packed-\(backend)", seed: seed) { sim, io in
            sim.poke(io.lanes, [-4096, 4095, 0, -1, 17])
            sim.poke(io.scale, -4)
            sim.poke(io.lanes[2], 100)  // one element: the others keep their values
            sim.expect(io.scaled, [16384, -16380, -400, 4, -68])
            sim.expect(io.signs, [true, false, false, true, false])
            #expect(try await sim.peek(io.sum) == -4096 + 4095 + 100 - 1 + 17)
            #expect(try await sim.peek(io.scaled[1]) == -16380)
            #expect(try await sim.peek(io.signs) == [true, false, false, true, false])

            var s = sim.stimulus()
            for k in 0..<2000 {
                s.randomize(io.lanes, &rng)
                if k < 2 { s[io.lanes] = Array(repeating: k == 0 ? -4096 : 4095, count: 5) }
                s[io.scale] = k < 8 ? k - 4 : rng.signedBits(3)
                let lanes = s[io.lanes]
                s.expect(io.scaled, lanes.map { $0 * s[io.scale] })
                s.expect(io.signs, lanes.map { $0 < 0 })
                s.expect(io.sum, lanes.reduce(0, +))
                s.step()
            }
            #expect(s.coverageGaps().isEmpty, "\(s.coverageGaps())")
            let result = try await sim.stream(s)
            #expect(try result.value(io.scaled, row: 1) == Array(repeating: 4095 * -3, count: 5))
        }
    }

    @Test func aWrongElementIsNamed() async throws {
        do {
            try await Simulation.run(PackedLanes(), on: .verilator, name: "typed-packed-wrong", waveformOnFailure: false) { sim, io in
                var s = sim.stimulus()
                s[io.lanes] = [1, 2, 3, 4, 5]; s[io.scale] = 2
                s.expect(io.scaled, [2, 4, 7, 8, 10])
                s.step()
                try await sim.stream(s)
            }
            Issue.record("the wrong element passed")
        } catch let failure as SimulationFailure {
            #expect("\(failure.underlying)".contains("output 'scaled[2]' expected 7 (0x7) but was 6 (0x6)"), "\(failure)")
        }
    }
}
