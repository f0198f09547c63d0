import Synchronization

/// A node of the front end's expression graph. Hardware values (`Unsigned`, `Signed`, `Bit`) wrap one.
///
/// Nodes are immutable and shared freely; the elaborator lowers each module's reachable nodes once into
/// the IR's expression table. Invalid operations (a slice out of range, a negative unsigned literal) do not
/// trap: they produce an `.invalid` node whose message is reported, with its source line, by the
/// statement that uses it.
public final class Node: @unchecked Sendable {
    enum Op {
        case signal(ScopeID, SignalID, name: SignalNodeName)
        case constant(Constant)
        /// A named constant (an enum case): lowered to a module symbol, printed by name.
        case symbol(SymbolKey)
        case unary(UnaryOp, Node)
        case binary(BinaryOp, Node, Node)
        case mux(Node, Node, Node)
        case concat([Node])
        case slice(Node, lo: Int)
        case extend(Node)
        case cast(Node)
        case invalid(String, SourceLocation?)
    }

    /// Only a signal's name changes, once, while its declaration is named from Swift labels (`renameSignal`).
    private(set) var op: Op
    let type: HWType

    init(_ op: Op, _ type: HWType) {
        self.op = op
        self.type = type
    }

    /// Replaces the placeholder name of a signal declared before its Swift label was known.
    func renameSignal(_ name: String) {
        if case .signal(let scope, let sid, _) = op { op = .signal(scope, sid, name: .own(name)) }
    }

    /// The name of the signal the node reads, or nil when it is not a signal.
    var signalName: String? {
        if case .signal(_, _, let name) = op { return name.text }
        return nil
    }

    var width: Int { type.width }
    var signed: Bool { type.signed }

    static func invalid(_ message: String, _ type: HWType, _ location: SourceLocation?) -> Node {
        Node(.invalid(message, location), HWType(width: max(1, type.width), signed: type.signed))
    }

    static func constant(_ c: Constant, signed: Bool) -> Node {
        Node(.constant(c), HWType(width: c.width, signed: signed))
    }

    var constantValue: Constant? {
        if case .constant(let c) = op { return c }
        return nil
    }

    /// Zero/sign extension by the node's own signedness; returns self when already `width` wide.
    func extended(to width: Int) -> Node {
        if width == self.width { return self }
        if let c = constantValue { return .constant(c.extended(to: width, signed: signed), signed: signed) }
        return Node(.extend(self), HWType(width: width, signed: signed))
    }

    /// The same bits viewed with a different signedness.
    func cast(signed: Bool) -> Node {
        if signed == self.signed { return self }
        if let c = constantValue { return .constant(c, signed: signed) }
        return Node(.cast(self), HWType(width: width, signed: signed))
    }

    /// Bits `[lo, lo + width)`, unsigned. Selects of selects, casts, extensions and concatenations fold to
    /// a select of the underlying value, so the Verilog reads `x[6:5]` rather than a chain of temporaries.
    func slice(lo: Int, width: Int) -> Node {
        if lo == 0 && width == self.width { return cast(signed: false) }
        if let c = constantValue { return .constant(c.slice(lo: lo, width: width), signed: false) }
        switch op {
        case .slice(let inner, let innerLo):
            return inner.slice(lo: innerLo + lo, width: width)
        case .cast(let inner):
            return inner.slice(lo: lo, width: width)
        case .extend(let inner) where lo + width <= inner.width:
            return inner.slice(lo: lo, width: width)
        case .concat(let parts):
            // Keep only the parts the range overlaps, each cut to its overlap.
            var picked: [Node] = []
            var offset = self.width
            for part in parts {
                offset -= part.width
                let from = max(lo, offset), to = min(lo + width, offset + part.width)
                if from < to { picked.append(part.slice(lo: from - offset, width: to - from)) }
            }
            return picked.count == 1 ? picked[0] : Node(.concat(picked), .unsigned(width))
        default:
            break
        }
        return Node(.slice(self, lo: lo), .unsigned(width))
    }
}

/// A signal node's name: its own string, or an instance port's, read from the names its instance's ports share
/// (so the node of each of a large array's millions of instance ports keeps no string of its own).
enum SignalNodeName {
    case own(String)
    case instancePort(InstancePortNames, port: Int32)

    var text: String {
        switch self {
        case .own(let name): return name
        case .instancePort(let names, let k): return names.instance + "_" + names.ports[Int(k)]
        }
    }
}

/// An instance's name and its ports' names, shared by the nodes of its ports; the port names are final once the
/// child's definition names placeholders (`Scope.addInstance`).
final class InstancePortNames {
    let instance: String
    var ports: [String] = []

    init(instance: String) { self.instance = instance }
}

/// Identity of the module scope a signal belongs to (catches a signal used in the wrong module). A serial
/// number rather than the scope's address: 4 bytes keep a signal node in a smaller allocation (a large array's
/// top has one per instance port), and a number is never reused by a later scope.
struct ScopeID: Hashable {
    let raw: UInt32

    /// A number no other scope has had in this process.
    static func next() -> ScopeID {
        ScopeID(raw: counter.wrappingAdd(1, ordering: .relaxed).newValue)
    }

    private static let counter = Atomic<UInt32>(0)
}
