import HDL

/// A synchronous FIFO on a RAM. `push` stores `dataIn` unless full; `pop` reads the oldest word unless empty,
/// which appears on `dataOut` one cycle later (with `dataOutValid` high for that cycle) and stays there until
/// the next pop. `count` is the number of stored words.
public struct FIFO: Module {
    public var width: Int
    public var depth: Int

    public init(width: Int = 8, depth: Int = 16) {
        self.width = width
        self.depth = depth
    }

    var pointerWidth: Int { bitsFor(depth - 1) }
    var countWidth: Int { bitsFor(depth) }

    public func validate() throws {
        try validateParameters()
    }

    public struct IO {
        public var push: Bit
        public var dataIn: Unsigned
        public var pop: Bit
        public var dataOut: Unsigned
        public var dataOutValid: Bit
        public var full: Bit
        public var empty: Bit
        public var count: Unsigned
    }

    public func ports(_ p: Ports) -> IO {
        IO(push: p.input("push", .bit), dataIn: p.input("data_in", .uint(width)), pop: p.input("pop", .bit),
           dataOut: p.output("data_out", .uint(width)), dataOutValid: p.output("data_out_valid", .bit),
           full: p.output("full", .bit), empty: p.output("empty", .bit), count: p.output("count", .uint(countWidth)))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let storage = m.memory("storage", depth: depth, .uint(width))
        let writePointer = m.reg("write_pointer", .uint(pointerWidth), reset: 0)
        let readPointer = m.reg("read_pointer", .uint(pointerWidth), reset: 0)
        let count = m.reg("count_q", .uint(countWidth), reset: 0)
        let full = m.named("is_full", count == Unsigned(depth, width: countWidth))
        let empty = m.named("is_empty", count == 0)
        let doPush = m.named("do_push", io.push && !full)
        let doPop = m.named("do_pop", io.pop && !empty)
        let readData = storage.read(readPointer, enable: doPop, name: "read_data")
        let popped = m.regNext(doPop, name: "popped", reset: 0)

        When(doPush) {
            storage.write(writePointer, io.dataIn)
            writePointer <== writePointer &+ 1
        }
        When(doPop) {
            readPointer <== readPointer &+ 1
        }
        When(doPush && !doPop) {
            count <== count &+ 1
        }.elseWhen(doPop && !doPush) {
            count <== count &- 1
        }
        io.dataOut <== readData
        io.dataOutValid <== popped
        io.full <== full
        io.empty <== empty
        io.count <== count
    }
}

extension FIFO: DeclaredGenerator {
    public static var defaults: FIFO { FIFO() }
    public static let summary = "synchronous FIFO on an inferred RAM"
    public static var parameters: [GeneratorParameter<FIFO>] {
        [.integer("width", \.width, 1...1024, help: "word width"),
         .powerOfTwo("depth", \.depth, 2...(1 << 20), size: true, help: "words")]
    }
}
