import HDL

/// The end of a SU-FA row (docs/SU-FA.md section 5): a snapshot of a finished row's (o, l), divided in the
/// background while the row's lanes go on with the next row's keys, and the quotients O[i] = o[i] / l streamed
/// out in element order.
///
/// - Snapshot: the `load` stream copies o[0 ..< d], l and the row's head dimension in one cycle.
///   `load_ready` is 1 when the snapshot is empty or its last group of elements is being handed to the dividers
///   this cycle, so a finished row waits only while the previous one still has elements to divide. It depends on
///   registers only (not on `out_ready`).
/// - Division: `dividers` `SoftmaxDivider`s take groups of that many consecutive elements together (the snapshot
///   shifts down by a group each time), one quotient each: ceil(d / dividers) * (8 + F_out + 1) cycles per row. A
///   group's quotients go to an output buffer when it is empty; the next group starts in the same cycle.
/// - Output: the `out` stream, each element with its index and `last` on the row's last element; nothing
///   changes while `out_valid` is 1 and `out_ready` is 0.
///
/// Latency: a row loaded at cycle t has its first element valid at t + 1 + (8 + F_out + 1) + 1 when the stage was
/// empty. `divisions` counts the quotients started in a cycle (elements at or past the head dimension are not).
public struct SUFAOutputStage: Module, Sendable {
    public var headDim: Int
    public var dividers: Int
    public var accumulatorWidth: Int
    public var sumWidth: Int
    public var weightFraction: Int
    public var outputFraction: Int

    public init(headDim: Int, dividers: Int, accumulatorWidth: Int, sumWidth: Int, weightFraction: Int, outputFraction: Int) {
        self.headDim = headDim
        self.dividers = dividers
        self.accumulatorWidth = accumulatorWidth
        self.sumWidth = sumWidth
        self.weightFraction = weightFraction
        self.outputFraction = outputFraction
    }

    /// The divider every element goes through: o and l with F fraction bits, O signed with F_out.
    public var divider: SoftmaxDivider {
        SoftmaxDivider(numeratorWidth: accumulatorWidth, numeratorFraction: weightFraction, denominatorWidth: sumWidth,
                       denominatorFraction: weightFraction, quotientWidth: 8 + outputFraction, quotientFraction: outputFraction)
    }

    /// Cycles the dividers take for one row of `headDim` elements.
    public var divisionCycles: Int { (headDim + dividers - 1) / dividers * divider.latency }

    var dimWidth: Int { bitsFor(headDim) }
    var indexWidth: Int { bitsFor(headDim - 1) }
    var groupCountWidth: Int { bitsFor(dividers) }

    public func validate() throws {
        try require((1...4096).contains(headDim), "head dimension must be 1...4096, got \(headDim)")
        try require((1...headDim).contains(dividers), "dividers must be 1...\(headDim), got \(dividers)")
        try divider.validate()
    }

    public struct IO {
        /// A finished row's (o, l, d_use).
        public var load: Decoupled<SUFASnapshot>
        public var out: Decoupled<SUFAOutputElement>
        public var divisions: Unsigned
        public var busy: Bit
    }

