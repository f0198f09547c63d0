/// A ready/valid stream (Chisel's `Decoupled`, Amaranth's stream): the producer drives `valid` and `bits`,
/// the consumer drives `ready`, and a transfer happens in a cycle where both are 1 (`fire`). Declared with
/// `.decoupled(payloadShape)`: ports `<name>_valid`, `<name>_ready` (flipped), `<name>_bits`.
///
///     func ports(_ p: Ports) -> (input: Decoupled<Unsigned>, output: Decoupled<Unsigned>) {
///         (p.input(.decoupled(.uint(8))), p.output(.decoupled(.uint(8))))   // input_valid, input_ready, ...
///     }
///     func body(_ m: Scope, _ io: IO) -> Block {
///         io.output <== m.queue(io.input, depth: 4)
///     }
///
/// `p.input` declares the consumer end (valid and bits in, ready out), `p.output` the producer end;
/// `.decoupled(s).flipped` reverses a stream inside a bundle.
public struct Decoupled<Payload> {
    public var valid: Bit
    public var ready: Bit
    public var bits: Payload
    /// Flattens and rebuilds payloads that go through a flat block (`m.queue`, `m.skidBuffer`).
    public let layout: PayloadLayout<Payload>
    public let direction: StreamDirection

    /// A stream from existing values; it may be either end of a connect (its direction is not checked).
    public init<S: Shape>(valid: Bit, ready: Bit, bits: Payload, payload shape: S) where S.Value == Payload {
        self.init(valid: valid, ready: ready, bits: bits, layout: PayloadLayout(shape), direction: .either)
    }

    init(valid: Bit, ready: Bit, bits: Payload, layout: PayloadLayout<Payload>, direction: StreamDirection) {
        self.valid = valid
        self.ready = ready
        self.bits = bits
        self.layout = layout
        self.direction = direction
    }

    /// A transfer this cycle: `valid && ready`.
    public var fire: Bit { valid && ready }

    /// The stream without its `ready` (for a consumer that always accepts, or for a monitor).
    public var asValid: Valid<Payload> { Valid(valid: valid, bits: bits, layout: layout, direction: direction) }
}

/// The shape of a `Decoupled` stream of `payload`.
public struct DecoupledShape<PayloadShape: Shape>: Shape {
    public let payload: PayloadShape

    public func make(_ maker: SignalMaker, name: String) -> Decoupled<PayloadShape.Value> {
        Decoupled(valid: Bit(node: maker.leaf("\(name)_valid", .bit, flipped: false)),
                  ready: Bit(node: maker.leaf("\(name)_ready", .bit, flipped: true)),
                  bits: payload.make(maker, name: "\(name)_bits"),
                  layout: PayloadLayout(payload), direction: StreamDirection(maker.leafDriver))
    }
}

extension Shape {
    /// A ready/valid stream: `valid` and `bits` flow in the declared direction, `ready` against it.
    public static func decoupled<P: Shape>(_ payload: P) -> DecoupledShape<P> where Self == DecoupledShape<P> {
        DecoupledShape(payload: payload)
    }
}

/// Connects two ready/valid streams: `sink.valid` and `sink.bits` from `source`, `source.ready` from `sink`.
/// A sink whose data arrives from outside this module (an input port, a child's output), or a source this
/// module drives (an output port, a child's input), is an elaboration error at this line.
public func <== <P>(sink: Decoupled<P>, source: Decoupled<P>) -> Statement {
    if let problem = sink.direction.problemAsSink(StreamDirection.name(of: sink.valid))
        ?? source.direction.problemAsSource(StreamDirection.name(of: source.valid)) {
        return Statement(.invalid(problem))
    }
    return Statement(.group([sink.valid <== source.valid, payloadConnect(sink.bits, source.bits),
                             source.ready <== sink.ready]))
}
