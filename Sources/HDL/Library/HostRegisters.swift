/// One register of a block's host interface (a CSR), for `manifest.json` and documentation: drivers and host
/// software read the map from the manifest instead of copying addresses by hand.
public struct HostRegister: Sendable, Hashable {
    public enum Access: String, Sendable { case read = "r", write = "w", readWrite = "rw" }

    public var name: String
    /// Word address on the block's register port.
    public var address: Int
    public var access: Access
    public var summary: String

    public init(name: String, address: Int, access: Access, summary: String) {
        self.name = name
        self.address = address
        self.access = access
        self.summary = summary
    }
}

/// A module with a host register map: `emitVerilog` writes it into the design (`VerilogDesign.registers`) and so
/// into `manifest.json`.
public protocol HostRegisterMap {
    var hostRegisters: [HostRegister] { get }
}
