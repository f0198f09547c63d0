import HDL

// Small DSL designs that exercise the typed simulation API: ports of every kind (Bit, Unsigned, Signed,
// vectors, a bundle), a valid pipeline for the scoreboard, a ready/valid queue for the drivers. Each can carry
// a deliberate flaw, so the tests show the API catches it.

/// acc += a * b when `enable` (signed, wrapping at 20 bits); `clear` wins. Also a vector in and out:
/// `lanes_out[i] = lanes_in[i] + 1` (wrapping), and `any_lane` = some lane is non-zero.
struct Accumulator: Module {
    struct IO {
        var a: Signed, b: Signed, enable: Bit, clear: Bit, lanesIn: [Unsigned]
        var acc: Signed, lanesOut: [Unsigned], anyLane: Bit
    }

    func ports(_ p: Ports) -> IO {
        IO(a: p.input("a", .sint(8)), b: p.input("b", .sint(8)), enable: p.input("enable", .bit), clear: p.input("clear", .bit),
           lanesIn: p.input("lanes_in", .vec(3, .uint(4))),
           acc: p.output("acc", .sint(20)), lanesOut: p.output("lanes_out", .vec(3, .uint(4))), anyLane: p.output("any_lane", .bit))
    }

    func body(_ m: Scope, _ io: IO) -> Block {
        let acc = m.reg("acc_q", .sint(20), reset: 0)
        When(io.clear) { acc <== 0 }.elseWhen(io.enable) { acc <== acc &+ (io.a * io.b).extended(to: 20) }
        io.acc <== acc
        for i in 0..<3 { io.lanesOut[i] <== io.lanesIn[i] &+ 1 }
        io.anyLane <== io.lanesIn.map { $0 != 0 }.reduce(Bit(booleanLiteral: false)) { $0 || $1 }
    }
}

/// A keyed entry: a bundle port.
struct Entry: Bundle {
    var key: Signed
    var tag: Unsigned

    static func shape(keyWidth: Int, tagWidth: Int) -> BundleShape<Entry> {
        BundleShape { f in Entry(key: f.field("key", .sint(keyWidth)), tag: f.field("tag", .uint(tagWidth))) }
    }
}

/// `stages` register stages carrying an entry and its valid bit: the entry comes out `stages` cycles after it
/// went in. `resetValid: false` plants the bug of a valid register without reset.
struct ValidPipe: Module {
    var stages = 3
    var keyWidth = 10
    var tagWidth = 4
    var resetValid = true

    struct IO { var inValid: Bit; var input: Entry; var outValid: Bit; var output: Entry }

    func ports(_ p: Ports) -> IO {
        let entry = Entry.shape(keyWidth: keyWidth, tagWidth: tagWidth)
        return IO(inValid: p.input("in_valid", .bit), input: p.input("in", entry),
                  outValid: p.output("out_valid", .bit), output: p.output("out", entry))
    }

    func body(_ m: Scope, _ io: IO) -> Block {
        var valid = io.inValid, key = io.input.key, tag = io.input.tag
        for s in 1...stages {
            valid = m.regNext(valid, name: "valid_\(s)", reset: resetValid ? 0 : nil)
            key = m.regNext(key, name: "key_\(s)")
            tag = m.regNext(tag, name: "tag_\(s)")
        }
        io.outValid <== valid
        io.output.key <== key
        io.output.tag <== tag
    }
}

/// A ready/valid queue of `depth` entries in registers. `acceptsWhenFull` plants the bug of an `enq_ready`
/// that ignores a full queue (the newest entry overwrites the oldest).
struct RegisterQueue: Module {
    var depth = 3
    var acceptsWhenFull = false

    struct IO {
        var enqValid: Bit, enqReady: Bit, enq: Entry
        var deqValid: Bit, deqReady: Bit, deq: Entry
        var count: Unsigned
    }

