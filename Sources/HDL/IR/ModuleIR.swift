/// A child module instance inside a module.
public struct InstanceIR: Hashable, Sendable {
    public var name: String
    /// Index of the child in `Circuit.modules`.
    public var module: Int
    /// Parent-side nets, one per child port in the child's port order.
    public var portSignals: [SignalID]
    public var location: SourceLocation
}

/// A memory: `depth` words of one type. Write ports are `StatementIR.memoryWrite`s (conditional, optionally
/// masked by lanes); read ports are listed here.
///
/// Read ports come in two kinds, chosen per port:
/// - `.registered`: the data is registered at the clock edge (`data <= mem[address]`). A write to the same
///   address at the same edge is NOT seen: the port returns the old word (read-first). While `enable` is 0 the
///   data holds.
/// - `.combinational`: `data = mem[address]` with no register (a ROM or a LUT RAM read). The front end builds a
///   write-first ("transparent") port from it by registering the address.
/// Yosys infers both as `$mem` read ports.
public struct MemoryIR: Hashable, Sendable {
    public enum ReadKind: String, Hashable, Sendable {
        case registered, combinational
    }

    public struct ReadPort: Hashable, Sendable {
        public var address: ExprID
        public var enable: ExprID?
        public var data: SignalID
        public var kind: ReadKind
        public var location: SourceLocation
    }
    public var name: String
    public var depth: Int
    public var type: HWType
    public var readPorts: [ReadPort]
    /// Initial contents, one word per address (or nil: unspecified). Emitted as an `initial` block, which Yosys
    /// (as `$meminit`), Verilator and Icarus all honour.
    public var initial: [Constant]?
    /// Write-mask lanes: a masked write carries one enable bit per lane of `type.width / maskLanes` bits (1: no mask).
    public var maskLanes: Int
    public var location: SourceLocation

    public var addressWidth: Int { MemoryIR.addressWidth(depth: depth) }
    public var laneWidth: Int { type.width / maskLanes }

    public static func addressWidth(depth: Int) -> Int {
        bitsFor(depth - 1)
    }
}

/// A named constant of a module (a Verilog `localparam`), e.g. one state of a state machine. Expressions refer
/// to it with `ExprOp.symbol`, so the Verilog and waveforms read `STATE_IDLE` instead of `2'd0`.
public struct SymbolIR: Hashable, Sendable {
    public var name: String
    public var value: Constant
    public var type: HWType
    public var location: SourceLocation
}

/// One elaborated module: flat tables of signals and expressions plus the statement tree. Value type:
/// passes copy and transform it, and two modules compare equal exactly when they are structurally identical.
public struct ModuleIR: Hashable, Sendable {
    /// The module's base name (type name or the user's override) before the circuit assigns unique names.
    public var baseName: String
    /// The generator parameters (from the Swift value that described the module), for names and the manifest.
    public var parameters: [Parameter]
    public var signals: [Signal]
    /// Port signals in declaration order (without the implicit clock and reset).
    public var ports: [SignalID]
    public var exprs: [Expr]
    public var body: [StatementIR]
    public var instances: [InstanceIR]
    public var memories: [MemoryIR]
    /// Named constants (`localparam`s), referenced by `ExprOp.symbol`.
    public var symbols: [SymbolIR] = []
    /// Port vectors emitted as one packed Verilog port each: the element port signals, element 0 first (in
    /// the low bits). Every element is also in `ports`, in order.
    public var packedPorts: [[SignalID]] = []
    /// Registers, memories or stateful children below: the module gets a `clk` port.
    public var hasState: Bool
    /// Whether the module reads the synchronous reset: a register with a reset value, `Scope.reset`, or a child
    /// that uses it. Only such modules get an `rst` port, except the top, which has `rst` whenever it has state
    /// (the contract external test benches rely on).
    public var usesReset: Bool = false
    /// For each output port (by position in `ports`), the input ports (by position) it depends on
    /// combinationally. Used for loop detection through the hierarchy.
    public var combinationalPaths: [[Int]]
    public var location: SourceLocation
    /// Set for a black box: a module defined outside the design (ports only, no body, nothing emitted).
    public var blackBox: BlackBoxIR? = nil

    public struct Parameter: Hashable, Sendable {
        public var name: String
        public var value: String
        /// The JSON literal for the manifest: a number, true/false, or a quoted string.
        public var json: String
    }

    public func expr(_ id: ExprID) -> Expr { exprs[id.index] }

    /// An empty module, left behind where a pass moved a module's IR out of an array (to own it uniquely).
    static let placeholder = ModuleIR(baseName: "", parameters: [], signals: [], ports: [], exprs: [], body: [], instances: [],
                                      memories: [], hasState: false, combinationalPaths: [], location: .unknown)
    public func signal(_ id: SignalID) -> Signal { signals[id.index] }

    /// A signal's whole name (an instance port's is made from its instance's name and its port's).
    public func name(of id: SignalID) -> String {
        let s = signals[id.index]
        guard s.isNamedAfterInstance else { return s.storedName }
        switch s.kind {
        case .instanceInput(let i, _), .instanceOutput(let i, _): return instances[Int(i)].name + "_" + s.storedName
        default: return s.storedName
        }
    }

    /// The length in UTF-8 bytes of `name(of: id)`, without making the name.
    func nameLength(of id: SignalID) -> Int {
        let s = signals[id.index]
        guard s.isNamedAfterInstance else { return s.storedName.utf8.count }
        switch s.kind {
        case .instanceInput(let i, _), .instanceOutput(let i, _):
            return instances[Int(i)].name.utf8.count + 1 + s.storedName.utf8.count
        default: return s.storedName.utf8.count
        }
    }

    /// Structural identity: everything except the names that the circuit assigns and the parameter list. A black
    /// box keeps its name: it is the external module's name, so two black boxes with equal ports stay two.
    public var structure: ModuleIR {
        var s = self
        s.parameters = []
        if blackBox == nil { s.baseName = "" }
        return s
    }

    /// Whether instances connect the parent's clock (`.clk(clk)`).
    public var takesClock: Bool { blackBox.map { $0.clocking.hasClock } ?? hasState }
    /// Whether instances connect the parent's reset (`.rst(rst)`).
    public var takesReset: Bool { blackBox.map { $0.clocking.hasReset } ?? (hasState && usesReset) }
}

/// What the IR keeps of a black box beyond its ports.
public struct BlackBoxIR: Hashable, Sendable {
    public var clocking: BlackBoxClocking
}

/// An elaborated design: modules in dependency order (every child before its parents), the top last.
public struct Circuit: Hashable, Sendable {
    public var modules: [ModuleIR]
    /// Final, unique Verilog module names, parallel to `modules`.
    public var names: [String]
    public var top: Int { modules.count - 1 }

    public var topModule: ModuleIR { modules[top] }
    /// The top's host register map (`HostRegisterMap`), for the manifest.
    public var hostRegisters: [HostRegister] = []
}