    public func ports(_ p: Ports) -> IO {
        IO(load: p.input("load", .decoupled(SUFASnapshot.shape(headDim: headDim, accumulatorWidth: accumulatorWidth,
                                                                sumWidth: sumWidth, dimWidth: dimWidth))),
           out: p.output("out", .decoupled(SUFAOutputElement.shape(width: 8 + outputFraction, indexWidth: indexWidth))),
           divisions: p.output("divisions", .uint(groupCountWidth)), busy: p.output("busy", .bit))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let d = headDim, group = dividers
        let quotientWidth = 8 + outputFraction

        // The snapshot: o[base ..< dim] of the row being divided sits in snapshot[0 ..< dim - base].
        let snapshot = m.reg("snapshot_o", .vec(d, .sint(accumulatorWidth)))
        let snapshotSum = m.reg("snapshot_l", .uint(sumWidth))
        let snapshotDim = m.reg("snapshot_dim", .uint(dimWidth))
        let snapshotBase = m.reg("snapshot_base", .uint(dimWidth), reset: 0)
        let snapshotValid = m.reg("snapshot_valid", .bit, reset: false)

        // The group in the dividers: where it starts, how many real elements, whether it ends its row.
        let running = m.reg("dividing", .bit, reset: false)
        let holding = m.reg("holding", .bit, reset: false)
        let groupBase = m.reg("group_base", .uint(dimWidth), reset: 0)
        let groupCount = m.reg("group_count", .uint(groupCountWidth), reset: 0)
        let groupLast = m.reg("group_last", .bit, reset: false)

        // The output buffer: one group's quotients, drained in order.
        let buffer = m.reg("buffer", .vec(group, .sint(quotientWidth)))
        let bufferCount = m.reg("buffer_count", .uint(groupCountWidth), reset: 0)
        let bufferPosition = m.reg("buffer_position", .uint(groupCountWidth), reset: 0)
        let bufferBase = m.reg("buffer_base", .uint(dimWidth), reset: 0)
        let bufferLast = m.reg("buffer_last", .bit, reset: false)

        let units = (0..<group).map { m.instance("divider_\($0)", divider) }
        let done = m.named("group_done", units[0].done)
        let bufferEmpty = m.named("buffer_empty", bufferCount == Unsigned(0, width: groupCountWidth))
        let latch = m.named("latch", (done || holding) && bufferEmpty)
        let dividersFree = m.named("dividers_free", (!running && !holding) || latch)
        let start = m.named("start", snapshotValid && dividersFree)
        let remaining = m.named("remaining", snapshotDim &- snapshotBase)
        // (A comparison that cannot fail is left out: lint tools flag it.)
        let lastGroup: Bit = group >= (1 << dimWidth) - 1 ? true
            : m.named("last_group", remaining <= Unsigned(group, width: groupCountWidth))
        io.load.ready <== !snapshotValid || (start && lastGroup)
        let load = m.named("load_fire", io.load.fire)

        var startedCount: [Unsigned] = []
        for (k, unit) in units.enumerated() {
            let real = m.named("real_\(k)", remaining > Unsigned(k, width: groupCountWidth))
            unit.start <== start && real
            unit.numerator <== snapshot[k]
            unit.denominator <== snapshotSum
            startedCount.append((start && real).asUnsignedValue())
        }
        io.divisions <== startedCount.sum().resized(to: groupCountWidth)

        When(start) {
            running <== true
            groupBase <== snapshotBase
            groupCount <== mux(lastGroup, remaining.resized(to: groupCountWidth), Unsigned(group, width: groupCountWidth))
            groupLast <== lastGroup
            snapshotBase <== snapshotBase &+ Unsigned(group, width: dimWidth)
            for i in 0..<d {
                if i + group < d { snapshot[i] <== snapshot[i + group] }
            }
            When(lastGroup) { snapshotValid <== false }
        }
        When(done && !start) { running <== false }
        When(latch) { holding <== false }.elseWhen(done) { holding <== true }
        // A new row's snapshot (after the shift above, so it wins when both happen).
        When(load) {
            snapshot <== io.load.bits.accumulators
            snapshotSum <== io.load.bits.sum
            snapshotDim <== io.load.bits.dim
            snapshotBase <== 0
            snapshotValid <== true
        }

        let outFire = m.named("out_fire", bufferCount != Unsigned(0, width: groupCountWidth) && io.out.ready)
        let lastOfBuffer = m.named("last_of_buffer", bufferPosition &+ Unsigned(1, width: groupCountWidth) == bufferCount)
        When(outFire) {
            When(lastOfBuffer) {
                bufferCount <== 0
                bufferPosition <== 0
            }.otherwise {
                bufferPosition <== bufferPosition &+ 1
            }
        }
        When(latch) {
            for (k, unit) in units.enumerated() { buffer[k] <== unit.quotient }
            bufferCount <== groupCount
            bufferPosition <== 0
            bufferBase <== groupBase
            bufferLast <== groupLast
        }

        io.out.valid <== !bufferEmpty
        io.out.bits.data <== select(buffer, at: bufferPosition)
        io.out.bits.index <== (bufferBase &+ bufferPosition.resized(to: dimWidth)).resized(to: indexWidth)
        io.out.bits.last <== bufferLast && lastOfBuffer
        io.busy <== snapshotValid || running || holding || !bufferEmpty
    }
}
