/// Describes the hardware type of a port, wire or register, and builds the Swift value that represents it:
/// `.uint(8)` gives an `Unsigned`, `.sint(8)` a `Signed`, `.bit` a `Bit`, `.vec(4, .sint(8))` a `[Signed]`,
/// and a `BundleShape` any struct the user defines. Aggregates are flattened into ground signals named
/// `name_0`, `name_field`, ... in the Verilog.
public protocol Shape {
    associatedtype Value
    /// Creates the value, asking `maker` for one ground signal per leaf.
    func make(_ maker: SignalMaker, name: String) -> Value
}

/// A shape with a single ground signal (`Unsigned`, `Signed`, `Bit`).
public protocol GroundShape: Shape where Value: HardwareValue {
    var type: HWType { get }
}

extension GroundShape {
    public func make(_ maker: SignalMaker, name: String) -> Value {
        Value(node: maker.leaf(name, type, flipped: false))
    }
}

public struct UnsignedShape: GroundShape {
    public typealias Value = Unsigned
    public let type: HWType
}

public struct SignedShape: GroundShape {
    public typealias Value = Signed
    public let type: HWType
}

public struct BitShape: GroundShape {
    public typealias Value = Bit
    public var type: HWType { .bit }
}

extension Shape where Self == UnsignedShape {
    /// An unsigned integer of `width` bits.
    public static func uint(_ width: Int) -> UnsignedShape { UnsignedShape(type: .unsigned(width)) }
}

extension Shape where Self == SignedShape {
    /// A two's-complement integer of `width` bits.
    public static func sint(_ width: Int) -> SignedShape { SignedShape(type: .signed(width)) }
}

extension Shape where Self == BitShape {
    /// A single bit.
    public static var bit: BitShape { BitShape() }
}

/// `count` elements of one shape; the value is a Swift array.
public struct VecShape<Element: Shape>: Shape {
    public let count: Int
    public let element: Element

    public func make(_ maker: SignalMaker, name: String) -> [Element.Value] {
        (0..<count).map { element.make(maker, name: "\(name)_\($0)") }
    }
}

extension Shape {
    /// `count` elements of shape `element`, named `name_0`, `name_1`, ...
    public static func vec<E: Shape>(_ count: Int, _ element: E) -> VecShape<E> where Self == VecShape<E> {
        VecShape(count: count, element: element)
    }
}

/// A user-defined aggregate. The closure builds the struct from its fields:
///
///     struct Entry { var key: Signed; var index: Unsigned }
///     let entry = BundleShape { f in Entry(key: f.field("key", .sint(16)), index: f.field("index", .uint(8))) }
///
/// Fields built with `f.flipped(...)` run against the bundle's direction (e.g. a `ready` in a port bundle).
public struct BundleShape<Value>: Shape {
    let build: (BundleFields) -> Value

    public init(_ build: @escaping (BundleFields) -> Value) {
        self.build = build
    }

    public func make(_ maker: SignalMaker, name: String) -> Value {
        build(BundleFields(maker: maker, prefix: name))
    }
}

/// Field factory handed to a `BundleShape` closure.
public struct BundleFields {
    let maker: SignalMaker
    let prefix: String

    /// A field named `<bundle>_<name>`.
    public func field<S: Shape>(_ name: String, _ shape: S) -> S.Value {
        shape.make(maker, name: "\(prefix)_\(name)")
    }

    /// A field whose direction is reversed relative to the bundle (inputs become outputs and vice versa).
    public func flipped<S: Shape>(_ name: String, _ shape: S) -> S.Value {
        shape.make(maker.flipped(), name: "\(prefix)_\(name)")
    }
}

/// Creates ground signals for shapes; which kind (port, wire, instance port) depends on who asks.
public struct SignalMaker {
    let make: (String, HWType, Bool) -> Node
    let isFlipped: Bool

    init(flipped: Bool = false, _ make: @escaping (String, HWType, Bool) -> Node) {
        self.make = make
        self.isFlipped = flipped
    }

    func leaf(_ name: String, _ type: HWType, flipped: Bool) -> Node {
        make(name, type, flipped != isFlipped)
    }

    func flipped() -> SignalMaker { SignalMaker(flipped: !isFlipped, make) }
}
