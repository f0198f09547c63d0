/// A hardware value: a typed view of an expression node. Values are cheap to copy; using one in two
/// places shares the logic (it is a net, not a recomputation).
public protocol HardwareValue {
    var node: Node { get }
    /// Wraps a node; the node's signedness must match the type (`Signed` = signed, others unsigned).
    init(node: Node)
}

extension HardwareValue {
    /// Width in bits.
    public var width: Int { node.width }
}

/// An unsigned integer of a fixed width. Literals take the smallest width that holds them.
public struct Unsigned: HardwareValue, ExpressibleByIntegerLiteral {
    public let node: Node

    public init(node: Node) { self.node = node }

    public init(integerLiteral value: Int) {
        if value < 0 {
            node = .invalid("negative literal \(value) used as Unsigned", .unsigned(Constant.minimalWidth(-value, signed: false)), nil)
        } else {
            node = .constant(Constant(value, width: Constant.minimalWidth(value, signed: false)), signed: false)
        }
    }

    /// A constant of an explicit width; an out-of-range value is an elaboration error at this line.
    public init(_ value: Int, width: Int, file: String = #fileID, line: Int = #line) {
        let loc = SourceLocation(fileID: file, line: line)
        if width < 1 {
            node = .invalid("constant width must be at least 1, got \(width)", .unsigned(1), loc)
        } else if !Constant.fits(value, width: width, signed: false) {
            node = .invalid("constant \(value) does not fit in \(width) unsigned bits", .unsigned(width), loc)
        } else {
            node = .constant(Constant(value, width: width), signed: false)
        }
    }

    /// A constant bit pattern.
    public init(_ constant: Constant) {
        node = .constant(constant, signed: false)
    }
}

/// A two's-complement signed integer of a fixed width. Literals take the smallest width that holds them.
public struct Signed: HardwareValue, ExpressibleByIntegerLiteral {
    public let node: Node

    public init(node: Node) { self.node = node }

    public init(integerLiteral value: Int) {
        node = .constant(Constant(value, width: Constant.minimalWidth(value, signed: true)), signed: true)
    }

    /// A constant of an explicit width; an out-of-range value is an elaboration error at this line.
    public init(_ value: Int, width: Int, file: String = #fileID, line: Int = #line) {
        let loc = SourceLocation(fileID: file, line: line)
        if width < 1 {
            node = .invalid("constant width must be at least 1, got \(width)", .signed(1), loc)
        } else if !Constant.fits(value, width: width, signed: true) {
            node = .invalid("constant \(value) does not fit in \(width) signed bits", .signed(width), loc)
        } else {
            node = .constant(Constant(value, width: width), signed: true)
        }
    }
}

/// A single bit used as a condition (`When`, `mux`, enables). `true`/`false` literals are allowed.
public struct Bit: HardwareValue, ExpressibleByBooleanLiteral {
    public let node: Node

    public init(node: Node) { self.node = node }

    public init(booleanLiteral value: Bool) {
        node = .constant(Constant(value ? 1 : 0, width: 1), signed: false)
    }
}

/// `Unsigned` and `Signed`: the values with integer arithmetic.
public protocol IntegerHardwareValue: HardwareValue, ExpressibleByIntegerLiteral where IntegerLiteralType == Int {
    static var isSigned: Bool { get }
}

extension Unsigned: IntegerHardwareValue {
    public static var isSigned: Bool { false }
}

extension Signed: IntegerHardwareValue {
    public static var isSigned: Bool { true }
}
