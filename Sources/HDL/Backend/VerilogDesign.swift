import Foundation

/// One port of an emitted top module, as simulators, the manifest and external flows see it.
public struct PortDescriptor: Sendable, Hashable, Codable {
    public enum Direction: String, Sendable, Hashable, Codable {
        case input, output
    }

    public var name: String
    public var direction: Direction
    public var width: Int
    public var signed: Bool
    /// For a packed vector port (`VecShape.packed()`): how its bits split into elements.
    public var packing: PortPacking? = nil

    public init(name: String, direction: Direction, width: Int, signed: Bool) {
        self.name = name
        self.direction = direction
        self.width = width
        self.signed = signed
    }
}

/// The layout of a packed vector port: `count` elements of `elementWidth` bits, element 0 in the low bits.
public struct PortPacking: Sendable, Hashable, Codable {
    public var count: Int
    public var elementWidth: Int
    public var elementSigned: Bool

    public init(count: Int, elementWidth: Int, elementSigned: Bool) {
        self.count = count
        self.elementWidth = elementWidth
        self.elementSigned = elementSigned
    }
}

/// One emitted Verilog source file: `<Module>.v`.
public struct VerilogFile: Sendable, Hashable {
    public var name: String
    public var contents: String

    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }
}

/// What the Verilog backend says about a design besides the module text: the file names (leaves first, top last),
/// the top's ports and parameters, the black boxes. It is all `filelist.f` and `manifest.json` need, so a design
/// streamed to disk (`VerilogEmitter.write(_:toFolder:)`) is described without holding its text.
public struct VerilogDesignSummary: Sendable, Hashable {
    /// Name of the top module.
    public var top: String
    /// Module file names, leaves first and the top last (the order of `filelist.f`).
    public var fileNames: [String]
    /// The top module's ports in declaration order. `clk` and `rst` are present when the design has state.
    public var ports: [PortDescriptor]
    /// The top module's generator parameters as (name, value) pairs, in declaration order.
    public var parameters: [(name: String, value: String)]
    /// The same parameters as JSON literals (numbers, booleans, quoted strings) for `manifest.json`.
    public var parameterJSON: [(name: String, json: String)]
    /// Modules the design instantiates but does not define (`BlackBox`es): whoever builds it supplies them.
    public var blackBoxes: [String]
    /// The top's host register map, when it has one (`HostRegisterMap`).
    public var registers: [HostRegister] = []

    public init(top: String, fileNames: [String], ports: [PortDescriptor], parameters: [(name: String, value: String)],
                parameterJSON: [(name: String, json: String)]? = nil, blackBoxes: [String] = []) {
        self.top = top
        self.fileNames = fileNames
        self.ports = ports
        self.parameters = parameters
        self.parameterJSON = parameterJSON ?? parameters.map { ($0.name, JSONText.quoted($0.value)) }
        self.blackBoxes = blackBoxes
    }

    public static func == (a: VerilogDesignSummary, b: VerilogDesignSummary) -> Bool {
        a.top == b.top && a.fileNames == b.fileNames && a.ports == b.ports && a.blackBoxes == b.blackBoxes
            && a.parameters.map(\.name) == b.parameters.map(\.name)
            && a.parameters.map(\.value) == b.parameters.map(\.value)
            && a.parameterJSON.map(\.json) == b.parameterJSON.map(\.json) && a.registers == b.registers
    }

    public func hash(into h: inout Hasher) {
        h.combine(top)
        h.combine(fileNames)
        h.combine(ports)
    }
}

/// The complete output of the Verilog backend for one circuit: every module file in dependency
/// order (leaves first, top last), the top's ports and the parameters it was generated with.
///
/// This is the boundary between the generator and everything downstream (simulators, lint, synthesis,
/// the `sofa-gen` output folder); it carries plain text and metadata only.
public struct VerilogDesign: Sendable, Hashable {
    /// Name of the top module.
    public var top: String
    /// Module files, leaves first and the top last (the order of `filelist.f`).
    public var files: [VerilogFile]
    /// The top module's ports in declaration order. `clk` and `rst` are present when the design has state.
    public var ports: [PortDescriptor]
    /// The top module's generator parameters as (name, value) pairs, in declaration order.
    public var parameters: [(name: String, value: String)]
    /// The same parameters as JSON literals (numbers, booleans, quoted strings) for `manifest.json`.
    public var parameterJSON: [(name: String, json: String)]
    /// Modules the design instantiates but does not define (`BlackBox`es): whoever builds it supplies them.
    public var blackBoxes: [String]
    /// The top's host register map, when it has one (`HostRegisterMap`).
    public var registers: [HostRegister] = []

    public init(top: String, files: [VerilogFile], ports: [PortDescriptor], parameters: [(name: String, value: String)],
                parameterJSON: [(name: String, json: String)]? = nil, blackBoxes: [String] = []) {
        self.top = top
        self.files = files
        self.ports = ports
        self.parameters = parameters
        self.parameterJSON = parameterJSON ?? parameters.map { ($0.name, JSONText.quoted($0.value)) }
        self.blackBoxes = blackBoxes
    }

    public static func == (a: VerilogDesign, b: VerilogDesign) -> Bool {
        a.top == b.top && a.files == b.files && a.ports == b.ports && a.blackBoxes == b.blackBoxes && a.registers == b.registers
            && a.parameters.map(\.name) == b.parameters.map(\.name)
            && a.parameters.map(\.value) == b.parameters.map(\.value)
    }

    public func hash(into h: inout Hasher) {
        h.combine(top)
        h.combine(files)
        h.combine(ports)
    }

    /// The design without its module text.
    public var summary: VerilogDesignSummary {
        var summary = VerilogDesignSummary(top: top, fileNames: files.map(\.name), ports: ports, parameters: parameters,
                                           parameterJSON: parameterJSON, blackBoxes: blackBoxes)
        summary.registers = registers
        return summary
    }

    /// True when the top module has a clock and reset (any register or memory below it).
    public var hasClock: Bool { ports.contains { $0.name == "clk" && $0.direction == .input } }

    public var inputs: [PortDescriptor] { ports.filter { $0.direction == .input } }
    public var outputs: [PortDescriptor] { ports.filter { $0.direction == .output } }
}
