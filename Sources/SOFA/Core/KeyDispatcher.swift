import HDL

/// Stage 3's dispatcher (docs/ATTENTION-CORE-DESIGN.md sections 2-3): for one tile it scans keys 0 ..< N in
/// ascending order and broadcasts each kept key's (k_j, v_j) to the queues of the rows that kept it, once.
///
/// A three-step pipeline, one key per cycle when nothing waits:
/// 1. **scan**: key j's bits are read from the kept bitmaps (`bitmap_read`, `bitmap_address`; dense mode reads
///    nothing: every active row keeps every key);
/// 2. **decide**, the next cycle, with the rows' bits `mask`: an empty mask is dropped; otherwise, when every row
///    of the mask has a credit (a free queue entry), K and V are read at j (`kv_read`, `kv_address`), one credit of
///    each such row is taken and its count of sent keys advances; without credits the key waits here and the scan
///    holds;
/// 3. **push**, the next cycle, with the read `k_data`/`v_data`: `push_valid[r]` for the rows of the mask, with
///    `push_last[r]` on a row's last key of the tile (its count of sent keys reaches its kept count).
///
/// `start` (while idle) samples N (`keys`), `dense`, the active row count and each row's kept count (`counts`:
/// N in dense mode); `done` pulses in the cycle after the last push (or, with no kept key, when the scan ends).
/// Credits start at `queue_depth` after reset and come back with each queue's `freed`; a row's credits carry over
/// from tile to tile (its queue may still hold the previous tile's keys).
public struct KeyDispatcher: Module {
    public var rows: Int
    public var maxKeys: Int
    public var headDim: Int
    public var queueDepth: Int

    public init(rows: Int = 16, maxKeys: Int = 256, headDim: Int = 32, queueDepth: Int = 16) {
        self.rows = rows
        self.maxKeys = maxKeys
        self.headDim = headDim
        self.queueDepth = queueDepth
    }

    public var indexWidth: Int { bitsFor(maxKeys - 1) }
    public var countWidth: Int { bitsFor(maxKeys) }

    public func validate() throws {
        try require((1...1024).contains(rows), "rows must be 1...1024, got \(rows)")
        try require((1...65536).contains(maxKeys), "max keys must be 1...65536, got \(maxKeys)")
        try require((1...128).contains(headDim), "head dimension must be 1...128, got \(headDim)")
        try require((1...256).contains(queueDepth), "queue depth must be 1...256, got \(queueDepth)")
    }

    public struct IO {
        public var start: Bit, keys: Unsigned, dense: Bit, activeRows: Unsigned, counts: [Unsigned]
        public var busy: Bit, done: Bit
        public var bitmapRead: Bit, bitmapAddress: Unsigned, mask: [Bit]
        public var kvRead: Bit, kvAddress: Unsigned, kData: [Signed], vData: [Signed]
        public var pushValid: [Bit], pushLast: [Bit], pushK: [Signed], pushV: [Signed]
        public var freed: [Bit]
    }

    public func ports(_ p: Ports) -> IO {
        IO(start: p.input(.bit), keys: p.input(.uint(countWidth)), dense: p.input(.bit), activeRows: p.input(.uint(bitsFor(rows))),
           counts: p.input(.vec(rows, .uint(countWidth)).packed()),
           busy: p.output(.bit), done: p.output(.bit),
           bitmapRead: p.output(.bit), bitmapAddress: p.output(.uint(indexWidth)), mask: p.input(.vec(rows, .bit).packed()),
           kvRead: p.output(.bit), kvAddress: p.output(.uint(indexWidth)),
           kData: p.input(.vec(headDim, .sint(8)).packed()), vData: p.input(.vec(headDim, .sint(8)).packed()),
           pushValid: p.output(.vec(rows, .bit).packed()), pushLast: p.output(.vec(rows, .bit).packed()),
           pushK: p.output(.vec(headDim, .sint(8)).packed()), pushV: p.output(.vec(headDim, .sint(8)).packed()),
           freed: p.input(.vec(rows, .bit).packed()))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let iw = indexWidth, cw = countWidth, creditWidth = bitsFor(queueDepth)
        let scanning = m.reg("scanning", .bit, reset: false)
        let next = m.reg("next_key", .uint(cw), reset: 0)
        let keys = m.reg("keys", .uint(cw))
        let dense = m.reg("dense", .bit)
        let active = m.reg("active", .vec(rows, .bit), reset: 0)
        let counts = m.reg("counts", .vec(rows, .uint(cw)))
        let sent = m.reg("sent", .vec(rows, .uint(cw)))
        let credits = m.reg("credits", .vec(rows, .uint(creditWidth)), reset: queueDepth)

        // Step 2's key: its index and whether it is there.
        let decideValid = m.reg("decide_valid", .bit, reset: false)
        let decideIndex = m.reg("decide_index", .uint(iw))
        let mask = (0..<rows).map { r in m.named("decide_mask_\(r)", active[r] && (dense || io.mask[r])) }
        let anyRow = m.named("decide_any", mask.reduce(Bit(booleanLiteral: false)) { $0 || $1 })
        let credited = (0..<rows).map { r in !mask[r] || credits[r] != 0 }
        let allCredited = m.named("decide_credited", credited.reduce(Bit(booleanLiteral: true)) { $0 && $1 })
        let send = m.named("send", decideValid && anyRow && allCredited)
        let decideDone = m.named("decide_done", decideValid && (!anyRow || allCredited))
        // Step 1 reads a new key when step 2 will be free.
        let scanMore = m.named("scan_more", scanning && next < keys)
        let scan = m.named("scan", scanMore && (!decideValid || decideDone))

        // Step 3's key.
        let pushValid = m.reg("push_valid_q", .vec(rows, .bit), reset: 0)
        let pushLast = m.reg("push_last_q", .vec(rows, .bit))

        When(io.start && !scanning) {
            scanning <== true
            next <== 0
            keys <== io.keys
            dense <== io.dense
            for r in 0..<rows {
                active[r] <== Unsigned(r, width: bitsFor(rows)) < io.activeRows
                counts[r] <== io.counts[r]
                sent[r] <== 0
            }
        }.elseWhen(scan) {
            next <== next &+ 1
        }
        When(scan) {
            decideValid <== true
            decideIndex <== next.truncated(to: iw)
        }.elseWhen(decideDone) {
            decideValid <== false
        }
        for r in 0..<rows {
            let take = m.named("take_\(r)", send && mask[r])
            pushValid[r] <== take
            pushLast[r] <== sent[r] &+ 1 == counts[r]
            When(take) { sent[r] <== sent[r] &+ 1 }
            When(take && !io.freed[r]) { credits[r] <== credits[r] &- 1 }
                .elseWhen(io.freed[r] && !take) { credits[r] <== credits[r] &+ 1 }
        }
        let finished = m.named("finished", scanning && !scanMore && !decideValid)
        When(finished) { scanning <== false }

        io.busy <== scanning
        io.done <== m.regNext(finished, name: "done_q", reset: 0)
        io.bitmapRead <== scan && !dense
        io.bitmapAddress <== next.truncated(to: iw)
        io.kvRead <== send
        io.kvAddress <== decideIndex
        io.pushValid <== pushValid
        io.pushLast <== pushLast
        io.pushK <== io.kData
        io.pushV <== io.vData
    }
}
