import HDL
import HDLExamples
import HDLSim
import Testing

/// The UART transmitter's behaviour, written from its documentation: what it drives in a cycle, then the edge.
struct UARTModel {
    enum Phase { case idle, start, data, stop }
    let dataBits: Int
    let clocksPerBit: Int
    var phase = Phase.idle
    var tick = 0
    var bitIndex = 0
    var shift = 0

    /// (in_ready, tx, busy) during this cycle; then the edge with `valid`/`data` applied.
    mutating func step(valid: Bool, data: Int) -> (ready: Bool, tx: Bool, busy: Bool) {
        let out: (Bool, Bool, Bool)
        switch phase {
        case .idle: out = (true, true, false)
        case .start: out = (false, false, true)
        case .data: out = (false, shift & 1 == 1, true)
        case .stop: out = (false, true, true)
        }
        let bitDone = tick == clocksPerBit - 1
        let nextTick = phase == .idle || bitDone ? 0 : tick + 1
        switch phase {
        case .idle:
            if valid { shift = data; phase = .start }
        case .start:
            if bitDone { bitIndex = 0; phase = .data }
        case .data:
            if bitDone {
                shift >>= 1
                if bitIndex == dataBits - 1 { phase = .stop }
                bitIndex += 1
            }
        case .stop:
            if bitDone { phase = .idle }
        }
        tick = nextTick
        return out
    }

    mutating func reset() {
        phase = .idle
        tick = 0
        bitIndex = 0
    }
}

@Suite struct UARTTransmitterTests {
    /// Random offers (mostly busy traffic) checked cycle by cycle against the model; now and then a reset in
    /// the middle of a frame.
    static func run(_ uart: UARTTransmitter, cycles: Int, seed: UInt64, on backend: SimulatorBackend) async throws {
        var rng = SeededGenerator(seed: seed)
        let name = "uart-\(uart.dataBits)-\(uart.clocksPerBit)-\(backend)"
        try await Simulation.run(uart, on: backend, name: name, seed: seed) { sim, io in
            var model = UARTModel(dataBits: uart.dataBits, clocksPerBit: uart.clocksPerBit)
            var s = sim.stimulus()
            s.reset()
            for k in 0..<cycles {
                s[io.inValid] = rng.next() % 3 != 0
                s[io.inData] = k < 2 ? [0, (1 << uart.dataBits) - 1][k] : Int(rng.bits(uart.dataBits))
                if rng.next() % 211 == 0 {
                    s.reset()
                    model.reset()
                    continue
                }
                let out = model.step(valid: s[io.inValid], data: s[io.inData])
                s.expect(io.inReady, out.ready); s.expect(io.tx, out.tx); s.expect(io.busy, out.busy)
                s.step()
            }
            #expect(s.coverageGaps().isEmpty, "\(s.coverageGaps())")
            try await sim.stream(s)
        }
    }

    @Test(arguments: SimulatorBackend.allCases)
    func framesMatchTheModel(_ backend: SimulatorBackend) async throws {
        for (bits, clocks) in [(8, 1), (5, 3), (9, 4)] {
            let seed = SeededGenerator.seed(default: UInt64(bits * 100 + clocks))
            try await Self.run(UARTTransmitter(dataBits: bits, clocksPerBit: clocks), cycles: backend == .icarus ? 1500 : 6000,
                               seed: seed, on: backend)
        }
    }

    /// Records `tx` every cycle, for decoding the frames afterwards.
    final class LineRecorder: CycleAgent {
        let tx: Bit
        var sample: Simulation.Sample?
        var line: [Bool] = []

        init(tx: Bit) { self.tx = tx }
        func drive(_ sim: Simulation) {}
        func sample(_ sim: Simulation) { sample = sim.sample(tx) }
        func observe(_ sim: Simulation) throws { line.append(try sim.value(of: sample!) != 0) }
    }

    /// Decodes a recorded line as a receiver would: a start bit, data bits LSB first sampled mid-bit, a stop bit.
    static func frames(_ line: [Bool], dataBits: Int, clocksPerBit: Int) -> [Int] {
        var bytes: [Int] = []
        var t = 0
        while t < line.count {
            guard !line[t] else { t += 1; continue }
            let end = t + (dataBits + 2) * clocksPerBit
            guard end <= line.count else { break }
            var byte = 0
            for k in 0..<dataBits where line[t + (1 + k) * clocksPerBit + clocksPerBit / 2] { byte |= 1 << k }
            bytes.append(line[end - 1] ? byte : -1)  // -1: no stop bit
            t = end
        }
        return bytes
    }

    /// Bytes offered through a ready/valid source with random gaps: the design accepts each one exactly once,
    /// in order, and the line carries them as frames.
    @Test(arguments: SimulatorBackend.allCases)
    func bytesThroughAReadyValidSource(_ backend: SimulatorBackend) async throws {
        let uart = UARTTransmitter(dataBits: 8, clocksPerBit: 3)
        let seed = SeededGenerator.seed(default: 808)
        var rng = SeededGenerator(seed: seed)
        let bytes = [0, 255] + (0..<60).map { _ in Int(rng.bits(8)) }
        try await Simulation.run(uart, on: backend, name: "uart-source-\(backend)", seed: seed) { sim, io in
            let source = ReadyValidSource(valid: io.inValid, ready: io.inReady, payload: io.inData, gapProbability: 0.5, seed: seed)
            let accepted = HandshakeMonitor(valid: io.inValid, ready: io.inReady, payload: io.inData)
            let recorder = LineRecorder(tx: io.tx)
            source.send(contentsOf: bytes.map { [$0] })
            sim.reset()
            try await sim.drive(until: { source.pending == 0 }, within: 10_000, source, accepted, recorder)
            try await sim.drive(cycles: 11 * 3 + 2, source, accepted, recorder)
            #expect(accepted.transactions == bytes.map { [$0] })
            #expect(accepted.handshakes == source.handshakes)
            #expect(Self.frames(recorder.line, dataBits: 8, clocksPerBit: 3) == bytes)
        }
    }

    /// One byte by hand: start bit, 8 data bits LSB first, stop bit, 2 cycles each.
    @Test func oneFrameByHand() async throws {
        try await Simulation.run(UARTTransmitter(dataBits: 8, clocksPerBit: 2), on: .verilator, name: "uart-by-hand") { sim, io in
            sim.reset()
            sim.poke(io.inValid, true)
            sim.poke(io.inData, 0b1011_0010)
            sim.expect(io.inReady, true)
            sim.step()
            sim.poke(io.inValid, false)
            let bits = [false] + (0..<8).map { (0b1011_0010 >> $0) & 1 == 1 } + [true]
            for (k, bit) in bits.enumerated() {
                for _ in 0..<2 {
                    sim.expect(io.tx, bit, "bit \(k)")
                    sim.expect(io.busy, true)
                    sim.step()
                }
            }
            sim.expect(io.inReady, true, "idle after the stop bit")
            sim.expect(io.tx, true)
            try await sim.flush()
        }
    }

    @Test func statesAreNamedInTheVerilog() throws {
        let text = try emitVerilog(UARTTransmitter()).files.last!.contents
        #expect(text.contains("localparam [1:0] PHASE_IDLE = 2'd0;"))
        #expect(text.contains("localparam [1:0] PHASE_STOP = 2'd3;"))
        #expect(text.contains("case (phase)"))
        #expect(text.contains("PHASE_DATA: begin"))
        #expect(text.contains("phase <= PHASE_START;"))
    }
}
