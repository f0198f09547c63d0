import HDL
import SortingNetworks

/// The SOFA attention core (ATTENTION-CORE.md; the design: docs/ATTENTION-CORE-DESIGN.md): one attention head at
/// a time, Q tiles of R queries, stage 1 (DLZS) and stage 2 (SADS) of the next tile overlapped with stage 3 (SU-FA)
/// of the current one, and a dense mode on the same hardware.
///
/// The host loads Q, K and V rows through `load`, writes the run's registers through the register port
/// (`AttentionCoreRegister`), writes 1 to CONTROL, and collects O from `out` (each element tagged with its query row
/// and index) until `done`; the counters are readable afterwards.
public struct AttentionCore: Module, Sendable {
    /// R: query rows per tile.
    public var rows: Int
    /// d_max: the widest head.
    public var headDim: Int
    /// N_max: K and V rows.
    public var maxKeys: Int
    /// T_max: Q rows.
    public var maxQueries: Int
    /// L_p: DLZS shift-add lanes per row.
    public var predictorLanes: Int
    /// L: SU-FA MAC lanes per row.
    public var macLanes: Int
    /// SADS entries held per segment (the runtime k_s must not exceed it) and network width.
    public var winners: Int
    public var sadsWidth: Int
    public var sadsFamily: NetworkFamily
    public var sadsPipeline: Int
    /// Kept keys buffered between the dispatcher and each row.
    public var queueDepth: Int
    /// Dividers per SU-FA row.
    public var dividers: Int
    public var format: SUFARowFormat
    public var counterWidth: Int

    public init(rows: Int = 16, headDim: Int = 32, maxKeys: Int = 256, maxQueries: Int = 256, predictorLanes: Int = 32,
                macLanes: Int = 4, winners: Int = 64, sadsWidth: Int = 80, sadsFamily: NetworkFamily = .oddEvenMerge,
                sadsPipeline: Int = 2, queueDepth: Int = 16, dividers: Int = 4, format: SUFARowFormat = SUFARowFormat(),
                counterWidth: Int = 32) {
        self.rows = rows
        self.headDim = headDim
        self.maxKeys = maxKeys
        self.maxQueries = maxQueries
        self.predictorLanes = predictorLanes
        self.macLanes = macLanes
        self.winners = winners
        self.sadsWidth = sadsWidth
        self.sadsFamily = sadsFamily
        self.sadsPipeline = sadsPipeline
        self.queueDepth = queueDepth
        self.dividers = dividers
        self.format = format
        self.counterWidth = counterWidth
    }

    // MARK: Blocks

    public var selector: KeySelector {
        KeySelector(rows: rows, headDim: headDim, predictorLanes: predictorLanes, maxKeys: maxKeys, winners: winners,
                    sadsWidth: sadsWidth, family: sadsFamily, sadsPipeline: sadsPipeline, counterWidth: counterWidth)
    }
    public var row: SUFARow {
        SUFARow(headDim: headDim, lanes: macLanes, maxKeys: maxKeys, dividers: dividers, format: format, counterWidth: counterWidth)
    }
    public var queue: KeyQueue { KeyQueue(depth: queueDepth, headDim: headDim, lanes: macLanes) }
    public var dispatcher: KeyDispatcher { KeyDispatcher(rows: rows, maxKeys: maxKeys, headDim: headDim, queueDepth: queueDepth) }
    public var bitmaps: KeptBitmaps { KeptBitmaps(rows: rows, maxKeys: maxKeys) }

    // MARK: Widths

