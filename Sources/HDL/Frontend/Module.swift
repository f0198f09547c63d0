/// A hardware module generator: a Swift value whose stored properties are its parameters.
///
///     public struct Counter: Module {
///         public var width = 8
///
///         public func ports(_ p: Ports) -> (enable: Bit, count: Unsigned) {
///             (p.input("enable", .bit), p.output("count", .uint(width)))
///         }
///
///         public func body(_ m: Scope, _ io: IO) -> Block {
///             let value = m.reg("value", .uint(width), reset: 0)
///             When(io.enable) { value <== value &+ 1 }
///             io.count <== value
///         }
///     }
///
/// Equal values (Hashable) describe the same hardware: each distinct value is elaborated once and emitted
/// as one Verilog module, however many times it is instantiated.
public protocol Module: Hashable {
    /// Whatever `ports` returns: usually a labeled tuple or a struct of hardware values.
    associatedtype IO

    /// The Verilog module name (before a parameter suffix is added to tell parameterizations apart).
    /// Defaults to the Swift type name.
    var moduleName: String { get }

    /// Checks the parameters; throw `ParameterError` (see `require`) for values the generator cannot build.
    func validate() throws

    /// Declares the ports. Called once per module definition and once per instance (where the same
    /// declarations become the parent's view of the child), so it must only declare ports.
    func ports(_ p: Ports) -> IO

    /// The logic. `m` declares wires, registers, memories and child instances.
    @HardwareBuilder func body(_ m: Scope, _ io: IO) throws -> Block
}

extension Module {
    public var moduleName: String { String(describing: Self.self) }
    public func validate() throws {}
}

/// Declares a module's ports inside `Module.ports(_:)`. A port declared without a name takes the snake_case
/// path of Swift labels that reaches it in the value `ports` returns (`inValid` gives `in_valid`, a vector's
/// elements `_0`, `_1`, a field of a nested struct `outer_inner`):
///
///     func ports(_ p: Ports) -> (inValid: Bit, count: Unsigned) { (p.input(.bit), p.output(.uint(8))) }
public struct Ports {
    enum Direction { case input, output }
    let make: (String, HWType, Direction, SourceLocation) -> Node
    /// Whether these are a child's ports seen from its parent (its inputs are driven there).
    let isInstanceView: Bool
    let naming: LabelNaming?
    /// Ports declared without a name, named from the labels of the value `ports` returns.
    let unnamed: UnnamedValues
    let packGroup: (([Node]) -> Void)?

    init(instanceView: Bool = false, naming: LabelNaming? = nil, packGroup: (([Node]) -> Void)? = nil,
         _ make: @escaping (String, HWType, Direction, SourceLocation) -> Node) {
        self.make = make
        self.isInstanceView = instanceView
        self.naming = naming
        self.packGroup = packGroup
        self.unnamed = UnnamedValues(naming: naming, kind: "port")
    }

    private func maker(_ direction: Direction, _ loc: SourceLocation) -> SignalMaker {
        let drivenHere = (direction == .output) != isInstanceView
        return SignalMaker(driver: drivenHere ? .thisModule : .outside, naming: naming, packGroup: packGroup) { n, t, flipped in
            make(n, t, flipped ? (direction == .input ? .output : .input) : direction, loc)
        }
    }

    /// An input port (or an aggregate of them).
    public func input<S: Shape>(_ name: String, _ shape: S, file: String = #fileID, line: Int = #line) -> S.Value {
        shape.make(maker(.input, SourceLocation(fileID: file, line: line)), name: name)
    }

    /// An output port (or an aggregate of them).
    public func output<S: Shape>(_ name: String, _ shape: S, file: String = #fileID, line: Int = #line) -> S.Value {
        shape.make(maker(.output, SourceLocation(fileID: file, line: line)), name: name)
    }

    /// An input port named after the labels that reach it in the value `ports` returns.
    public func input<S: Shape>(_ shape: S, file: String = #fileID, line: Int = #line) -> S.Value {
        let loc = SourceLocation(fileID: file, line: line)
        return unnamed.make(shape, maker(.input, loc), prefix: "", at: loc)
    }

    /// An output port named after the labels that reach it in the value `ports` returns.
    public func output<S: Shape>(_ shape: S, file: String = #fileID, line: Int = #line) -> S.Value {
        let loc = SourceLocation(fileID: file, line: line)
        return unnamed.make(shape, maker(.output, loc), prefix: "", at: loc)
    }
}
