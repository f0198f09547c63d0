/// Index of a signal in its module's signal table.
public struct SignalID: Hashable, Sendable, Comparable {
    public let raw: Int32
    public init(_ raw: Int) { self.raw = Int32(raw) }
    public var index: Int { Int(raw) }
    public static func < (a: SignalID, b: SignalID) -> Bool { a.raw < b.raw }
}

/// What a signal is, which decides who may drive it and how it is emitted.
public enum SignalKind: Hashable, Sendable {
    /// A port of this module driven from outside.
    case input
    /// A port of this module driven by this module's logic.
    case output
    /// A combinational net driven by this module's logic.
    case wire
    /// A clocked register: connects set its next value.
    case register
    /// The parent-side net of a child instance's input port (driven by this module).
    case instanceInput(instance: Int32, port: Int32)
    /// The parent-side net of a child instance's output port (driven by the child).
    case instanceOutput(instance: Int32, port: Int32)
    /// The registered data of a synchronous memory read port (driven by the memory).
    case memoryReadData(memory: Int32, port: Int32)
    /// The module's implicit synchronous reset input `rst` (present because the module has state).
    case reset

    /// Whether this module's connect statements drive the signal.
    public var isDrivenByConnects: Bool {
        switch self {
        case .output, .wire, .register, .instanceInput: return true
        case .input, .instanceOutput, .memoryReadData, .reset: return false
        }
    }

    /// Whether the signal's value is a combinational function of its drivers (registers and memory data are not).
    public var isCombinational: Bool {
        switch self {
        case .output, .wire, .instanceInput, .instanceOutput: return true
        case .input, .register, .memoryReadData, .reset: return false
        }
    }

    public var noun: String {
        switch self {
        case .input: return "input port"
        case .output: return "output port"
        case .wire: return "wire"
        case .register: return "register"
        case .instanceInput: return "instance input"
        case .instanceOutput: return "instance output"
        case .memoryReadData: return "memory read data"
        case .reset: return "reset"
        }
    }
}

public struct Signal: Hashable, Sendable {
    /// The name as stored: the user's name (or a generated one), or, for an instance port named after its
    /// instance (`isNamedAfterInstance`), only the port's part (the child's own port-name string, shared by every
    /// instance). `ModuleIR.name(of:)` gives the whole name; the Verilog emitter legalizes and uniquifies it.
    // Field order, the boxed reset, the optional expressions kept as raw indices (-1: none) and names derived from
    // the instance keep a signal at 64 bytes and without a string of its own: a module of millions of instance
    // ports keeps one per port.
    public var storedName: String
    public var type: HWType
    public var location: SourceLocation
    private var resetBox: ConstantBox?
    private var enableRaw: Int32 = -1
    private var defaultRaw: Int32 = -1
    public var kind: SignalKind
    /// A net made by a pass (a shared subexpression, a named condition), not declared by the user.
    public var isGenerated = false
    /// An instance port whose whole name is its instance's name, `_`, and `storedName`.
    public var isNamedAfterInstance = false

    /// Registers: a clock enable; connects only take effect when it is 1.
    public var enable: ExprID? {
        get { enableRaw < 0 ? nil : ExprID(Int(enableRaw)) }
        set { enableRaw = newValue?.raw ?? -1 }
    }

    /// Wires and outputs: the value where no connect applies (makes partial assignment latch-free).
    public var defaultValue: ExprID? {
        get { defaultRaw < 0 ? nil : ExprID(Int(defaultRaw)) }
        set { defaultRaw = newValue?.raw ?? -1 }
    }

    /// Registers: the synchronous reset value (nil = no reset).
    public var reset: Constant? {
        get { resetBox?.value }
        set { resetBox = newValue.map(ConstantBox.init) }
    }

    public init(name: String, type: HWType, kind: SignalKind, location: SourceLocation,
                reset: Constant? = nil, enable: ExprID? = nil, defaultValue: ExprID? = nil) {
        self.storedName = name
        self.type = type
        self.kind = kind
        self.location = location
        self.resetBox = reset.map(ConstantBox.init)
        self.enable = enable
        self.defaultValue = defaultValue
    }

    public var width: Int { type.width }

    public static func == (a: Signal, b: Signal) -> Bool {
        a.storedName == b.storedName && a.isNamedAfterInstance == b.isNamedAfterInstance && a.type == b.type && a.location == b.location && a.kind == b.kind && a.enable == b.enable
            && a.defaultValue == b.defaultValue && a.isGenerated == b.isGenerated && a.reset == b.reset
    }

    public func hash(into h: inout Hasher) {
        h.combine(storedName)
        h.combine(type)
        h.combine(kind)
        h.combine(location)
        h.combine(reset)
        h.combine(enable)
        h.combine(defaultValue)
    }
}

/// A constant held by reference (a signal's rarely present reset value).
final class ConstantBox: Sendable {
    let value: Constant
    init(_ value: Constant) { self.value = value }
}
