/// Identity of a memory declared in a scope.
public final class MemoryHandle {
    let scope: ScopeID
    let index: Int
    let name: String

    init(scope: ScopeID, index: Int, name: String) {
        self.scope = scope
        self.index = index
        self.name = name
    }
}

/// How a read port sees a write to the same address at the same clock edge (read-under-write), and whether it
/// has a register at all.
public enum ReadUnderWrite: Sendable {
    /// Registered data, read-first: the port returns the word as it was before the edge's write; the data holds
    /// while the port's enable is 0. The usual block-RAM read port.
    case oldData
    /// Registered address, write-first: the port returns the word after the edge's write, and keeps following
    /// that address (later writes to it show) while the enable is 0.
    case newData
    /// No register: `data = mem[address]` in the same cycle (ROM tables, LUT RAM, FIFOs with a bypass).
    case combinational
}

/// A memory of `depth` words of one ground type, emitted as a Verilog array that Yosys infers as `$mem`
/// (block or LUT RAM on an FPGA, a macro or flip-flops in an ASIC flow).
///
/// - Writes happen at the clock edge when the `write` statement's enclosing `When`/`Switch` conditions hold,
///   optionally masked per lane (`maskLanes` lanes of width / maskLanes bits each; a lane whose mask bit is 0
///   keeps its old bits). Several writes to one address at the same edge: the last one in program order wins.
/// - Read ports: any number, each `.oldData` (registered, read-first), `.newData` (write-first) or
///   `.combinational` (see `ReadUnderWrite`).
/// - A read-write port (one address for both, as single-port RAMs have) is `readWrite`.
/// - Initial contents (`initial:` on declaration, or `Scope.rom`) are emitted as an `initial` block that Yosys,
///   Verilator and Icarus honour; without them the contents are undefined until written.
/// - An address at or above `depth` (possible when depth is not a power of two) reads an undefined word and
///   its writes are lost.
public struct Memory<Value: HardwareValue> {
    let handle: MemoryHandle
    let scope: Scope
    public let depth: Int
    public let type: HWType
    /// Write-mask lanes (1: writes are whole words).
    public let maskLanes: Int

    /// Width of the address: ceil(log2(depth)), at least 1.
    public var addressWidth: Int { MemoryIR.addressWidth(depth: depth) }

    /// Writes `data` at `address` at the next clock edge, when the enclosing `When`/`Switch` conditions hold.
    /// With `mask` (one bit per lane, lane 0 the least significant), only the lanes whose bit is 1 change.
    public func write(_ address: Unsigned, _ data: Value, mask: Unsigned? = nil,
                      file: String = #fileID, line: Int = #line) -> Statement {
        Statement(.memoryWrite(memory: handle, address: address.node, data: data.node, mask: mask?.node),
                  location: SourceLocation(fileID: file, line: line))
    }

    /// A read port. `.oldData` (the default): the word at `address` appears one clock edge later and holds
    /// while `enable` is 0. `.newData`: the address is registered instead, so the edge's own write shows.
    /// `.combinational`: the word at `address` now (`enable` is then not allowed).
    public func read(_ address: Unsigned, enable: Bit? = nil, readUnderWrite: ReadUnderWrite = .oldData,
                     name: String? = nil, file: String = #fileID, line: Int = #line) -> Value {
        let loc = SourceLocation(fileID: file, line: line)
        return Value(node: scope.addReadPort(handle, type: type, address: address.node, enable: enable?.node,
                                             mode: readUnderWrite, name: name, location: loc))
    }

    /// A read-write port, as a single-port RAM has: one address; when `write` is 1 the word (masked by `mask`)
    /// is written at the edge, and the port reads `address` with the given read-under-write behaviour
    /// (`.oldData`: read-first, the classic single-port block RAM; `.newData`: write-first). `enable` gates
    /// both (a port that is not enabled neither reads nor writes).
    public func readWrite(_ address: Unsigned, data: Value, write: Bit, mask: Unsigned? = nil, enable: Bit? = nil,
                          readUnderWrite: ReadUnderWrite = .oldData, name: String? = nil,
                          file: String = #fileID, line: Int = #line) -> Value {
        let loc = SourceLocation(fileID: file, line: line)
        let writeEnable = enable.map { Bit(node: Node(.binary(.and, $0.node, write.node), .bit)) } ?? write
        let writeStatement = Statement(.memoryWrite(memory: handle, address: address.node, data: data.node, mask: mask?.node),
                                       location: loc)
        scope.addImplicit(Statement(.when(When(writeEnable.node, at: loc, body: [writeStatement])), location: loc))
        if readUnderWrite == .combinational {
            return Value(node: scope.addReadPort(handle, type: type, address: address.node, enable: nil,
                                                 mode: .combinational, name: name, location: loc))
        }
        return Value(node: scope.addReadPort(handle, type: type, address: address.node, enable: enable?.node,
                                             mode: readUnderWrite, name: name, location: loc))
    }
}
