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

/// A synchronous RAM: `depth` words of one ground type. Writes happen at the clock edge when the `write`
/// statement's enclosing conditions hold; each `read` port registers its data (one cycle of latency,
/// read-before-write on the same address). Emitted as a Verilog array that Yosys infers as memory.
public struct Memory<Value: HardwareValue> {
    let handle: MemoryHandle
    let scope: Scope
    public let depth: Int
    public let type: HWType

    /// Width of the address: ceil(log2(depth)), at least 1.
    public var addressWidth: Int { MemoryIR.addressWidth(depth: depth) }

    /// Writes `data` at `address` at the next clock edge, when the enclosing `When`/`Switch` conditions hold.
    public func write(_ address: Unsigned, _ data: Value, file: String = #fileID, line: Int = #line) -> Statement {
        Statement(.memoryWrite(memory: handle, address: address.node, data: data.node),
                  location: SourceLocation(fileID: file, line: line))
    }

    /// A read port: the word at `address` appears one clock edge later (and stays while `enable` is 0).
    public func read(_ address: Unsigned, enable: Bit? = nil, name: String? = nil,
                     file: String = #fileID, line: Int = #line) -> Value {
        Value(node: scope.addReadPort(handle, type: type, address: address.node, enable: enable?.node, name: name,
                                      location: SourceLocation(fileID: file, line: line)))
    }
}
