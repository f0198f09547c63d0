import HDL

/// A simulation's view of a module's IO values: each leaf of the `IO` that `ports()` returned (through a
/// `PortMap`) resolved to the protocol's input or output index and its bits there (all of the port, or an
/// element of a packed vector), so typed pokes, expectations and stimulus rows cost a dictionary lookup.
final class PortBinding: @unchecked Sendable {
    enum Slot: Equatable {
        case input(PortField)
        case output(PortField)
    }

    /// The leaves reachable through the IO value's fields (all of them, for structs, tuples and arrays),
    /// by node identity: no generic code on the hot path of building stimulus rows.
    private let known: [ObjectIdentifier: Int]
    /// The port map's own lookup, for leaves kept where reflection does not reach.
    private let lookup: (any HardwareValue) -> Int?
    private let slots: [Slot]
    /// The port map, kept alive: its IO's nodes are the lookup's keys.
    private let owner: Any
    let top: String

    init<IO>(_ map: PortMap<IO>, design: VerilogDesign) {
        let inputs = Simulation.protocolInputs(design), outputs = design.outputs
        let inputIndex = Dictionary(uniqueKeysWithValues: inputs.enumerated().map { ($1.name, $0) })
        let outputIndex = Dictionary(uniqueKeysWithValues: outputs.enumerated().map { ($1.name, $0) })
        slots = map.fields.map { f in
            let p = map.ports[f.port]
            let input = p.direction == .input
            let field = PortField(index: input ? inputIndex[p.name]! : outputIndex[p.name]!, lsb: f.lsb, width: f.width,
                                  signed: f.signed, whole: f.element == nil, name: p.name + (f.element.map { "[\($0)]" } ?? ""))
            return input ? .input(field) : .output(field)
        }
        lookup = { map.leafIndex(of: $0) }
        var known: [ObjectIdentifier: Int] = [:]
        for leaf in hardwareLeaves(of: map.io) {
            if let k = map.leafIndex(of: leaf) { known[ObjectIdentifier(leaf.node)] = k }
        }
        self.known = known
        owner = map
        top = design.top
    }

    private func index(_ value: some HardwareValue) -> Int? { known[ObjectIdentifier(value.node)] ?? lookup(value) }

    func slot(_ value: some HardwareValue) -> Slot? { index(value).map { slots[$0] } }

    /// Every input field (each leaf that is an input, or an element of one), for coverage.
    var inputFields: [PortField] { slots.compactMap { if case .input(let f) = $0 { f } else { nil } } }

    /// The input field of `value`, or a description of why it is not an input of the design.
    func input(_ value: some HardwareValue) -> Result<PortField, BindingError> {
        switch slot(value) {
        case .input(let f)?: return .success(f)
        case .output(let f)?: return .failure(BindingError("'\(f.name)' is an output of \(top): it cannot be driven"))
        case nil: return .failure(BindingError(Self.notAPort(top)))
        }
    }

    /// The output field of `value`, or a description of why it is not an output of the design.
    func output(_ value: some HardwareValue) -> Result<PortField, BindingError> {
        switch slot(value) {
        case .output(let f)?: return .success(f)
        case .input(let f)?: return .failure(BindingError("'\(f.name)' is an input of \(top): only outputs can be sampled or expected"))
        case nil: return .failure(BindingError(Self.notAPort(top)))
        }
    }

    static func notAPort(_ top: String) -> String {
        "a value that is not one of \(top)'s ports (use the IO that Simulation.run hands the body, not a wire, "
            + "an expression or another run's IO)"
    }

    struct BindingError: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }
}
