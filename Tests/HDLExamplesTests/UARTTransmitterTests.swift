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
    /// Inputs after clk: rst, in_valid, in_data. Outputs: in_ready, tx, busy.
    static func run(_ uart: UARTTransmitter, cycles: Int, seed: UInt64, on backend: SimulatorBackend) async throws {
        var rng = SeededGenerator(seed: seed)
        var model = UARTModel(dataBits: uart.dataBits, clocksPerBit: uart.clocksPerBit)
        var rows: [[Int]] = [[1, 0, 0]], expected: [[Int?]] = [[nil, nil, nil]]
        for _ in 0..<cycles {
            // Mostly busy traffic; now and then a reset in the middle of a frame.
            let reset = rng.next() % 211 == 0
            let valid = rng.next() % 3 != 0
            let data = Int(rng.bits(uart.dataBits))
            if reset {
                let out = model.step(valid: false, data: 0)
                expected.append([out.ready ? 1 : 0, out.tx ? 1 : 0, out.busy ? 1 : 0])
                rows.append([1, valid ? 1 : 0, data])
                model.reset()
                continue
            }
            let out = model.step(valid: valid, data: data)
            rows.append([0, valid ? 1 : 0, data])
            expected.append([out.ready ? 1 : 0, out.tx ? 1 : 0, out.busy ? 1 : 0])
        }
        let name = "uart-\(uart.dataBits)-\(uart.clocksPerBit)-\(backend)"
        try await Simulation.run(uart, on: backend, name: name, seed: seed) { sim in
            try await sim.stream(rows, expect: expected)
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

    /// One byte by hand: start bit, 8 data bits LSB first, stop bit, 2 cycles each.
    @Test func oneFrameByHand() async throws {
        try await Simulation.run(UARTTransmitter(dataBits: 8, clocksPerBit: 2), on: .verilator, name: "uart-by-hand") { sim in
            sim.reset()
            sim.poke("in_valid", 1)
            sim.poke("in_data", 0b1011_0010)
            sim.expect("in_ready", 1)
            sim.step()
            sim.poke("in_valid", 0)
            let bits = [0] + (0..<8).map { (0b1011_0010 >> $0) & 1 } + [1]
            for (k, bit) in bits.enumerated() {
                for _ in 0..<2 {
                    sim.expect("tx", bit, "bit \(k)")
                    sim.expect("busy", 1)
                    sim.step()
                }
            }
            sim.expect("in_ready", 1, "idle after the stop bit")
            sim.expect("tx", 1)
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
