/// A Swift enum used as a hardware type (Chisel's `ChiselEnum`, Amaranth's `Enum`): each case is encoded as its
/// position in `allCases`, in the fewest bits that hold them all, and emitted as a named `localparam`, so the
/// Verilog and a waveform read `STATE_IDLE` rather than `2'd0`.
///
///     enum Phase: HardwareEnum { case idle, load, run, drain }
///     let phase = m.reg("phase", .enumeration(Phase.self), reset: Phase.idle)
///     Switch(phase) { Is(Phase.idle) { ... } Is(Phase.run, Phase.drain) { ... } Default { ... } }
public protocol HardwareEnum: CaseIterable, Hashable {
    /// The prefix of the cases' `localparam` names; defaults to the type name in upper snake case
    /// (`ControllerState` -> `CONTROLLER_STATE`, so `.loadQ` is `CONTROLLER_STATE_LOAD_Q`).
    static var symbolPrefix: String { get }
}

extension HardwareEnum {
    public static var symbolPrefix: String { upperSnake(String(describing: Self.self)) }

    /// Bits of the encoding: enough for every case (at least 1).
    public static var bitWidth: Int { bitsFor(allCases.count - 1) }

    /// The case's code: its position in `allCases`.
    public var code: Int { Array(Self.allCases).firstIndex(of: self)! }

    /// The `localparam` name of the case.
    public var symbolName: String { Self.symbolPrefix + "_" + upperSnake(String(describing: self)) }

    /// The value as a hardware constant (printed by name).
    public var hardware: EnumValue<Self> { EnumValue(node: symbolNode) }

    var symbolNode: Node {
        Node(.symbol(SymbolKey(name: symbolName, value: Constant(code, width: Self.bitWidth))), .unsigned(Self.bitWidth))
    }
}

/// `camelCase` / `TypeName` -> `CAMEL_CASE` / `TYPE_NAME`.
func upperSnake(_ s: String) -> String {
    var out = ""
    var previousLower = false
    for ch in s {
        if ch.isUppercase && previousLower { out.append("_") }
        previousLower = ch.isLowercase || ch.isNumber
        out += ch.isLetter || ch.isNumber ? ch.uppercased() : "_"
    }
    return out
}

/// A named constant as the front end sees it: the IR gives each distinct one a module symbol.
struct SymbolKey: Hashable {
    let name: String
    let value: Constant
}

/// A value of a `HardwareEnum` type: compare it with `==`/`!=` or `Switch` on it; it converts to its code with
/// `asUnsigned()`.
public struct EnumValue<E: HardwareEnum>: HardwareValue {
    public let node: Node
    public init(node: Node) { self.node = node }

    public static func == (a: EnumValue, b: E) -> Bit { compare(.eq, a.node, b.symbolNode) }
    public static func != (a: EnumValue, b: E) -> Bit { compare(.ne, a.node, b.symbolNode) }
    public static func == (a: EnumValue, b: EnumValue) -> Bit { compare(.eq, a.node, b.node) }
    public static func != (a: EnumValue, b: EnumValue) -> Bit { compare(.ne, a.node, b.node) }

    /// The code as an unsigned number.
    public func asUnsigned() -> Unsigned { Unsigned(node: node) }
}

/// The shape of a `HardwareEnum` value.
public struct EnumShape<E: HardwareEnum>: GroundShape {
    public typealias Value = EnumValue<E>
    public var type: HWType { .unsigned(E.bitWidth) }
}

extension Shape {
    /// A value of the enum type `E` (see `HardwareEnum`).
    public static func enumeration<E: HardwareEnum>(_: E.Type) -> EnumShape<E> where Self == EnumShape<E> { EnumShape() }
}

/// `<==` of an enum case: `phase <== Phase.run`.
public func <== <E: HardwareEnum>(target: EnumValue<E>, value: E) -> Statement {
    Statement(.connect(target: target.node, value: value.symbolNode))
}

extension Scope {
    /// A register of enum type with a reset case.
    public func reg<E: HardwareEnum>(_ name: String, _ shape: EnumShape<E>, reset: E, enable: Bit? = nil,
                                     file: String = #fileID, line: Int = #line) -> EnumValue<E> {
        reg(name, shape, reset: reset.code, enable: enable, file: file, line: line)
    }
}

extension Is {
    /// The branch for one or more cases of a `HardwareEnum`, printed by name (`STATE_IDLE: begin`).
    public init<E: HardwareEnum>(_ values: E..., file: String = #fileID, line: Int = #line,
                                 @HardwareBuilder _ body: () throws -> Block) rethrows {
        try self.init(values.map(\.code), file: file, line: line, body)
        symbols = values.map { SymbolKey(name: $0.symbolName, value: Constant($0.code, width: E.bitWidth)) }
    }
}