    var pointerWidth: Int { max(1, Int.bitWidth - (depth - 1).leadingZeroBitCount) }
    var countWidth: Int { Int.bitWidth - depth.leadingZeroBitCount }

    func ports(_ p: Ports) -> IO {
        let entry = Entry.shape(keyWidth: 8, tagWidth: 3)
        return IO(enqValid: p.input("enq_valid", .bit), enqReady: p.output("enq_ready", .bit), enq: p.input("enq", entry),
                  deqValid: p.output("deq_valid", .bit), deqReady: p.input("deq_ready", .bit), deq: p.output("deq", entry),
                  count: p.output("count", .uint(countWidth)))
    }

    func body(_ m: Scope, _ io: IO) -> Block {
        let keys = m.reg("keys", .vec(depth, .sint(8)))
        let tags = m.reg("tags", .vec(depth, .uint(3)))
        let head = m.reg("head", .uint(pointerWidth), reset: 0)
        let tail = m.reg("tail", .uint(pointerWidth), reset: 0)
        let count = m.reg("count_q", .uint(countWidth), reset: 0)
        let full = count == Unsigned(depth, width: countWidth)
        let enqReady = m.named("enq_ready_w", acceptsWhenFull ? Bit(booleanLiteral: true) : !full)
        let enqFire = m.named("enq_fire", io.enqValid && enqReady)
        let deqFire = m.named("deq_fire", io.deqReady && count != 0)
        let last = Unsigned(depth - 1, width: pointerWidth)
        When(enqFire) {
            for i in 0..<depth {
                When(tail == Unsigned(i, width: pointerWidth)) {
                    keys[i] <== io.enq.key
                    tags[i] <== io.enq.tag
                }
            }
            When(tail == last) { tail <== 0 }.otherwise { tail <== tail &+ 1 }
        }
        When(deqFire) {
            When(head == last) { head <== 0 }.otherwise { head <== head &+ 1 }
        }
        When(enqFire && !deqFire && !full) { count <== count &+ 1 }.elseWhen(deqFire && !enqFire) { count <== count &- 1 }
        io.enqReady <== enqReady
        io.deqValid <== count != 0
        io.deq.key <== select(keys, at: head)
        io.deq.tag <== select(tags, at: head)
        io.count <== count
    }
}

/// Packed vector ports (`VecShape.packed()`): five 13-bit signed lanes in one 65-bit input, their products with
/// a small signed scale in one 80-bit output, their signs in one 5-bit output, and their sum in a plain port.
struct PackedLanes: Module {
    struct IO { var lanes: [Signed]; var scale: Signed; var scaled: [Signed]; var signs: [Bit]; var sum: Signed }

    func ports(_ p: Ports) -> IO {
        IO(lanes: p.input("lanes", .vec(5, .sint(13)).packed()), scale: p.input("scale", .sint(3)),
           scaled: p.output("scaled", .vec(5, .sint(16)).packed()), signs: p.output("signs", .vec(5, .bit).packed()),
           sum: p.output("sum", .sint(16)))
    }

    func body(_ m: Scope, _ io: IO) -> Block {
        for i in 0..<5 {
            io.scaled[i] <== io.lanes[i] * io.scale
            io.signs[i] <== io.lanes[i] < 0
        }
        io.sum <== io.lanes.map { $0.extended(to: 16) }.reduce(Signed(0, width: 16)) { $0 &+ $1 }
    }
}

/// The library `Queue` between two `Decoupled` ports of bundles: the drivers take the stream itself.
struct LibraryQueue: Module {
    var depth = 4

    func ports(_ p: Ports) -> (input: Decoupled<Entry>, output: Decoupled<Entry>) {
        let entry = Entry.shape(keyWidth: 9, tagWidth: 3)
        return (p.input("in", .decoupled(entry)), p.output("out", .decoupled(entry)))
    }

    func body(_ m: Scope, _ io: IO) -> Block {
        io.output <== m.queue(io.input, depth: depth)
    }
}
