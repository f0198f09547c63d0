import HDL

/// Registers in every flavour (reset value, enable, no reset, held in a Switch, `regNext` with enable), a
/// 6-word memory with a conditional write and two read ports (one with enable), and the module's reset
/// read as a signal; `RegisterZooModel` gives the expected outputs.
struct RegisterZoo: Module {
    struct IO {
        var x: Unsigned, enable: Bit, select: Unsigned, writeEnable: Bit, writeAddress: Unsigned
        var readAddress0: Unsigned, readAddress1: Unsigned, readEnable1: Bit
        var withEnable: Unsigned, noReset: Unsigned, held: Unsigned, delayed: Unsigned
        var read0: Unsigned, read1: Unsigned, inReset: Bit
    }

    func ports(_ p: Ports) -> IO {
        IO(x: p.input("x", .uint(8)), enable: p.input("enable", .bit), select: p.input("select", .uint(2)),
           writeEnable: p.input("write_enable", .bit), writeAddress: p.input("write_address", .uint(3)),
           readAddress0: p.input("read_address0", .uint(3)), readAddress1: p.input("read_address1", .uint(3)),
           readEnable1: p.input("read_enable1", .bit),
           withEnable: p.output("with_enable", .uint(8)), noReset: p.output("no_reset", .uint(8)),
           held: p.output("held", .uint(8)), delayed: p.output("delayed", .uint(8)),
           read0: p.output("read0", .uint(8)), read1: p.output("read1", .uint(8)), inReset: p.output("in_reset", .bit))
    }

    func body(_ m: Scope, _ io: IO) -> Block {
        let withEnable = m.reg("with_enable_q", .uint(8), reset: 5, enable: io.enable)
        let noReset = m.reg("no_reset_q", .uint(8))
        let held = m.reg("held_q", .uint(8), reset: 0)
        let delayed = m.regNext(io.x, name: "delayed_q", reset: 0, enable: io.enable)
        let memory = m.memory("words", depth: 6, .uint(8))
        withEnable <== withEnable &+ io.x
        noReset <== io.x ^ 0x55
        Switch(io.select) {
            Is(0) { held <== io.x }
            Is(1) { held <== held &+ 1 }
            Is(2) {
                When(io.enable) { held <== ~held }
            }
        }
        When(io.writeEnable) {
            memory.write(io.writeAddress, io.x)
        }
        io.withEnable <== withEnable
        io.noReset <== noReset
        io.held <== held
        io.delayed <== delayed
        io.read0 <== memory.read(io.readAddress0)
        io.read1 <== memory.read(io.readAddress1, enable: io.readEnable1)
        io.inReset <== m.reset
    }
}

struct RegisterZooModel {
    var withEnable = 5, noReset: Int? = nil, held = 0, delayed = 0
    var words = [Int?](repeating: nil, count: 6)
    var read0: Int? = nil, read1: Int? = nil

    struct Inputs {
        var x = 0, enable = false, select = 0, writeEnable = false, writeAddress = 0
        var readAddress0 = 0, readAddress1 = 0, readEnable1 = false, reset = false
    }

    /// Outputs in port order (nil = not yet defined: no reset, or memory never written there).
    mutating func step(_ i: Inputs) -> [Int?] {
        let out: [Int?] = [withEnable, noReset, held, delayed, read0, read1, i.reset ? 1 : 0]
        noReset = i.x ^ 0x55
        read0 = words[i.readAddress0]
        if i.readEnable1 { read1 = words[i.readAddress1] }
        if i.writeEnable { words[i.writeAddress] = i.x }
        if i.reset {
            withEnable = 5; held = 0; delayed = 0
            return out
        }
        if i.enable {
            withEnable = (withEnable + i.x) & 0xFF
            delayed = i.x
        }
        switch i.select {
        case 0: held = i.x
        case 1: held = (held + 1) & 0xFF
        case 2: if i.enable { held = ~held & 0xFF }
        default: break
        }
        return out
    }
}