    public var queryIndexWidth: Int { bitsFor(maxQueries - 1) }
    public var queryCountWidth: Int { bitsFor(maxQueries) }
    /// Bits of a tile's first query and of the tile bookkeeping's sums: bases reach T_max - 1 + R.
    public var queryBaseWidth: Int { max(bitsFor(maxQueries) + 1, bitsFor(maxQueries + rows)) }
    public var keyIndexWidth: Int { bitsFor(maxKeys - 1) }
    public var keyCountWidth: Int { bitsFor(maxKeys) }
    public var rowIndexWidth: Int { bitsFor(rows - 1) }
    public var rowCountWidth: Int { bitsFor(rows) }
    public var loadRowWidth: Int { bitsFor(max(maxQueries, maxKeys) - 1) }
    public var dimWidth: Int { bitsFor(headDim) }
    /// Beats of a SU-FA row's q, k and v at the full head dimension: d_max / L.
    public var beatsPerKey: Int { headDim / macLanes }

    public func validate() throws {
        try validateParameters()
        try require(headDim % macLanes == 0, "mac-lanes (\(macLanes)) must divide the head dimension (\(headDim))")
        try require(headDim % predictorLanes == 0, "predictor-lanes (\(predictorLanes)) must divide the head dimension (\(headDim))")
        try require(dividers <= headDim, "dividers (\(dividers)) must not exceed the head dimension (\(headDim))")
        try require((8...32).contains(counterWidth), "counter width must be 8...32 (the register port is 32 bits), got \(counterWidth)")
        try selector.validate()
        try row.validate()
        try queue.validate()
        try dispatcher.validate()
    }

    // MARK: Ports

    /// One row of Q, K or V from the host: `target` 0 Q, 1 K, 2 V; `row` its index; `data` d_max int8 (element 0 in the low
    /// bits; zeros beyond the head dimension in use).
    public struct LoadRow: Bundle {
        public var target: Unsigned
        public var row: Unsigned
        public var data: [Signed]
    }

    /// One element of O: query row, element index, value (signed, F_out fraction bits, units of sv).
    public struct OutputElement: Bundle {
        public var row: Unsigned
        public var index: Unsigned
        public var data: Signed
    }

    public struct IO {
        public var load: Decoupled<LoadRow>
        public var registerWrite: Bit, registerAddress: Unsigned, registerWriteData: Unsigned
        public var registerReadAddress: Unsigned, registerReadData: Unsigned
        public var busy: Bit, done: Bit
        public var out: Decoupled<OutputElement>
    }

    public func ports(_ p: Ports) -> IO {
        let load = BundleShape { f in
            LoadRow(target: f.field("target", .uint(2)), row: f.field("row", .uint(loadRowWidth)),
                    data: f.field("data", .vec(headDim, .sint(8)).packed()))
        }
        let element = BundleShape { f in
            OutputElement(row: f.field("row", .uint(queryIndexWidth)), index: f.field("index", .uint(bitsFor(headDim - 1))),
                          data: f.field("data", .sint(format.outputWidth)))
        }
        return IO(load: p.input("load", .decoupled(load)),
                  registerWrite: p.input("reg_write", .bit), registerAddress: p.input("reg_address", .uint(AttentionCoreRegister.addressWidth)),
                  registerWriteData: p.input("reg_write_data", .uint(32)),
                  registerReadAddress: p.input("reg_read_address", .uint(AttentionCoreRegister.addressWidth)),
                  registerReadData: p.output("reg_read_data", .uint(32)),
                  busy: p.output("busy", .bit), done: p.output("done", .bit),
                  out: p.output("out", .decoupled(element)))
    }

    /// The run's progress: idle until CONTROL starts it, running until every row of O is out.
    public enum Phase: HardwareEnum { case idle, running }

    // MARK: Logic

