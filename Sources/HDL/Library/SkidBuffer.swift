/// A register slice for a ready/valid stream that keeps full throughput and breaks every combinational path:
/// `deq.valid`/`deq.bits` come from the output register and `enq.ready` from a register too, so no timing
/// path crosses it in either direction (a plain one-register slice can only register one of the two).
///
/// The cost is a second (skid) register: `enq.ready` is the registered "skid register empty", so when
/// `deq` stalls, the entry accepted in that cycle lands in the skid register, and it moves to the output
/// when `deq` drains. With `deq.ready` held high it passes one entry per cycle, one cycle late; it never
/// drops, duplicates or reorders an entry.
public struct SkidBuffer: Module {
    public var width: Int

    public init(width: Int) {
        self.width = width
    }

    public func validate() throws {
        try require((1...4096).contains(width), "width must be 1...4096, got \(width)")
    }

    public struct IO {
        public var enq: Decoupled<Unsigned>
        public var deq: Decoupled<Unsigned>
    }

    public func ports(_ p: Ports) -> IO {
        IO(enq: p.input(.decoupled(.uint(width))), deq: p.output(.decoupled(.uint(width))))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let outValid = m.reg("out_valid", .bit, reset: false)
        let outBits = m.reg("out_bits", .uint(width))
        let skidValid = m.reg("skid_valid", .bit, reset: false)
        let skidBits = m.reg("skid_bits", .uint(width))
        io.enq.ready <== !skidValid
        io.deq.valid <== outValid
        io.deq.bits <== outBits
        let accept = m.named("accept", io.enq.valid && !skidValid)
        // The output register may load when it is empty or being dequeued; the skid entry (older) goes first.
        When(!outValid || io.deq.ready) {
            When(skidValid) {
                outBits <== skidBits
                outValid <== true
                skidValid <== false
            }.otherwise {
                outBits <== io.enq.bits
                outValid <== io.enq.valid
            }
        }.elseWhen(accept) {
            skidBits <== io.enq.bits
            skidValid <== true
        }
    }
}

extension Scope {
    /// `source` through a `SkidBuffer`; returns its output stream, payload in its own type.
    public func skidBuffer<P>(_ source: Decoupled<P>, name: String = "skid", file: String = #fileID, line: Int = #line) -> Decoupled<P> {
        decoupledBlock(source, name: name, at: SourceLocation(fileID: file, line: line),
                       { SkidBuffer(width: $0) }, ends: { ($0.enq, $0.deq) })
    }
}
