/// A statement of a module body, produced by `<==`, `When`, `Switch` and memory writes and collected by
/// `@HardwareBuilder`, which stamps each with the source line it was written on.
public struct Statement {
    /// The rare, large cases are boxed (`indirect`) so a statement is 32 bytes: bodies hold millions of connects.
    enum Kind {
        case connect(target: Node, value: Node)
        indirect case when(When)
        indirect case switchCase(Switch)
        indirect case memoryWrite(memory: MemoryHandle, address: Node, data: Node, mask: Node?)
        case group([Statement])
        /// Two signals connected in whichever direction is drivable (see `<>`).
        case bidirectional(Node, Node)
        indirect case invalid(String)
    }

    var kind: Kind
    var location: SourceLocation?

    init(_ kind: Kind, location: SourceLocation? = nil) {
        self.kind = kind
        self.location = location
    }

    func located(_ loc: SourceLocation) -> Statement {
        var s = self
        if s.location == nil { s.location = loc }
        return s
    }
}

/// The statements of a module body or of a conditional branch.
public struct Block {
    var statements: [Statement]

    init(_ statements: [Statement]) {
        self.statements = statements
    }

    /// A block with no statements.
    public static var empty: Block { Block([]) }
}

infix operator <== : AssignmentPrecedence

/// Drives `target` with `value`. Within one activation the last connect that applies wins; a value
/// narrower than the target is extended, a wider one is an elaboration error (truncate explicitly).
public func <== <V: HardwareValue>(target: V, value: V) -> Statement {
    Statement(.connect(target: target.node, value: value.node))
}

/// Element-wise connect of two arrays of the same length.
public func <== <V: HardwareValue>(target: [V], value: [V]) -> Statement {
    guard target.count == value.count else {
        return Statement(.invalid("cannot connect an array of \(value.count) elements to one of \(target.count)"))
    }
    return Statement(.group(zip(target, value).map { $0 <== $1 }))
}

/// Marks a struct of hardware values (and arrays or nested bundles of them) so `<==` connects it field by field.
public protocol Bundle {}

/// Field-by-field connect of two bundles of the same type.
public func <== <B: Bundle>(target: B, value: B) -> Statement {
    let t = bundleLeaves(target), v = bundleLeaves(value)
    guard t.count == v.count else {
        return Statement(.invalid("cannot connect bundles with different fields (\(v.count) vs \(t.count) leaves)"))
    }
    return Statement(.group(zip(t, v).map { Statement(.connect(target: $0, value: $1)) }))
}

infix operator <> : AssignmentPrecedence

/// Connects two bundles field by field, each field in the direction it can be driven: a field that is an
/// input of this module or an output of a child drives the other side. Made for interfaces with flipped
/// fields (`valid`/`data` one way, `ready` back): `child.input <> io.input`, `second.input <> first.output`.
public func <> <B: Bundle>(a: B, b: B) -> Statement {
    let x = bundleLeaves(a), y = bundleLeaves(b)
    guard x.count == y.count else {
        return Statement(.invalid("cannot connect bundles with different fields (\(x.count) vs \(y.count) leaves)"))
    }
    return Statement(.group(zip(x, y).map { Statement(.bidirectional($0, $1)) }))
}

/// The ground values of a bundle in declaration order.
func bundleLeaves(_ value: Any) -> [Node] {
    if let v = value as? any HardwareValue { return [v.node] }
    var out: [Node] = []
    for child in Mirror(reflecting: value).children {
        out += bundleLeaves(child.value)
    }
    return out
}