    public func body(_ m: Scope, _ io: IO) -> Block {
        let r = rows, d = headDim, l = macLanes, cw = counterWidth
        let fsm = m.fsm("phase", initial: Phase.idle)
        let running = m.named("running", fsm.isIn(.running))

        // MARK: Registers written by the host (while idle).
        let queries = m.reg("reg_queries", .uint(queryCountWidth), reset: 0)
        let keys = m.reg("reg_keys", .uint(keyCountWidth), reset: 0)
        let dimension = m.reg("reg_head_dim", .uint(dimWidth), reset: 0)
        let dense = m.reg("reg_dense", .bit, reset: false)
        let kept = m.reg("reg_kept_per_segment", .uint(self.selector.keptWidth), reset: 0)
        let segment = m.reg("reg_segment_length", .uint(keyCountWidth), reset: 0)
        let clip = m.reg("reg_clip", .bit, reset: false)
        let radius = m.reg("reg_radius", .uint(KeySelector.radiusWidth), reset: 0)
        let mantissa = m.reg("reg_constant_mantissa", .uint(format.constantMantissaBits), reset: 0)
        let shift = m.reg("reg_constant_shift", .uint(format.constantShiftBits), reset: 0)
        let write = m.named("host_write", io.registerWrite && !running)
        When(write) {
            Switch(io.registerAddress) {
                Is(AttentionCoreRegister.queries.address) { queries <== io.registerWriteData.resized(to: queryCountWidth) }
                Is(AttentionCoreRegister.keys.address) { keys <== io.registerWriteData.resized(to: keyCountWidth) }
                Is(AttentionCoreRegister.headDim.address) { dimension <== io.registerWriteData.resized(to: dimWidth) }
                Is(AttentionCoreRegister.mode.address) { dense <== io.registerWriteData[0] }
                Is(AttentionCoreRegister.keptPerSegment.address) { kept <== io.registerWriteData.resized(to: self.selector.keptWidth) }
                Is(AttentionCoreRegister.segmentLength.address) { segment <== io.registerWriteData.resized(to: keyCountWidth) }
                Is(AttentionCoreRegister.clip.address) { clip <== io.registerWriteData[0] }
                Is(AttentionCoreRegister.radius.address) { radius <== io.registerWriteData.resized(to: KeySelector.radiusWidth) }
                Is(AttentionCoreRegister.constantMantissa.address) { mantissa <== io.registerWriteData.resized(to: format.constantMantissaBits) }
                Is(AttentionCoreRegister.constantShift.address) { shift <== io.registerWriteData.resized(to: format.constantShiftBits) }
                Default {}
            }
        }
        let bitmaps = m.instance("bitmaps", self.bitmaps)
        let start = m.named("start", write && bitmaps.ready && io.registerAddress == Unsigned(AttentionCoreRegister.control.address, width: AttentionCoreRegister.addressWidth)
                            && io.registerWriteData[0] && queries != 0 && keys != 0)

        // MARK: Memories and the load path.
        let qMemory = m.instance("q_memory", TensorMemory(depth: maxQueries, headDim: d, readers: 2))
        let kMemory = m.instance("k_memory", TensorMemory(depth: maxKeys, headDim: d, readers: 2))
        let vMemory = m.instance("v_memory", TensorMemory(depth: maxKeys, headDim: d, readers: 1))
        io.load.ready <== !running
        let loading = m.named("loading", io.load.valid && !running)
        qMemory.writeEnable <== loading && io.load.bits.target == Unsigned(0, width: 2) && io.load.bits.row < Unsigned(maxQueries, width: loadRowWidth + 1)
        kMemory.writeEnable <== loading && io.load.bits.target == Unsigned(1, width: 2) && io.load.bits.row < Unsigned(maxKeys, width: loadRowWidth + 1)
        vMemory.writeEnable <== loading && io.load.bits.target == Unsigned(2, width: 2) && io.load.bits.row < Unsigned(maxKeys, width: loadRowWidth + 1)
        qMemory.writeAddress <== io.load.bits.row.resized(to: queryIndexWidth)
        kMemory.writeAddress <== io.load.bits.row.resized(to: keyIndexWidth)
        vMemory.writeAddress <== io.load.bits.row.resized(to: keyIndexWidth)
        qMemory.writeData <== io.load.bits.data
        kMemory.writeData <== io.load.bits.data
        vMemory.writeData <== io.load.bits.data

        // MARK: Tile bookkeeping. A tile of R queries starting at `base` has min(R, T - base) active rows.
        let tileWidth = queryCountWidth
        // Selection (stage 1-2) of tiles in order; the dispatcher's scans (stage 3) in order.
        let selectTile = m.reg("select_tile", .uint(tileWidth), reset: 0)
        let selectBase = m.reg("select_base", .uint(queryBaseWidth), reset: 0)
        let selectedTiles = m.reg("selected_tiles", .uint(tileWidth), reset: 0)
        let scanTile = m.reg("scan_tile", .uint(tileWidth), reset: 0)
        let scanBase = m.reg("scan_base", .uint(queryBaseWidth), reset: 0)
        let scannedTiles = m.reg("scanned_tiles", .uint(tileWidth), reset: 0)

        // MARK: Stage 1-2: the selector, fed q rows and keys from the Q and K memories.
        let selector = m.instance("selector", self.selector)
        let selectBank = m.reg("select_bank", .bit, reset: false)
        // Tile t's selection waits for tile t-2's scan: its bitmap bank must be empty.
        let selectGo = m.named("select_go", running && !dense && selectBase < queries.extended(to: queryBaseWidth)
                               && !selector.busy && selectTile <= scannedTiles &+ 1 && selectTile == selectedTiles)
        selector.start <== selectGo
        selector.keyCount <== keys
        selector.activeRows <== activeRows(queries, selectBase)
        selector.segmentLength <== segment
        selector.keptPerSegment <== kept
        selector.clip <== clip
        selector.radius <== radius
        selector.clearCounters <== start
        When(selectGo) {
            selectTile <== selectTile &+ 1
            selectBase <== selectBase &+ Unsigned(r, width: rowCountWidth)
            selectBank <== selectTile[0]
        }
        // q rows base ..< base + active of the tile being selected, then keys 0 ..< N.
        let selectQueryBase = m.reg("select_query_base", .uint(queryBaseWidth))
        let selectRows = m.reg("select_rows", .uint(rowCountWidth), reset: 0)
        When(selectGo) {
            selectQueryBase <== selectBase
            selectRows <== activeRows(queries, selectBase)
        }
        let queryStream = streamRows(m, "select_q", start: selectGo, count: activeRows(queries, selectBase).extended(to: queryBaseWidth),
                                     ready: selector.query.ready)
        queryStream.logic
        qMemory.readEnable[0] <== queryStream.read
        qMemory.readAddress[0] <== (selectQueryBase + queryStream.index.extended(to: queryBaseWidth)).resized(to: queryIndexWidth)
        selector.query.valid <== queryStream.valid
        selector.query.bits.row <== queryStream.current.resized(to: rowIndexWidth)
        selector.query.bits.data <== qMemory.readData[0]
        let keyStream = streamRows(m, "select_k", start: selectGo, count: keys.extended(to: keyCountWidth + 1), ready: selector.key.ready)
        keyStream.logic
        kMemory.readEnable[0] <== keyStream.read
        kMemory.readAddress[0] <== keyStream.index.resized(to: keyIndexWidth)
        selector.key.valid <== keyStream.valid
        selector.key.bits.index <== keyStream.current.resized(to: keyIndexWidth)
        selector.key.bits.data <== kMemory.readData[0]
        // Each finished tile's kept counts, by bank.
        let counts = (0..<2).map { b in m.reg("kept_counts_\(b)", .vec(r, .uint(keyCountWidth))) }
        When(selector.done) {
            selectedTiles <== selectedTiles &+ 1
            for b in 0..<2 {
                When(b == 0 ? !selectBank : selectBank) { counts[b] <== selector.keptCount }
            }
        }

        // MARK: Stage 3: the dispatcher scans a selected tile (or any tile in dense mode) into the rows' queues.
        bitmaps.markValid <== selector.markValid
        bitmaps.markIndex <== selector.markIndex
        bitmaps.markBank <== selectBank
        let dispatcher = m.instance("dispatcher", self.dispatcher)
        let scanBank = m.reg("scan_bank", .bit, reset: false)
        let scanGo = m.named("scan_go", running && scanBase < queries.extended(to: queryBaseWidth) && !dispatcher.busy
                             && scanTile == scannedTiles && (dense || selectedTiles > scanTile))
        dispatcher.start <== scanGo
        dispatcher.keys <== keys
        dispatcher.dense <== dense
        dispatcher.activeRows <== activeRows(queries, scanBase)
        dispatcher.counts <== (0..<r).map { i in mux(dense, keys, mux(scanTile[0], counts[1][i], counts[0][i])) }
        When(scanGo) {
            scanTile <== scanTile &+ 1
            scanBase <== scanBase &+ Unsigned(r, width: rowCountWidth)
            scanBank <== scanTile[0]
        }
        When(dispatcher.done) { scannedTiles <== scannedTiles &+ 1 }
        bitmaps.scanRead <== dispatcher.bitmapRead
        bitmaps.scanAddress <== dispatcher.bitmapAddress
        bitmaps.scanBank <== mux(scanGo, scanTile[0], scanBank)
        dispatcher.mask <== bitmaps.mask
        kMemory.readEnable[1] <== dispatcher.kvRead
        kMemory.readAddress[1] <== dispatcher.kvAddress
        vMemory.readEnable[0] <== dispatcher.kvRead
        vMemory.readAddress[0] <== dispatcher.kvAddress
        dispatcher.kData <== kMemory.readData[1]
        dispatcher.vData <== vMemory.readData[0]

        // MARK: The rows: a queue and a SU-FA row each.
        let beats = m.named("beats_in_use", (0..<beatsPerKey).map { b in (dimension > Unsigned(b * l, width: dimWidth)).asUnsignedValue() }
                                .reduce(Unsigned(0, width: bitsFor(beatsPerKey))) { ($0 + $1).resized(to: bitsFor(beatsPerKey)) })
        let queues = (0..<r).map { m.instance("queue_\($0)", queue) }
        let units = (0..<r).map { m.instance("row_\($0)", row) }
        for i in 0..<r {
            queues[i].beats <== beats
            queues[i].pushValid <== dispatcher.pushValid[i]
            queues[i].pushLast <== dispatcher.pushLast[i]
            queues[i].pushK <== dispatcher.pushK
            queues[i].pushV <== dispatcher.pushV
            dispatcher.freed[i] <== queues[i].freed
            units[i].key.valid <== queues[i].keyValid
            units[i].key.bits.data <== queues[i].keyData
            units[i].key.bits.last <== queues[i].keyLast
            queues[i].keyReady <== units[i].key.ready
            units[i].value.valid <== queues[i].valueValid
            units[i].value.bits <== queues[i].valueData
            queues[i].valueReady <== units[i].value.ready
            units[i].headDim <== dimension
            units[i].constantMantissa <== mantissa
            units[i].constantShift <== shift
            units[i].clearCounters <== start
        }

        // MARK: The rows' q: tile after tile, row after row, each row's q in ceil(d_use / L) beats.
        let feedTile = m.reg("feed_tile_base", .uint(queryBaseWidth), reset: 0)
        let feedRow = m.reg("feed_row", .uint(rowCountWidth), reset: 0)
        let feedBeat = m.reg("feed_beat", .uint(bitsFor(beatsPerKey)), reset: 0)
        let feedLoaded = m.reg("feed_loaded", .bit, reset: false)
        let feedMore = m.named("feed_more", running && feedTile < queries.extended(to: queryBaseWidth))
        let feedRows = m.named("feed_rows", activeRows(queries, feedTile))
        let feedRead = m.named("feed_read", feedMore && !feedLoaded)
        qMemory.readEnable[1] <== feedRead
        qMemory.readAddress[1] <== (feedTile + feedRow.extended(to: queryBaseWidth)).resized(to: queryIndexWidth)
        let feedBeatLanes = (0..<beatsPerKey).map { b in Array(qMemory.readData[1][(b * l)..<((b + 1) * l)]) }
        let feedReady = m.named("feed_ready", select(units.map(\.q.ready), at: feedRow.resized(to: max(1, rowIndexWidth))))
        let feedFinal = m.named("feed_final", feedBeat &+ 1 >= beats)
        for i in 0..<r {
            units[i].q.valid <== feedLoaded && feedRow == Unsigned(i, width: rowCountWidth)
            units[i].q.bits <== (0..<l).map { e in beatsPerKey == 1 ? feedBeatLanes[0][e] : select(feedBeatLanes.map { $0[e] }, at: feedBeat) }
        }
        let feedTake = m.named("feed_take", feedLoaded && feedReady)
        When(start) {
            feedTile <== 0
            feedRow <== 0
            feedBeat <== 0
            feedLoaded <== false
        }.elseWhen(feedRead) {
            feedLoaded <== true
        }.elseWhen(feedTake) {
            When(feedFinal) {
                feedBeat <== 0
                feedLoaded <== false
                When(feedRow &+ 1 == feedRows) {
                    feedRow <== 0
                    feedTile <== feedTile &+ Unsigned(r, width: rowCountWidth)
                }.otherwise {
                    feedRow <== feedRow &+ 1
                }
            }.otherwise {
                feedBeat <== feedBeat &+ 1
            }
        }

        // MARK: Output: round robin over the rows, from the row after the last one granted.
        let pointer = m.reg("out_pointer", .uint(max(1, rowIndexWidth)), reset: 0)
        let rowBase = m.reg("out_row_base", .vec(r, .uint(queryBaseWidth)))
        let requests = units.map(\.out.valid)
        let above = (0..<r).map { i in m.named("out_above_\(i)", requests[i] && Unsigned(i, width: max(1, rowIndexWidth)) >= pointer) }
        let grant = m.named("out_grant", mux(above.any(), priority(above), priority(requests)))
        io.out.valid <== requests.any()
        io.out.bits.row <== select(rowBase, at: grant).resized(to: queryIndexWidth) &+ grant.resized(to: queryIndexWidth)
        io.out.bits.index <== select(units.map(\.out.bits.index), at: grant)
        io.out.bits.data <== select(units.map(\.out.bits.data), at: grant)
        for i in 0..<r {
            units[i].out.ready <== io.out.ready && grant == Unsigned(i, width: max(1, rowIndexWidth))
        }
        let rowOut = m.named("row_out", io.out.fire && select(units.map(\.out.bits.last), at: grant))
        let rowsOut = m.reg("rows_out", .uint(queryCountWidth), reset: 0)
        When(io.out.fire) {
            pointer <== mux(grant == Unsigned(r - 1, width: max(1, rowIndexWidth)), Unsigned(0, width: max(1, rowIndexWidth)), grant &+ 1)
        }
        for i in 0..<r {
            When(start) { rowBase[i] <== 0 }
                .elseWhen(rowOut && grant == Unsigned(i, width: max(1, rowIndexWidth))) { rowBase[i] <== rowBase[i] &+ Unsigned(r, width: rowCountWidth) }
        }
        let finished = m.named("finished", running && rowOut && rowsOut &+ 1 == queries)

        // MARK: Control.
        Switch(fsm.state) {
            Is(Phase.idle) { When(start) { fsm.goto(.running) } }
            Is(Phase.running) { When(finished) { fsm.goto(.idle) } }
        }
        When(start) {
            selectTile <== 0
            selectBase <== 0
            selectedTiles <== 0
            scanTile <== 0
            scanBase <== 0
            scannedTiles <== 0
            rowsOut <== 0
        }.elseWhen(rowOut) {
            rowsOut <== rowsOut &+ 1
        }
        let doneSticky = m.reg("done_sticky", .bit, reset: false)
        When(start) { doneSticky <== false }.elseWhen(finished) { doneSticky <== true }
        io.busy <== running
        io.done <== m.regNext(finished, name: "done_q", reset: 0)

        // MARK: Counters (cleared by start).
        // Stage 3 runs from the first scan to the last element of O (the first tile's selection is before it).
        let stage3Started = m.reg("stage3_started", .bit, reset: false)
        When(start) { stage3Started <== false }.elseWhen(scanGo) { stage3Started <== true }
        let stage3Busy = m.named("stage3_busy", stage3Started || scanGo)
        let pushes = dispatcher.pushValid.map { $0.asUnsignedValue().extended(to: rowCountWidth) }
            .reduce(Unsigned(0, width: rowCountWidth)) { ($0 + $1).resized(to: rowCountWidth) }
        let increments: [(String, Unsigned)] = [
            ("cycles", running.asUnsignedValue()),
            ("stream_cycles", (running && (selector.query.fire || selector.key.fire)).asUnsignedValue()),
            ("selection_cycles", (running && selector.busy).asUnsignedValue()),
            ("stage3_cycles", (running && stage3Busy).asUnsignedValue()),
            ("keys_kept", pushes),
            ("kv_reads", dispatcher.kvRead.asUnsignedValue()),
        ]
        let counters = increments.map { m.reg($0.0, .uint(cw), reset: 0) }
        for (c, (_, increment)) in zip(counters, increments) {
            When(start) { c <== 0 }.otherwise { c <== c &+ increment.resized(to: cw) }
        }
        let (cycles, stage1, stage12, stage3, keptCounter, kvReads) = (counters[0], counters[1], counters[2], counters[3], counters[4], counters[5])
        let rescales = m.named("rescales_total", Self.total(units.map(\.rescales), width: cw))
        let exp2 = m.named("exp2_total", Self.total(units.map(\.exp2Evaluations), width: cw))
        let divisions = m.named("divisions_total", Self.total(units.map(\.divisions), width: cw))
        let laneBusy = m.named("lane_busy_total", Self.total(units.map(\.laneBusy), width: cw))

        // MARK: The register read port.
        let readData = m.wire("read_data", .uint(32), default: 0)
        Switch(io.registerReadAddress) {
            Is(AttentionCoreRegister.status.address) { readData <== concat(!bitmaps.ready, doneSticky, running).resized(to: 32) }
            Is(AttentionCoreRegister.queries.address) { readData <== queries.resized(to: 32) }
            Is(AttentionCoreRegister.keys.address) { readData <== keys.resized(to: 32) }
            Is(AttentionCoreRegister.headDim.address) { readData <== dimension.resized(to: 32) }
            Is(AttentionCoreRegister.mode.address) { readData <== dense.asUnsignedValue().resized(to: 32) }
            Is(AttentionCoreRegister.keptPerSegment.address) { readData <== kept.resized(to: 32) }
            Is(AttentionCoreRegister.segmentLength.address) { readData <== segment.resized(to: 32) }
            Is(AttentionCoreRegister.clip.address) { readData <== clip.asUnsignedValue().resized(to: 32) }
            Is(AttentionCoreRegister.radius.address) { readData <== radius.resized(to: 32) }
            Is(AttentionCoreRegister.constantMantissa.address) { readData <== mantissa.resized(to: 32) }
            Is(AttentionCoreRegister.constantShift.address) { readData <== shift.resized(to: 32) }
            Is(AttentionCoreRegister.cycles.address) { readData <== cycles.resized(to: 32) }
            Is(AttentionCoreRegister.streamCycles.address) { readData <== stage1.resized(to: 32) }
            Is(AttentionCoreRegister.selectionCycles.address) { readData <== stage12.resized(to: 32) }
            Is(AttentionCoreRegister.stage3Cycles.address) { readData <== stage3.resized(to: 32) }
            Is(AttentionCoreRegister.keysStreamed.address) { readData <== selector.keysStreamed.resized(to: 32) }
            Is(AttentionCoreRegister.keysKept.address) { readData <== keptCounter.resized(to: 32) }
            Is(AttentionCoreRegister.kvReads.address) { readData <== kvReads.resized(to: 32) }
            Is(AttentionCoreRegister.laneBusy.address) { readData <== laneBusy.resized(to: 32) }
            Is(AttentionCoreRegister.rescales.address) { readData <== rescales.resized(to: 32) }
            Is(AttentionCoreRegister.exp2Evaluations.address) { readData <== exp2.resized(to: 32) }
            Is(AttentionCoreRegister.divisions.address) { readData <== divisions.resized(to: 32) }
            Is(AttentionCoreRegister.rows.address) { readData <== Unsigned(r, width: 32) }
            Is(AttentionCoreRegister.maxHeadDim.address) { readData <== Unsigned(d, width: 32) }
            Is(AttentionCoreRegister.maxKeys.address) { readData <== Unsigned(maxKeys, width: 32) }
            Is(AttentionCoreRegister.maxQueries.address) { readData <== Unsigned(maxQueries, width: 32) }
            Default {}
        }
        io.registerReadData <== readData
    }

