/// Which emitted Verilog port each of a module's IO values is, so tools outside the DSL (simulators,
/// testbenches) can address ports through the values `ports()` returns instead of by name or position.
///
///     let design = try emitVerilog(mac)
///     let map = try PortMap(mac, design: design)
///     map.port(of: map.io.acc)       // PortDescriptor(name: "acc", direction: .output, width: 24, signed: true)
///
/// It calls the module's `ports` once more and matches the ground signals it declares, in declaration order,
/// with the design's ports after the implicit ones (`clk`, `rst`) that precede them; the elements of a packed
/// vector (`VecShape.packed()`) share one port, each at its bits (`field(of:)`). `io` is the value that call
/// returned: its leaves (in vectors and bundles too) are the keys, by identity.
public struct PortMap<IO> {
    /// Where one leaf of the IO is: a whole port, or an element of a packed vector port.
    public struct Field: Hashable, Sendable {
        /// Index in `ports`.
        public let port: Int
        /// The leaf's lowest bit in the port, and its width and signedness.
        public let lsb: Int
        public let width: Int
        public let signed: Bool
        /// The element's position in a packed vector port; nil for a whole port.
        public let element: Int?

        public init(port: Int, lsb: Int, width: Int, signed: Bool, element: Int?) {
            self.port = port
            self.lsb = lsb
            self.width = width
            self.signed = signed
            self.element = element
        }
    }

    /// The module's IO, as `ports()` built it for this map.
    public let io: IO
    /// The emitted ports of `io`'s leaves, in declaration order (one per packed vector).
    public let ports: [PortDescriptor]
    /// The design ports before them that no IO value stands for (`clk`, `rst`).
    public let implicitPorts: [PortDescriptor]
    /// Every leaf's field, in declaration order.
    public let fields: [Field]
    private let leaves: [Node]
    private let index: [ObjectIdentifier: Int]

    /// Fails when `design` is not `module`'s emission (its ports do not line up with the IO's leaves).
    public init<M: Module>(_ module: M, design: VerilogDesign) throws where M.IO == IO {
        // The identity of the port map's own signals (never part of a module).
        let scope = ScopeID.next()
        var leaves: [Node] = []
        var declared: [(name: String, type: HWType, input: Bool)] = []
        var groups: [[ObjectIdentifier]] = []
        let builder = Ports(packGroup: { nodes in groups.append(nodes.map(ObjectIdentifier.init)) }) { name, type, direction, _ in
            let node = Node(.signal(scope, SignalID(leaves.count), name: .own(name)), type)
            leaves.append(node)
            declared.append((name, type, direction == .input))
            return node
        }
        io = module.ports(builder)
        // A packed vector's elements are consecutive leaves; the port stands where its first element is.
        var groupOf: [ObjectIdentifier: (group: Int, element: Int)] = [:]
        for (g, members) in groups.enumerated() {
            for (j, id) in members.enumerated() { groupOf[id] = (g, j) }
        }
        var portOfLeaf: [(port: Int, element: Int?)] = []
        var portCount = 0
        for leaf in leaves {
            if let (_, j) = groupOf[ObjectIdentifier(leaf)], j > 0 {
                portOfLeaf.append((portCount - 1, j))
            } else {
                portOfLeaf.append((portCount, groupOf[ObjectIdentifier(leaf)] == nil ? nil : 0))
                portCount += 1
            }
        }
        let implicitCount = design.ports.count - portCount
        guard implicitCount >= 0 else {
            throw PortMapError("\(module.moduleName) declares \(portCount) ports but the design '\(design.top)' has \(design.ports.count)")
        }
        let mapped = Array(design.ports[implicitCount...])
        var fields: [Field] = []
        for (k, leaf) in declared.enumerated() {
            let (p, element) = portOfLeaf[k]
            let port = mapped[p]
            let direction: PortDescriptor.Direction = leaf.input ? .input : .output
            let lsb = (element ?? 0) * leaf.type.width
            let fits = element == nil
                ? port.width == leaf.type.width && port.signed == leaf.type.signed && port.packing == nil
                : port.packing?.elementWidth == leaf.type.width && port.packing?.elementSigned == leaf.type.signed
                    && lsb + leaf.type.width <= port.width
            guard port.direction == direction, fits else {
                throw PortMapError("port \(k) of \(module.moduleName), '\(leaf.name)' (\(direction) \(leaf.type)\(element.map { ", element \($0) of a packed vector" } ?? "")), "
                                   + "does not match the design's '\(port.name)' (\(port.direction) \(HWType(width: port.width, signed: port.signed))"
                                   + "\(port.packing.map { ", packed \($0.count) x \($0.elementWidth)" } ?? ""))")
            }
            fields.append(Field(port: p, lsb: lsb, width: leaf.type.width, signed: leaf.type.signed, element: element))
        }
        ports = mapped
        implicitPorts = Array(design.ports[..<implicitCount])
        self.fields = fields
        self.leaves = leaves
        index = Dictionary(uniqueKeysWithValues: leaves.enumerated().map { (ObjectIdentifier($1), $0) })
    }

    /// The position in `fields` of a leaf of `io`, or nil for any other value (a wire, an expression, a leaf
    /// of another map's IO).
    public func leafIndex(of value: some HardwareValue) -> Int? { index[ObjectIdentifier(value.node)] }

    /// The position in `ports` of the port a leaf of `io` is (or is an element of), or nil for any other value.
    public func index(of value: some HardwareValue) -> Int? { leafIndex(of: value).map { fields[$0].port } }

    /// The port a leaf of `io` is (or is an element of), or nil for any other value.
    public func port(of value: some HardwareValue) -> PortDescriptor? { index(of: value).map { ports[$0] } }

    /// Where a leaf of `io` is in its port, or nil for any other value.
    public func field(of value: some HardwareValue) -> Field? { leafIndex(of: value).map { fields[$0] } }

    /// The emitted name of a leaf: its port's, with `[element]` for an element of a packed vector.
    public func name(of value: some HardwareValue) -> String? {
        guard let f = field(of: value) else { return nil }
        return ports[f.port].name + (f.element.map { "[\($0)]" } ?? "")
    }
}

/// A design whose ports do not line up with the module's IO.
public struct PortMapError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
