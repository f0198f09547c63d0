import HDL
import SOFA

/// The test bench around `KeySelector`: the core's side of its streams, as the core will build it. The host
/// writes q rows and keys into two memories with registered (read-first) read ports; on `start` two feeders
/// stream rows 0..R_a-1 and keys 0..N-1 from them into the selector, each reading its next word in the cycle an
/// item is taken (or while nothing is offered) and holding `valid` and the word until the selector takes it.
/// `q_stall` / `key_stall` keep a feeder from offering a new item in that cycle (random gaps); an item already
/// offered stays offered. The selector's outputs come out unchanged, plus the key and q handshakes.
struct KeySelectorBench: Module {
    var selector: KeySelector

    var moduleName: String { "KeySelectorBench" }

    struct IO {
        var writeValid: Bit, writeKey: Bit, writeAddress: Unsigned, writeData: Unsigned
        var start: Bit, keyCount: Unsigned, activeRows: Unsigned, segmentLength: Unsigned, keptPerSegment: Unsigned
        var clip: Bit, radius: Unsigned
        var queryStall: Bit, keyStall: Bit, clearCounters: Bit
        var markValid: [Bit], markIndex: [Unsigned], keptCount: [Unsigned]
        var busy: Bit, done: Bit, busyCycles: Unsigned, keysStreamed: Unsigned
        var queryFire: Bit, keyFire: Bit, keyFireIndex: Unsigned
    }

    var wordWidth: Int { selector.headDim * KeySelector.dataWidth }
    var addressWidth: Int { max(selector.keyCountWidth, selector.rowCountWidth) }

    func ports(_ p: Ports) -> IO {
        let s = selector
        return IO(
            writeValid: p.input("write_valid", .bit), writeKey: p.input("write_key", .bit),
            writeAddress: p.input("write_address", .uint(addressWidth)), writeData: p.input("write_data", .uint(wordWidth)),
            start: p.input("start", .bit), keyCount: p.input("key_count", .uint(s.keyCountWidth)),
            activeRows: p.input("active_rows", .uint(s.rowCountWidth)),
            segmentLength: p.input("segment_length", .uint(s.keyCountWidth)),
            keptPerSegment: p.input("kept_per_segment", .uint(s.keptWidth)), clip: p.input("clip", .bit),
            radius: p.input("radius", .uint(KeySelector.radiusWidth)),
            queryStall: p.input("q_stall", .bit), keyStall: p.input("key_stall", .bit),
            clearCounters: p.input("clear_counters", .bit),
            markValid: p.output("mark_valid", .vec(s.rows, .bit).packed()),
            markIndex: p.output("mark_index", .vec(s.rows, .uint(s.keyIndexWidth)).packed()),
            keptCount: p.output("kept_count", .vec(s.rows, .uint(s.keyCountWidth)).packed()),
            busy: p.output("busy", .bit), done: p.output("done", .bit),
            busyCycles: p.output("busy_cycles", .uint(s.counterWidth)),
            keysStreamed: p.output("keys_streamed", .uint(s.counterWidth)),
            queryFire: p.output("q_fire", .bit), keyFire: p.output("key_fire", .bit),
            keyFireIndex: p.output("key_fire_index", .uint(s.keyIndexWidth)))
    }

    func body(_ m: Scope, _ io: IO) -> Block {
        let s = selector
        let dut = m.instance("selector", s)
        let queries = m.memory("q_memory", depth: s.rows, .uint(wordWidth))
        let keys = m.memory("k_memory", depth: s.maxKeys, .uint(wordWidth))
        When(io.writeValid) {
            When(io.writeKey) { keys.write(io.writeAddress.resized(to: keys.addressWidth), io.writeData) }
            .otherwise { queries.write(io.writeAddress.resized(to: queries.addressWidth), io.writeData) }
        }
        let launch = m.named("launch", io.start && !dut.busy)
        let q = Feeder(m, "q", memory: queries, launch: launch, count: io.activeRows.resized(to: addressWidth),
                       stall: io.queryStall, ready: dut.query.ready)
        q.logic
        let k = Feeder(m, "k", memory: keys, launch: launch, count: io.keyCount.resized(to: addressWidth),
                       stall: io.keyStall, ready: dut.key.ready)
        k.logic

        dut.start <== io.start
        dut.keyCount <== io.keyCount
        dut.activeRows <== io.activeRows
        dut.segmentLength <== io.segmentLength
        dut.keptPerSegment <== io.keptPerSegment
        dut.clip <== io.clip
        dut.radius <== io.radius
        dut.clearCounters <== io.clearCounters
        dut.query.valid <== q.valid
        dut.query.bits.row <== q.address.resized(to: s.rowIndexWidth)
        dut.query.bits.data <== elements(q.data)
        dut.key.valid <== k.valid
        dut.key.bits.index <== k.address.resized(to: s.keyIndexWidth)
        dut.key.bits.data <== elements(k.data)

        io.markValid <== dut.markValid
        io.markIndex <== dut.markIndex
        io.keptCount <== dut.keptCount
        io.busy <== dut.busy
        io.done <== dut.done
        io.busyCycles <== dut.busyCycles
        io.keysStreamed <== dut.keysStreamed
        io.queryFire <== dut.query.fire
        io.keyFire <== dut.key.fire
        io.keyFireIndex <== dut.key.bits.index
    }

    /// A memory word as int8 elements, element 0 in the low bits.
    private func elements(_ word: Unsigned) -> [Signed] {
        (0..<selector.headDim).map { word[8 * $0 + 7, 8 * $0].asSigned() }
    }
}

/// Streams words 0..count-1 of a registered-read memory: the read of the next word is issued in any cycle the
/// output register is free or being taken, so a consumer that is always ready gets one word per cycle.
struct Feeder {
    let valid: Bit
    /// The address of the word on offer.
    let address: Unsigned
    let data: Unsigned
    let logic: Block

    init(_ m: Scope, _ name: String, memory: Memory<Unsigned>, launch: Bit, count: Unsigned, stall: Bit, ready: Bit) {
        let width = count.width
        let remaining = m.reg("\(name)_remaining", .uint(width), reset: 0)
        let next = m.reg("\(name)_next", .uint(width), reset: 0)
        let valid = m.reg("\(name)_valid", .bit, reset: false)
        let address = m.reg("\(name)_address", .uint(width), reset: 0)
        // A start discards whatever was on offer (keys beyond a saturated N) and starts from word 0.
        let left = m.named("\(name)_left", mux(launch, count, remaining))
        let from = m.named("\(name)_from", mux(launch, Unsigned(0, width: width), next))
        let free = m.named("\(name)_free", launch || !valid || ready)
        let issue = m.named("\(name)_issue", free && !stall && left != 0)
        self.valid = valid
        self.address = address
        self.data = memory.read(from.resized(to: memory.addressWidth), enable: issue, name: "\(name)_word")
        logic = Self.logic(remaining: remaining, next: next, valid: valid, address: address, left: left, from: from,
                           free: free, issue: issue, launch: launch, count: count)
    }

    @HardwareBuilder
    private static func logic(remaining: Unsigned, next: Unsigned, valid: Bit, address: Unsigned, left: Unsigned,
                              from: Unsigned, free: Bit, issue: Bit, launch: Bit, count: Unsigned) -> Block {
        When(launch) {
            remaining <== count
            next <== 0
        }
        When(issue) {
            remaining <== left &- 1
            next <== from &+ 1
            address <== from
        }
        When(free) { valid <== issue }
    }
}