    /// A stream of memory rows 0 ..< count (a registered-read memory: the row read in a cycle is valid from the next
    /// cycle and held until the next read), one per cycle while `ready`: `read` and `index` drive the memory,
    /// `valid` and `current` describe the row on its data output; `logic` goes in the body.
    func streamRows(_ m: Scope, _ name: String, start: Bit, count: Unsigned, ready: Bit)
        -> (read: Bit, index: Unsigned, valid: Bit, current: Unsigned, logic: Block) {
        let w = count.width
        let active = m.reg("\(name)_active", .bit, reset: false)
        let total = m.reg("\(name)_count", .uint(w), reset: 0)
        let next = m.reg("\(name)_next", .uint(w), reset: 0)
        let valid = m.reg("\(name)_valid", .bit, reset: false)
        let current = m.reg("\(name)_current", .uint(w), reset: 0)
        let read = m.named("\(name)_read", active && next < total && (!valid || ready))
        return (read, next, valid, current, streamLogic(start: start, count: count, active: active, total: total, next: next,
                                                        valid: valid, current: current, read: read, ready: ready))
    }

    @HardwareBuilder
    func streamLogic(start: Bit, count: Unsigned, active: Bit, total: Unsigned, next: Unsigned, valid: Bit, current: Unsigned,
                     read: Bit, ready: Bit) -> Block {
        When(start) {
            active <== true
            total <== count
            next <== 0
        }.elseWhen(read) {
            next <== next &+ 1
        }.elseWhen(active && next == total && !valid) {
            active <== false
        }
        When(read) {
            valid <== true
            current <== next
        }.elseWhen(valid && ready) {
            valid <== false
        }
    }

    /// min(R, T - base): the active rows of the tile starting at query `base` (meaningful while base < T).
    func activeRows(_ queries: Unsigned, _ base: Unsigned) -> Unsigned {
        let left = queries.extended(to: queryBaseWidth) &- base.extended(to: queryBaseWidth)
        return mux(left >= Unsigned(rows, width: queryBaseWidth), Unsigned(rows, width: rowCountWidth), left.resized(to: rowCountWidth))
    }

    /// The wrapping sum of counters.
    static func total(_ values: [Unsigned], width: Int) -> Unsigned {
        values.reduce(Unsigned(0, width: width)) { $0 &+ $1 }
    }

    /// The index of the first 1 of `bits` (0 when none).
    func priority(_ bits: [Bit]) -> Unsigned {
        let w = max(1, rowIndexWidth)
        return priorityMux(bits.enumerated().map { ($1, Unsigned($0, width: w)) }, otherwise: Unsigned(0, width: w))
    }
}
