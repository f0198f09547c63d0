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
    /// Whether, as a module port, the vector is one packed Verilog port (see `packed()`).
    public private(set) var isPacked = false

    public init(count: Int, element: Element) {
        self.count = count
        self.element = element
    }

    /// The same vector emitted as ONE Verilog port of `count` x element-width bits (element 0 in the low bits)
    /// when it is a module's port, e.g. `input wire [255:0] k` for 32 int8 lanes: an instance connects it in one
    /// line instead of `count`. Inside the module and in Swift it is still an array of elements. Only for
    /// ground elements; the manifest describes the packing of a top-level packed port.
    public func packed() -> VecShape {
        var v = self
        v.isPacked = true
        return v
    }

    public func make(_ maker: SignalMaker, name: String) -> [Element.Value] {
        let values = (0..<count).map { element.make(maker, name: "\(name)_\($0)") }
        if isPacked, let group = maker.packGroup {
            let nodes = values.compactMap { ($0 as? any HardwareValue)?.node }
            if nodes.count == values.count { group(nodes) }
        }
        return values
    }
}

extension Shape {
    /// `count` elements of shape `element`, named `name_0`, `name_1`, ...
    public static func vec<E: Shape>(_ count: Int, _ element: E) -> VecShape<E> where Self == VecShape<E> {
        VecShape(count: count, element: element)
    }
}

/// A user-defined aggregate. The closure builds the struct from its fields; a field built without a name
/// is named after its Swift label once the struct exists (`indexBase` becomes `<bundle>_index_base`):
///
///     struct Entry: Bundle { var key: Signed; var index: Unsigned }
///     let entry = BundleShape { f in Entry(key: f.field(.sint(16)), index: f.field(.uint(8))) }
///
/// An explicit name (`f.field("key", .sint(16))`) is used as given. Fields built with `f.flipped(...)` run
/// against the bundle's direction (e.g. a `ready` in a port bundle).
public struct BundleShape<Value>: Shape {
    let build: (BundleFields) -> Value

    public init(_ build: @escaping (BundleFields) -> Value) {
        self.build = build
    }

    public func make(_ maker: SignalMaker, name: String) -> Value {
        let fields = BundleFields(maker: maker, prefix: name)
        let value = build(fields)
        fields.unnamed.resolve(in: value)
        return value
    }
}

/// Field factory handed to a `BundleShape` closure.
public struct BundleFields {
    let maker: SignalMaker
    let prefix: String
    /// The fields declared without a name, named from the struct's labels once it is built.
    let unnamed: UnnamedValues

    init(maker: SignalMaker, prefix: String) {
        self.maker = maker
        self.prefix = prefix
        self.unnamed = UnnamedValues(naming: maker.naming, kind: "bundle field")
    }

    /// A field named `<bundle>_<name>`.
    public func field<S: Shape>(_ name: String, _ shape: S) -> S.Value {
        shape.make(maker, name: "\(prefix)_\(name)")
    }

    /// A field named after its label in the struct (snake_case).
    public func field<S: Shape>(_ shape: S, file: String = #fileID, line: Int = #line) -> S.Value {
        unnamed.make(shape, maker, prefix: "\(prefix)_", at: SourceLocation(fileID: file, line: line))
    }

    /// A field whose direction is reversed relative to the bundle (inputs become outputs and vice versa).
    public func flipped<S: Shape>(_ name: String, _ shape: S) -> S.Value {
        shape.make(maker.flipped(), name: "\(prefix)_\(name)")
    }

    /// A reversed field named after its label in the struct.
    public func flipped<S: Shape>(_ shape: S, file: String = #fileID, line: Int = #line) -> S.Value {
        unnamed.make(shape, maker.flipped(), prefix: "\(prefix)_", at: SourceLocation(fileID: file, line: line))
    }
}

/// Who drives a leaf, seen from the module being built: an output port or a child's input is driven here,
/// an input port or a child's output from outside, a wire or register by whichever connect targets it.
/// Interfaces use it to check the direction they are connected in.
enum LeafDriver {
    case thisModule, outside, either

    var reversed: LeafDriver {
        switch self {
        case .thisModule: .outside
        case .outside: .thisModule
        case .either: .either
        }
    }
}

/// Creates ground signals for shapes; which kind (port, wire, instance port) depends on who asks.
public struct SignalMaker {
    let make: (String, HWType, Bool) -> Node
    let isFlipped: Bool
    /// Who drives an unflipped leaf of this maker's declaration.
    let driver: LeafDriver
    /// Collects leaves whose names wait for Swift labels; nil where names do not matter (values rebuilt from
    /// existing nodes).
    let naming: LabelNaming?
    /// Where a packed vector of ports registers its elements (nil where packing means nothing: wires, registers,
    /// a child's ports seen from its parent).
    let packGroup: (([Node]) -> Void)?

    init(flipped: Bool = false, driver: LeafDriver = .either, naming: LabelNaming? = nil,
         packGroup: (([Node]) -> Void)? = nil, _ make: @escaping (String, HWType, Bool) -> Node) {
        self.make = make
        self.isFlipped = flipped
        self.driver = driver
        self.naming = naming
        self.packGroup = packGroup
    }

    func leaf(_ name: String, _ type: HWType, flipped: Bool) -> Node {
        let node = make(name, type, flipped != isFlipped)
        naming?.track(node, rawName: name)
        return node
    }

    func flipped() -> SignalMaker { SignalMaker(flipped: !isFlipped, driver: driver, naming: naming, packGroup: packGroup, make) }

    /// Who drives a leaf made (unflipped) through this maker.
    var leafDriver: LeafDriver { isFlipped ? driver.reversed : driver }
}
