import HDL

/// The memory example: one RAM of `depth` words of `lanes` x `laneWidth` bits, with initial contents, a masked
/// write port and three read ports, one of each read-under-write kind:
/// - `a`: registered, read-first (`a_data` is the word before a write at the same edge; holds while `a_en` is 0);
/// - `b`: write-first (`b_data` follows the word at the last enabled `b_addr`, the same edge's write included);
/// - `c`: combinational (`c_data` is the word at `c_addr` now).
/// Word i starts as `initialWord(i)`. Yosys infers one `$mem` with one write and three read ports.
public struct ScratchpadRAM: Module {
    public var depth: Int
    public var lanes: Int
    public var laneWidth: Int

    public init(depth: Int = 12, lanes: Int = 4, laneWidth: Int = 4) {
        self.depth = depth
        self.lanes = lanes
        self.laneWidth = laneWidth
    }

    public var wordWidth: Int { lanes * laneWidth }
    public var addressWidth: Int { MemoryIR.addressWidth(depth: depth) }

    /// The initial contents: a fixed scramble of the address (at most 62 bits of it), so words differ.
    public func initialWord(_ i: Int) -> Int {
        let mixed = (UInt64(i) &+ 1) &* 0x9E37_79B9_7F4A_7C15
        return Int((mixed >> 2) & ((1 << UInt64(min(wordWidth, 62))) - 1))
    }

    public func validate() throws {
        try require((1...4096).contains(depth), "depth must be 1...4096, got \(depth)")
        try require((1...8).contains(lanes), "lanes must be 1...8, got \(lanes)")
        try require((1...8).contains(laneWidth), "laneWidth must be 1...8, got \(laneWidth)")
    }

    public struct IO {
        public var writeEnable: Bit, writeAddress: Unsigned, writeData: Unsigned, writeMask: Unsigned
        public var aEnable: Bit, aAddress: Unsigned, aData: Unsigned
        public var bEnable: Bit, bAddress: Unsigned, bData: Unsigned
        public var cAddress: Unsigned, cData: Unsigned
    }

    public func ports(_ p: Ports) -> IO {
        let aw = addressWidth, w = wordWidth
        return IO(writeEnable: p.input("we", .bit), writeAddress: p.input("waddr", .uint(aw)), writeData: p.input("wdata", .uint(w)),
                  writeMask: p.input("wmask", .uint(lanes)),
                  aEnable: p.input("a_en", .bit), aAddress: p.input("a_addr", .uint(aw)), aData: p.output("a_data", .uint(w)),
                  bEnable: p.input("b_en", .bit), bAddress: p.input("b_addr", .uint(aw)), bData: p.output("b_data", .uint(w)),
                  cAddress: p.input("c_addr", .uint(aw)), cData: p.output("c_data", .uint(w)))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let ram = m.memory("ram", depth: depth, .uint(wordWidth), initial: (0..<depth).map(initialWord), maskLanes: lanes)
        When(io.writeEnable) {
            ram.write(io.writeAddress, io.writeData, mask: io.writeMask)
        }
        io.aData <== ram.read(io.aAddress, enable: io.aEnable, readUnderWrite: .oldData, name: "a_word")
        io.bData <== ram.read(io.bAddress, enable: io.bEnable, readUnderWrite: .newData, name: "b_word")
        io.cData <== ram.read(io.cAddress, readUnderWrite: .combinational, name: "c_word")
    }
}

/// A single-port RAM (one address for reads and writes), read-first or write-first: the `readWrite` port.
public struct SinglePortRAM: Module {
    public var depth: Int
    public var width: Int
    public var writeFirst: Bool

    public init(depth: Int = 16, width: Int = 8, writeFirst: Bool = false) {
        self.depth = depth
        self.width = width
        self.writeFirst = writeFirst
    }

    public var addressWidth: Int { MemoryIR.addressWidth(depth: depth) }

    public func validate() throws {
        try require((1...65536).contains(depth), "depth must be 1...65536, got \(depth)")
        try require((1...256).contains(width), "width must be 1...256, got \(width)")
    }

    public struct IO {
        public var enable: Bit, write: Bit, address: Unsigned, writeData: Unsigned, readData: Unsigned
    }

    public func ports(_ p: Ports) -> IO {
        IO(enable: p.input("en", .bit), write: p.input("we", .bit), address: p.input("addr", .uint(addressWidth)),
           writeData: p.input("wdata", .uint(width)), readData: p.output("rdata", .uint(width)))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let ram = m.memory("ram", depth: depth, .uint(width))
        io.readData <== ram.readWrite(io.address, data: io.writeData, write: io.write, enable: io.enable,
                                      readUnderWrite: writeFirst ? .newData : .oldData, name: "read_word")
    }
}
