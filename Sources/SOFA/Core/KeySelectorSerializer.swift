import HDL

/// Turns a SADS segment result (up to `entries` kept key indices, kept lanes first) into one key index per
/// cycle, the form the core's kept bitmaps take (one write per row per cycle). One per query row in
/// `KeySelector`.
///
/// It stores no result: SADS's output registers hold a segment's result until the next segment's result replaces
/// it, and this block walks a cursor over them. `load` (SADS's `out_valid`) says a new result is on `keep` /
/// `index`; its kept lanes must be a prefix (SADS emits its winners sorted, and every reason to drop one, k_s
/// masking, clipping or a short segment, drops a suffix). Its entries come out on `mark_valid` / `mark_index` in
/// lane order, one per cycle, from the `load` cycle on. `clear` forgets the current result (a new tile: the
/// masks that select its lanes change).
///
/// Contract (what `KeySelector` guarantees): a result with c kept entries stays on the inputs for at least c
/// cycles, i.e. the next `load` comes at least c cycles after this one. For a row of scores cut into segments of
/// L, a segment's result comes L or more cycles after the previous one (one score per cycle at most, constant
/// SADS latency) and keeps c <= min(k_s, L); only the row's last segment can be shorter than c, and for it
/// `KeySelector` delays the tile's last key (see `KeySelector`, "the last key's hold").
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
        public var load: Bit, clear: Bit, keep: [Bit], index: [Unsigned]
        public var markValid: Bit, markIndex: Unsigned
    }

    public func ports(_ p: Ports) -> IO {
        IO(load: p.input("load", .bit), clear: p.input("clear", .bit), keep: p.input("keep", .vec(entries, .bit).packed()),
           index: p.input("index", .vec(entries, .uint(indexWidth)).packed()),
           markValid: p.output("mark_valid", .bit), markIndex: p.output("mark_index", .uint(indexWidth)))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        // The next lane to mark; `entries` (a lane that is never kept) when there is none.
        let width = bitsFor(entries)
        let none = Unsigned(entries, width: width)
        let cursor = m.reg("cursor", .uint(width), reset: entries)
        let lane = m.named("lane", mux(io.load, Unsigned(0, width: width), cursor))
        let kept = m.named("kept", select(io.keep + [Bit(booleanLiteral: false)], at: lane))
        When(io.clear) { cursor <== none }
        .elseWhen(kept) { cursor <== lane &+ 1 }
        io.markValid <== kept
        io.markIndex <== select(io.index, at: lane)
    }
}
