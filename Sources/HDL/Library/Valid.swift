/// A payload with a `valid` bit and no back-pressure (Chisel's `Valid`): the producer says when `bits` holds
/// data, the consumer must take it then. Declared with `.valid(payloadShape)`: ports `<name>_valid` and
/// `<name>_bits` (a bundle payload: `<name>_bits_<field>`).
public struct Valid<Payload> {
    public var valid: Bit
    public var bits: Payload
    /// Rebuilds payloads that went through a flat block (`m.pipe`).
    public let layout: PayloadLayout<Payload>
    public let direction: StreamDirection

    /// A stream from existing values (a wire, an expression); it may be either end of a connect.
    public init<S: Shape>(valid: Bit, bits: Payload, payload shape: S) where S.Value == Payload {
        self.init(valid: valid, bits: bits, layout: PayloadLayout(shape), direction: .either)
    }

    init(valid: Bit, bits: Payload, layout: PayloadLayout<Payload>, direction: StreamDirection) {
        self.valid = valid
        self.bits = bits
        self.layout = layout
        self.direction = direction
    }

    /// When a transfer happens: `valid` (there is no `ready`).
    public var fire: Bit { valid }
}

/// The shape of a `Valid` stream of `payload`.
public struct ValidShape<PayloadShape: Shape>: Shape {
    public let payload: PayloadShape

    public func make(_ maker: SignalMaker, name: String) -> Valid<PayloadShape.Value> {
        Valid(valid: Bit(node: maker.leaf("\(name)_valid", .bit, flipped: false)),
              bits: payload.make(maker, name: "\(name)_bits"),
              layout: PayloadLayout(payload), direction: StreamDirection(maker.leafDriver))
    }
}

extension Shape {
    /// A `Valid` stream: `valid` and `bits` flow in the declared direction.
    public static func valid<P: Shape>(_ payload: P) -> ValidShape<P> where Self == ValidShape<P> {
        ValidShape(payload: payload)
    }
}

/// Connects a `Valid` stream: `sink.valid` and `sink.bits` from `source`. A sink whose data arrives from
/// outside, or a source this module drives, is an error at this line.
public func <== <P>(sink: Valid<P>, source: Valid<P>) -> Statement {
    if let problem = sink.direction.problemAsSink(StreamDirection.name(of: sink.valid))
        ?? source.direction.problemAsSource(StreamDirection.name(of: source.valid)) {
        return Statement(.invalid(problem))
    }
    return Statement(.group([sink.valid <== source.valid, payloadConnect(sink.bits, source.bits)]))
}

/// Leaf-by-leaf connect of two payloads of one type.
func payloadConnect<P>(_ target: P, _ value: P) -> Statement {
    let t = bundleLeaves(target), v = bundleLeaves(value)
    guard t.count == v.count else {
        return Statement(.invalid("cannot connect payloads with different fields (\(v.count) vs \(t.count) leaves)"))
    }
    return Statement(.group(zip(t, v).map { Statement(.connect(target: $0, value: $1)) }))
}
