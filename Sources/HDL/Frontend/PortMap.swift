/// Which emitted Verilog port each of a module's IO values is, so tools outside the DSL (simulators,
/// testbenches) can address ports through the values `ports()` returns instead of by name or position.
///
///     let design = try emitVerilog(mac)
///     let map = try PortMap(mac, design: design)
///     map.port(of: map.io.acc)       // PortDescriptor(name: "acc", direction: .output, width: 24, signed: true)
///
/// It calls the module's `ports` once more and matches the ground signals it declares, in declaration order,
/// with the design's ports after the implicit ones (`clk`, `rst`) that precede them. `io` is the value that
/// call returned: its leaves (in vectors and bundles too) are the keys, by identity.
public struct PortMap<IO> {
    /// The module's IO, as `ports()` built it for this map.
    public let io: IO
    /// The ports of `io`'s leaves, in declaration order, as the design names them.
    public let ports: [PortDescriptor]
    /// The design ports before them that no IO value stands for (`clk`, `rst`).
    public let implicitPorts: [PortDescriptor]
    private let leaves: [Node]
    private let index: [ObjectIdentifier: Int]

    /// Fails when `design` is not `module`'s emission (its ports do not line up with the IO's leaves).
    public init<M: Module>(_ module: M, design: VerilogDesign) throws where M.IO == IO {
        let token = ScopeToken()
        var leaves: [Node] = []
        var declared: [(name: String, type: HWType, input: Bool)] = []
        let builder = Ports { name, type, direction, _ in
            let node = Node(.signal(ScopeID(raw: ObjectIdentifier(token)), SignalID(leaves.count), name: name), type)
            leaves.append(node)
            declared.append((name, type, direction == .input))
            return node
        }
        io = module.ports(builder)
        let implicitCount = design.ports.count - declared.count
        guard implicitCount >= 0 else {
            throw PortMapError("\(module.moduleName) declares \(declared.count) ports but the design '\(design.top)' has \(design.ports.count)")
        }
        let mapped = Array(design.ports[implicitCount...])
        for (k, (leaf, port)) in zip(declared, mapped).enumerated() {
            let direction: PortDescriptor.Direction = leaf.input ? .input : .output
            guard port.direction == direction, port.width == leaf.type.width, port.signed == leaf.type.signed else {
                throw PortMapError("port \(k) of \(module.moduleName), '\(leaf.name)' (\(direction) \(leaf.type)), does not match "
                                   + "the design's '\(port.name)' (\(port.direction) \(HWType(width: port.width, signed: port.signed)))")
            }
        }
        ports = mapped
        implicitPorts = Array(design.ports[..<implicitCount])
        self.leaves = leaves
        index = Dictionary(uniqueKeysWithValues: leaves.enumerated().map { (ObjectIdentifier($1), $0) })
    }

    /// The position in `ports` of a leaf of `io`, or nil for any other value (a wire, an expression, a leaf
    /// of another map's IO).
    public func index(of value: some HardwareValue) -> Int? { index[ObjectIdentifier(value.node)] }

    /// The port a leaf of `io` is, or nil for any other value.
    public func port(of value: some HardwareValue) -> PortDescriptor? { index(of: value).map { ports[$0] } }

    /// The name a port has in the module's `ports()` (before the emitter legalizes it), for messages.
    public func declaredName(of value: some HardwareValue) -> String? {
        guard let k = index(of: value), case .signal(_, _, let name) = leaves[k].op else { return nil }
        return name
    }
}

/// The identity of a port map's own signals (never part of a module).
private final class ScopeToken {}

/// A design whose ports do not line up with the module's IO.
public struct PortMapError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
