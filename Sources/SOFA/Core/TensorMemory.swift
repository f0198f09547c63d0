import HDL

/// One of the attention core's tensor memories (Q, K or V): `depth` rows of `headDim` int8 elements, written a row
/// at a time by the host's load path and read by `readers` registered read ports (the row at `read_address[i]`
/// appears on `read_data[i]` the clock edge after `read_enable[i]`, and holds until the next read: a block RAM's
/// read-first port). Yosys infers one `$mem`; an FPGA flow maps it to block RAM.
public struct TensorMemory: Module {
    public var depth: Int
    public var headDim: Int
    public var readers: Int

    public init(depth: Int = 256, headDim: Int = 32, readers: Int = 1) {
        self.depth = depth
        self.headDim = headDim
        self.readers = readers
    }

    public var addressWidth: Int { bitsFor(depth - 1) }

    public func validate() throws {
        try require((1...65536).contains(depth), "depth must be 1...65536, got \(depth)")
        try require((1...128).contains(headDim), "head dimension must be 1...128, got \(headDim)")
        try require((1...4).contains(readers), "readers must be 1...4, got \(readers)")
    }

    public struct IO {
        public var writeEnable: Bit, writeAddress: Unsigned, writeData: [Signed]
        public var readEnable: [Bit], readAddress: [Unsigned], readData: [[Signed]]
    }

    public func ports(_ p: Ports) -> IO {
        IO(writeEnable: p.input(.bit), writeAddress: p.input(.uint(addressWidth)), writeData: p.input(.vec(headDim, .sint(8)).packed()),
           readEnable: p.input(.vec(readers, .bit)), readAddress: p.input(.vec(readers, .uint(addressWidth))),
           readData: (0..<readers).map { p.output("read_data_\($0)", .vec(headDim, .sint(8)).packed()) })
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let rows = m.memory("rows", depth: depth, .uint(headDim * 8))
        When(io.writeEnable) {
            rows.write(io.writeAddress, concat(io.writeData.reversed()))
        }
        for i in 0..<readers {
            let word = rows.read(io.readAddress[i], enable: io.readEnable[i], name: "row_\(i)")
            for e in 0..<headDim {
                io.readData[i][e] <== word[(e + 1) * 8 - 1, e * 8].asSigned()
            }
        }
    }
}
