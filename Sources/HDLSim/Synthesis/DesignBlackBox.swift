import HDL

/// A black box standing for a design emitted on its own (a `VerilogDesign`): its top's name and ports, so
/// another DSL module can instantiate it and `VerilogDesign.linked(with:)` can supply its files.
///
/// A `clk` input becomes the implicit clock (`.clk(clk)`); every other port, `rst` included, is an ordinary
/// port the instantiating module drives, so it can decide where the reset comes from. Ports are `Unsigned`
/// whatever their signedness: a port connection carries bits.
public struct DesignBlackBox: BlackBox, CustomStringConvertible {
    public var moduleName: String
    /// The ports other than `clk`, in the design's order.
    public var dataPorts: [PortDescriptor]
    public var clocking: BlackBoxClocking

    public init(_ design: VerilogDesign) {
        moduleName = design.top
        clocking = design.hasClock ? .clock : .none
        dataPorts = design.ports.filter { !(design.hasClock && $0.name == "clk") }
    }

    /// The module name: what a parent's parameter list (its Verilog header, its manifest) shows for it.
    public var description: String { moduleName }

    /// One value per entry of `dataPorts`.
    public func ports(_ p: Ports) -> [Unsigned] {
        dataPorts.map { $0.direction == .input ? p.input($0.name, .uint($0.width)) : p.output($0.name, .uint($0.width)) }
    }
}
