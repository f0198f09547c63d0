import HDL

/// The queue between the attention core's dispatcher and one SU-FA row (docs/ATTENTION-CORE-DESIGN.md section 2):
/// `depth` kept keys, each its k_j and v_j (d_max int8 each) and whether it is the row's last of the tile, written
/// whole in one cycle and read by two heads that the row drains at its own pace:
///
/// - the key head gives the oldest entry whose k_j the row has not taken, in `beats` beats of `lanes` elements
///   (element e of beat b is k[b * lanes + e]), `last` with the final beat of a last entry;
/// - the value head gives the oldest entry whose k the key head has given out completely (a row takes a key's
///   values only after scoring it), its v_j in the same beats; the entry is freed with its final value beat
///   (`freed` pulses, for the dispatcher's credits).
///
/// The key head runs ahead of the value head by as many entries as the row lets it (the row scores keys before
/// their value passes). `push` is never refused: the dispatcher pushes only with a credit (`depth` minus the
/// entries pushed and not yet freed). `beats` = ceil(d_use / lanes) is a runtime input, steady while entries are
/// held.
///
/// Storage: a memory of `depth` words of 2 x d_max x 8 + 1 bits, one write port and two combinational read ports
/// (LUT RAM on an FPGA, Yosys `$mem`).
public struct KeyQueue: Module {
    public var depth: Int
    public var headDim: Int
    public var lanes: Int

    public init(depth: Int = 16, headDim: Int = 32, lanes: Int = 4) {
        self.depth = depth
        self.headDim = headDim
        self.lanes = lanes
    }

    public var beatsPerKey: Int { headDim / lanes }

    public func validate() throws {
        try require((1...256).contains(depth), "depth must be 1...256, got \(depth)")
        try require((1...128).contains(headDim), "head dimension must be 1...128, got \(headDim)")
        try require((1...headDim).contains(lanes) && headDim % lanes == 0, "lanes must divide the head dimension (\(headDim)), got \(lanes)")
    }

    public struct IO {
        public var beats: Unsigned
        public var pushValid: Bit, pushK: [Signed], pushV: [Signed], pushLast: Bit
        public var freed: Bit
        public var keyValid: Bit, keyReady: Bit, keyData: [Signed], keyLast: Bit
        public var valueValid: Bit, valueReady: Bit, valueData: [Signed]
    }

    public func ports(_ p: Ports) -> IO {
        IO(beats: p.input(.uint(bitsFor(beatsPerKey))),
           pushValid: p.input(.bit), pushK: p.input(.vec(headDim, .sint(8)).packed()), pushV: p.input(.vec(headDim, .sint(8)).packed()),
           pushLast: p.input(.bit),
           freed: p.output(.bit),
           keyValid: p.output(.bit), keyReady: p.input(.bit), keyData: p.output(.vec(lanes, .sint(8)).packed()), keyLast: p.output(.bit),
           valueValid: p.output(.bit), valueReady: p.input(.bit), valueData: p.output(.vec(lanes, .sint(8)).packed()))
    }

    /// The next entry, wrapping at `depth`.
    func advance(_ pointer: Unsigned, width: Int) -> Unsigned {
        if depth == 1 { return pointer }
        return depth & (depth - 1) == 0 ? pointer &+ 1 : mux(pointer == Unsigned(depth - 1, width: width), Unsigned(0, width: width), pointer &+ 1)
    }

    /// Beat `beat`'s `lanes` int8 elements of the half of `word` that starts at bit `offset`.
    func lanesOf(_ word: Unsigned, beat: Unsigned, offset: Int) -> [Signed] {
        let beatWords = (0..<beatsPerKey).map { b in word[offset + (b + 1) * lanes * 8 - 1, offset + b * lanes * 8] }
        let chosen = beatsPerKey == 1 ? beatWords[0] : select(beatWords, at: beat)
        return (0..<lanes).map { e in chosen[(e + 1) * 8 - 1, e * 8].asSigned() }
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let pointerWidth = bitsFor(depth - 1), countWidth = bitsFor(depth), beatWidth = bitsFor(beatsPerKey)
        let half = headDim * 8
        let entries = m.memory("entries", depth: depth, .uint(2 * half + 1))
        let writePointer = m.reg("write_pointer", .uint(pointerWidth), reset: 0)
        let keyPointer = m.reg("key_pointer", .uint(pointerWidth), reset: 0)
        let valuePointer = m.reg("value_pointer", .uint(pointerWidth), reset: 0)
        // Entries written whose k the key head has not given out completely, and entries not yet freed.
        let keyCount = m.reg("key_count", .uint(countWidth), reset: 0)
        let heldCount = m.reg("held_count", .uint(countWidth), reset: 0)
        let keyBeat = m.reg("key_beat", .uint(beatWidth), reset: 0)
        let valueBeat = m.reg("value_beat", .uint(beatWidth), reset: 0)

        When(io.pushValid) {
            entries.write(writePointer, concat(io.pushLast, concat(io.pushV.reversed()), concat(io.pushK.reversed())))
            writePointer <== advance(writePointer, width: pointerWidth)
        }
        let keyWord = entries.read(keyPointer, readUnderWrite: .combinational, name: "key_entry")
        let valueWord = entries.read(valuePointer, readUnderWrite: .combinational, name: "value_entry")

        let lastBeat = m.named("last_beat", io.beats &- 1)
        io.keyValid <== keyCount != 0
        io.keyData <== lanesOf(keyWord, beat: keyBeat, offset: 0)
        let keyFinal = m.named("key_final", keyBeat == lastBeat.truncated(to: beatWidth))
        io.keyLast <== keyFinal && keyWord[2 * half]
        let keyDone = m.named("key_done", io.keyValid && io.keyReady && keyFinal)
        When(io.keyValid && io.keyReady) {
            When(keyFinal) {
                keyBeat <== 0
                keyPointer <== advance(keyPointer, width: pointerWidth)
            }.otherwise {
                keyBeat <== keyBeat &+ 1
            }
        }

        io.valueValid <== heldCount != keyCount
        io.valueData <== lanesOf(valueWord, beat: valueBeat, offset: half)
        let valueFinal = m.named("value_final", valueBeat == lastBeat.truncated(to: beatWidth))
        let freed = m.named("value_done", io.valueValid && io.valueReady && valueFinal)
        When(io.valueValid && io.valueReady) {
            When(valueFinal) {
                valueBeat <== 0
                valuePointer <== advance(valuePointer, width: pointerWidth)
            }.otherwise {
                valueBeat <== valueBeat &+ 1
            }
        }
        io.freed <== freed

        When(io.pushValid && !keyDone) { keyCount <== keyCount &+ 1 }
            .elseWhen(keyDone && !io.pushValid) { keyCount <== keyCount &- 1 }
        When(io.pushValid && !freed) { heldCount <== heldCount &+ 1 }
            .elseWhen(freed && !io.pushValid) { heldCount <== heldCount &- 1 }
    }
}
