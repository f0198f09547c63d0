import HDL

/// A UART transmitter: the state-machine example. A byte offered on `in_valid`/`in_data` (taken when `in_ready`)
/// goes out on `tx` as a start bit (0), `dataBits` data bits least significant first, and a stop bit (1), each
/// held for `clocksPerBit` cycles; `tx` idles at 1.
///
/// States (`Phase`, emitted as `localparam`s `PHASE_IDLE` ... so a waveform names them): idle -> start -> data
/// -> stop -> idle.
public struct UARTTransmitter: Module {
    public var dataBits: Int
    public var clocksPerBit: Int

    public init(dataBits: Int = 8, clocksPerBit: Int = 4) {
        self.dataBits = dataBits
        self.clocksPerBit = clocksPerBit
    }

    public enum Phase: HardwareEnum { case idle, start, data, stop }

    public func validate() throws {
        try require((5...9).contains(dataBits), "dataBits must be 5...9, got \(dataBits)")
        try require((1...65536).contains(clocksPerBit), "clocksPerBit must be 1...65536, got \(clocksPerBit)")
    }

    public struct IO {
        public var inValid: Bit, inReady: Bit, inData: Unsigned
        public var tx: Bit, busy: Bit
    }

    public func ports(_ p: Ports) -> IO {
        IO(inValid: p.input("in_valid", .bit), inReady: p.output("in_ready", .bit), inData: p.input("in_data", .uint(dataBits)),
           tx: p.output("tx", .bit), busy: p.output("busy", .bit))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let tickWidth = bitsFor(clocksPerBit - 1)
        let bitWidth = bitsFor(dataBits - 1)
        let fsm = m.fsm("phase", initial: Phase.idle)
        let tick = m.reg("tick", .uint(tickWidth), reset: 0)
        let bitIndex = m.reg("bit_index", .uint(bitWidth), reset: 0)
        let shift = m.reg("shift", .uint(dataBits))
        let bitDone = m.named("bit_done", tick == Unsigned(clocksPerBit - 1, width: tickWidth))
        let line = m.wire("line", .bit, default: true)
        io.inReady <== fsm.isIn(.idle)
        io.busy <== !fsm.isIn(.idle)
        io.tx <== line

        When(fsm.isIn(.idle) || bitDone) { tick <== 0 }.otherwise { tick <== tick &+ 1 }
        Switch(fsm.state) {
            Is(Phase.idle) {
                When(io.inValid) {
                    shift <== io.inData
                    fsm.goto(.start)
                }
            }
            Is(Phase.start) {
                line <== false
                When(bitDone) {
                    bitIndex <== 0
                    fsm.goto(.data)
                }
            }
            Is(Phase.data) {
                line <== shift[0]
                When(bitDone) {
                    shift <== shift >> 1
                    bitIndex <== bitIndex &+ 1
                    When(bitIndex == Unsigned(dataBits - 1, width: bitWidth)) { fsm.goto(.stop) }
                }
            }
            Is(Phase.stop) {
                When(bitDone) { fsm.goto(.idle) }
            }
        }
    }
}
