/// Which way a stream interface (`Valid`, `Decoupled`) flows through the module that holds the value: whether
/// this module drives its forward fields (`valid`, `bits`) or receives them. Set when the value is declared
/// (an output port or a child's input is driven here; an input port or a child's output arrives from
/// outside; a wire or register either way), and checked by the connect helpers so a stream connected the
/// wrong way is an error at the user's line rather than a confusing message about one of its fields.
public enum StreamDirection: Hashable, Sendable {
    /// This module drives `valid` and `bits` (and reads `ready`): the stream leaves through it.
    case drivenHere
    /// `valid` and `bits` come from outside (this module drives `ready`): the stream arrives through it.
    case arriving
    /// A wire or register, or a value built by hand: either end of a connect.
    case either

    init(_ driver: LeafDriver) {
        switch driver {
        case .thisModule: self = .drivenHere
        case .outside: self = .arriving
        case .either: self = .either
        }
    }

    /// Why a stream of this direction cannot be the receiving (left) side of `<==`, or nil.
    func problemAsSink(_ name: String) -> String? {
        self == .arriving
            ? "\(name) is connected the wrong way: its valid and bits arrive from outside this module, so it can only be "
                + "a source (the right side of `sink <== source`, or the stream a helper such as m.queue reads)"
            : nil
    }

    /// Why a stream of this direction cannot be the source (right) side of `<==` or a helper's input, or nil.
    func problemAsSource(_ name: String) -> String? {
        self == .drivenHere
            ? "\(name) is connected the wrong way: this module drives its valid and bits, so it can only be a sink "
                + "(the left side of `sink <== source`)"
            : nil
    }

    /// A stream's name for messages: its `valid` signal's name without `_valid`.
    static func name(of valid: Bit) -> String {
        if let n = valid.node.signalName {
            return "'\(n.hasSuffix("_valid") ? String(n.dropLast(6)) : n)'"
        }
        return "this stream"
    }
}
