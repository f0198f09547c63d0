/// A shape with every leaf's direction reversed: the consumer's view of an interface inside a bundle
/// (`f.field(.decoupled(.uint(8)).flipped)` is a stream flowing against the bundle), or an output
/// declared as the flip of an input (`p.output(s.flipped)` declares the same ports as `p.input(s)`).
public struct FlippedShape<Inner: Shape>: Shape {
    public let inner: Inner

    public func make(_ maker: SignalMaker, name: String) -> Inner.Value {
        inner.make(maker.flipped(), name: name)
    }
}

extension Shape {
    /// This shape with every leaf's direction reversed.
    public var flipped: FlippedShape<Self> { FlippedShape(inner: self) }
}
