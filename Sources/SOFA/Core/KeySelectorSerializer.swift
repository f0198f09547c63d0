import HDL

/// Turns a SADS segment result (up to `entries` kept key indices, kept lanes first) into one key index per
/// cycle, the form the core's kept bitmaps take (one write per row per cycle). One per query row in
/// `KeySelector`.
///
/// A result is `push`ed with `keep[i]` (lane i holds a kept entry) and `index[i]`; the kept lanes must be a
/// prefix (SADS emits its winners sorted, and every reason to drop one, k_s masking, clipping or a short segment,
/// drops a suffix), and an empty result must not be pushed. Its entries come out in lane order on `mark_valid` /
/// `mark_index`, starting the cycle after the push, one per cycle, with no gap between consecutive results.
///
/// Storage: two result slots, the head (shifted down one lane per cycle as it is emitted, so `mark_*` are
/// register outputs) and one waiting result. Why two is enough, for the selector's arrival pattern (results of
/// a row's segments in order, a segment of L scores ending at least L cycles after the previous one, scores
/// arriving at most one per cycle; a segment keeps c <= min(k_s, L) entries):
/// - A result that is not the row's last starts emitting the cycle after it arrives. By induction: if result
///   i - 1 arrived at t and started at t + 1, its last entry goes out at t + c <= t + L <= t_i, so at t_i the
///   head is empty or emitting its last entry, and result i takes the head at once.
/// - The row's last segment may be shorter than L and can end one cycle after the previous one: its result
///   may find the head still busy with the previous result. It waits in the second slot (nothing else is
///   pending: every earlier result has finished), and takes the head the cycle the previous one finishes.
/// - The next row (tile) starts only after every serializer is empty (`KeySelector` waits for that).
/// So a push never finds both slots busy. `KeySelectorTests` exercises the tight cases (L = 1, L = k_s = c
/// back to back, a last segment of length 1 right after a full one) and shows a one-slot buffer loses results.
public struct KeptKeySerializer: Module, Sendable {
    /// Lanes of a result (SADS winners).
    public var entries: Int
    /// Bits of a key index.
    public var indexWidth: Int

    public init(entries: Int = 64, indexWidth: Int = 8) {
        self.entries = entries
        self.indexWidth = indexWidth
    }

    public func validate() throws {
        try require((1...1024).contains(entries), "entries must be 1...1024, got \(entries)")
        try require((1...32).contains(indexWidth), "index width must be 1...32, got \(indexWidth)")
    }

    public struct IO {
        public var push: Bit, keep: [Bit], index: [Unsigned]
        public var markValid: Bit, markIndex: Unsigned, empty: Bit
    }

    public func ports(_ p: Ports) -> IO {
        IO(push: p.input("push", .bit), keep: p.input("keep", .vec(entries, .bit).packed()),
           index: p.input("index", .vec(entries, .uint(indexWidth)).packed()),
           markValid: p.output("mark_valid", .bit), markIndex: p.output("mark_index", .uint(indexWidth)),
           empty: p.output("empty", .bit))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let headKeep = m.reg("head_keep", .vec(entries, .bit), reset: 0)
        let headIndex = m.reg("head_index", .vec(entries, .uint(indexWidth)))
        let waitingKeep = m.reg("waiting_keep", .vec(entries, .bit), reset: 0)
        let waitingIndex = m.reg("waiting_index", .vec(entries, .uint(indexWidth)))
        // Kept lanes are a prefix, so lane 0 says whether a slot holds anything.
        let waiting = m.named("waiting", waitingKeep[0])
        // After this cycle's shift the head holds nothing more: it is empty or emits its last entry now.
        let headDrains = m.named("head_drains", entries == 1 ? Bit(booleanLiteral: true) : !headKeep[1])
        let shiftedKeep = Array(headKeep.dropFirst()) + [Bit(booleanLiteral: false)]
        let shiftedIndex = Array(headIndex.dropFirst()) + [headIndex[entries - 1]]

        When(!headDrains) {
            headKeep <== shiftedKeep
            headIndex <== shiftedIndex
            When(io.push) {
                waitingKeep <== io.keep
                waitingIndex <== io.index
            }
        }.elseWhen(waiting) {
            headKeep <== waitingKeep
            headIndex <== waitingIndex
            waitingKeep <== io.keep.map { $0 && io.push }
            When(io.push) { waitingIndex <== io.index }
        }.elseWhen(io.push) {
            headKeep <== io.keep
            headIndex <== io.index
        }.otherwise {
            headKeep <== shiftedKeep
        }
        io.markValid <== headKeep[0]
        io.markIndex <== headIndex[0]
        io.empty <== !headKeep[0] && !waiting
    }
}
