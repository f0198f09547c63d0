/// A ready/valid FIFO of `depth` entries of `width` bits (Chisel's `Queue`): `enq` accepts while there is
/// room, `deq` offers the oldest entry, `count` is the number held. Entries leave in the order they came,
/// each exactly once. The plain queue has one cycle from `enq` to `deq` and cuts every combinational path
/// between its two sides.
///
/// - `pipe`: a full queue also accepts in a cycle where it is dequeued (`enq.ready` depends on `deq.ready`),
///   so a depth-1 pipe queue sustains one transfer per cycle.
/// - `flow`: an empty queue passes `enq` straight to `deq` in the same cycle (`deq.valid` and `deq.bits`
///   depend on `enq`); an entry that passes through is never stored and does not change `count`.
///
/// Any payload goes through it with `m.queue(stream, depth:)`, which flattens the payload into `width` bits
/// and rebuilds it: one Verilog module per (width, depth, pipe, flow).
///
/// Storage is one register per entry, read through a mux on the head pointer (`oldest`). Deep queues should
/// switch to a memory: `m.memory("entries", depth: depth, .uint(width))` written at `tail` under `push`, and
/// `oldest` its `.combinational` read port at `head` (same timing, so the ports and tests do not change),
/// which maps to LUT RAM instead of `depth x width` flip-flops and a mux tree.
public struct Queue: Module {
    public var width: Int
    public var depth: Int
    public var pipe: Bool
    public var flow: Bool

    public init(width: Int, depth: Int, pipe: Bool = false, flow: Bool = false) {
        self.width = width
        self.depth = depth
        self.pipe = pipe
        self.flow = flow
    }

    /// Bits of `count`: it reaches `depth`.
    public var countWidth: Int { bitsFor(depth) }

    public func validate() throws {
        try require((1...4096).contains(width), "width must be 1...4096, got \(width)")
        try require((1...4096).contains(depth), "depth must be 1...4096, got \(depth)")
    }

    public struct IO {
        public var enq: Decoupled<Unsigned>
        public var deq: Decoupled<Unsigned>
        public var count: Unsigned
    }

    public func ports(_ p: Ports) -> IO {
        IO(enq: p.input(.decoupled(.uint(width))), deq: p.output(.decoupled(.uint(width))), count: p.output(.uint(countWidth)))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let pointerWidth = bitsFor(depth - 1)
        // Entries hold data only: no reset (`used` says which are meaningful).
        let entries = m.reg("entries", .vec(depth, .uint(width)))
        let used = m.reg("used", .uint(countWidth), reset: 0)
        let head = depth > 1 ? m.reg("head", .uint(pointerWidth), reset: 0) : Unsigned(0, width: 1)
        let tail = depth > 1 ? m.reg("tail", .uint(pointerWidth), reset: 0) : Unsigned(0, width: 1)
        let empty = m.named("empty", used == 0)
        let full = m.named("full", used == Unsigned(depth, width: countWidth))
        let oldest = depth > 1 ? m.named("oldest", select(entries, at: head)) : entries[0]

        io.enq.ready <== (pipe ? !full || io.deq.ready : !full)
        io.deq.valid <== (flow ? !empty || io.enq.valid : !empty)
        io.deq.bits <== (flow ? mux(empty, io.enq.bits, oldest) : oldest)
        // An entry that flows through an empty queue is neither stored nor removed.
        let bypass: Bit = flow ? empty && io.deq.ready : false
        let push = m.named("push", io.enq.valid && io.enq.ready && !bypass)
        let pop = m.named("pop", io.deq.valid && io.deq.ready && !bypass)

        for i in 0..<depth {
            When(depth > 1 ? push && tail == Unsigned(i, width: pointerWidth) : push) { entries[i] <== io.enq.bits }
        }
        if depth > 1 {
            When(push) { tail <== next(tail, pointerWidth) }
            When(pop) { head <== next(head, pointerWidth) }
        }
        When(push && !pop) { used <== used &+ 1 }.elseWhen(pop && !push) { used <== used &- 1 }
        io.count <== used
    }

    /// The pointer after `p`, wrapping from depth - 1 to 0.
    private func next(_ p: Unsigned, _ w: Int) -> Unsigned {
        depth == 1 << w ? p &+ 1 : mux(p == Unsigned(depth - 1, width: w), Unsigned(0, width: w), p &+ 1)
    }
}

extension Scope {
    /// `source` through a `depth`-entry `Queue` (see there for `pipe` and `flow`); returns the dequeue side,
    /// with the payload in its own type. The queue's `count` is on the explicit module (`m.instance(Queue(...))`).
    public func queue<P>(_ source: Decoupled<P>, depth: Int, pipe: Bool = false, flow: Bool = false, name: String = "queue",
                         file: String = #fileID, line: Int = #line) -> Decoupled<P> {
        decoupledBlock(source, name: name, at: SourceLocation(fileID: file, line: line),
                       { Queue(width: $0, depth: depth, pipe: pipe, flow: flow) }, ends: { ($0.enq, $0.deq) })
    }
}
