/// A module defined outside the design: hand-written Verilog, a vendor primitive, or a design emitted on its
/// own. It has declared ports and no body (Chisel's `BlackBox`, Amaranth's `Instance`).
///
///     struct VendorRAM: BlackBox {
///         var moduleName: String { "SB_RAM40_4K" }
///         func ports(_ p: Ports) -> (addr: Unsigned, data: Unsigned) { (p.input("RADDR", .uint(11)), p.output("RDATA", .uint(16))) }
///     }
///     let ram = m.instance("ram", VendorRAM())
///
/// It is instantiated like a `Module`, and the elaboration checks apply to its ports as to any child's: its
/// inputs must be driven, connects must fit their widths. Nothing is emitted for it: the instance names the module
/// exactly (no parameter suffix), `VerilogDesign.blackBoxes` lists it, and whoever builds the design supplies its
/// definition (`VerilogDesign.linked(with:)` does this for a design emitted separately).
///
/// A black box has no combinational path from an input to an output unless `combinationalPaths` declares one:
/// the loop check trusts the declaration, so declare every path a combinational black box has.
public protocol BlackBox: Hashable {
    /// Whatever `ports` returns: a labeled tuple, a struct, an array of values.
    associatedtype IO

    /// The exact Verilog module name. Must be a legal, non-reserved identifier.
    var moduleName: String { get }

    /// Which of the parent's implicit clock and reset the instance receives (as `clk` and `rst`).
    var clocking: BlackBoxClocking { get }

    /// For each output port (by name), the input ports (by name) it depends on combinationally.
    var combinationalPaths: [String: [String]] { get }

    /// Declares the ports with the exact names the external module has. Called once for the definition and
    /// once per instance, so it must only declare ports.
    func ports(_ p: Ports) -> IO
}

extension BlackBox {
    public var clocking: BlackBoxClocking { .none }
    public var combinationalPaths: [String: [String]] { [:] }
}

/// How a black box is clocked by the module that instantiates it. A black box with a clock makes its parent
/// stateful (the parent gets `clk` and `rst` ports, as with a child that has registers).
public enum BlackBoxClocking: Hashable, Sendable {
    /// No implicit connection: the black box is combinational, or its clock is an ordinary declared port.
    case none
    /// `.clk(clk)`: the parent's clock; a reset, if any, is an ordinary declared port.
    case clock
    /// `.clk(clk), .rst(rst)`: the parent's clock and synchronous reset, like a child module with state.
    case clockAndReset

    public var hasClock: Bool { self != .none }
    public var hasReset: Bool { self == .clockAndReset }
}

extension Scope {
    /// An instance of the black box `box` named `name`; returns its ports as seen from this module: drive its
    /// inputs with `<==`, read its outputs.
    public func instance<B: BlackBox>(_ name: String, _ box: B, file: String = #fileID, line: Int = #line) -> B.IO {
        let loc = SourceLocation(fileID: file, line: line)
        let child = elaborator.elaborateBlackBox(box, at: loc)
        return addInstance(name, child: child, moduleName: box.moduleName, at: loc) { box.ports($0) }
    }
}
