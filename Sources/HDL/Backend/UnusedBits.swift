/// Finds the bits a module computes or receives but never reads, for the `_unused` sink (Verilator's convention
/// for deliberate sinks: `-Wall` stays quiet about them, and a reader sees at a glance what is dropped).
///
/// A signal is read in full where an expression uses it whole (or a connect, condition or port reads it), in
/// part where only bit selects of it are used; instance inputs are read by their instance. Outputs are read
/// outside. The result lists the unread ranges of every other signal, merged, in declaration order.
enum UnusedBits {
    struct Range {
        var signal: SignalID
        var lo: Int
        var hi: Int
    }

    static func find(_ m: ModuleIR, inlined: [ExprID?]) -> [Range] {
        var full = [Bool](repeating: false, count: m.signals.count)
        var partial: [Int: [(Int, Int)]] = [:]
        // Expressions that read a signal whole vs only through selects.
        var readWhole = [Bool](repeating: false, count: m.exprs.count)
        for e in m.exprs {
            switch e.op {
            case .slice(let a, let lo):
                if case .signal(let s) = m.expr(a).op {
                    partial[s.index, default: []].append((lo, lo + e.width - 1))
                } else {
                    readWhole[a.index] = true
                }
            default:
                for o in e.operands { readWhole[o.index] = true }
            }
        }
        m.forEachRoot { e, _, _, _ in readWhole[e.index] = true }
        for (i, e) in m.exprs.enumerated() where readWhole[i] {
            if case .signal(let s) = e.op { full[s.index] = true }
        }
        for inst in m.instances {
            for sid in inst.portSignals where inlined[sid.index] == nil {
                if case .instanceInput = m.signal(sid).kind { full[sid.index] = true }
            }
        }
        var out: [Range] = []
        for (i, s) in m.signals.enumerated() {
            switch s.kind {
            case .output: continue
            case .instanceInput where inlined[i] != nil: continue
            default: break
            }
            if full[i] { continue }
            for (lo, hi) in gaps(in: partial[i] ?? [], width: s.width) {
                out.append(Range(signal: SignalID(i), lo: lo, hi: hi))
            }
        }
        return out
    }

    /// The maximal bit ranges of [0, width) not covered by `ranges` (inclusive (lo, hi) pairs), highest first.
    static func gaps(in ranges: [(Int, Int)], width: Int) -> [(Int, Int)] {
        let sorted = ranges.sorted { $0.0 < $1.0 }
        var gaps: [(Int, Int)] = []
        var next = 0
        for (lo, hi) in sorted {
            if lo > next { gaps.append((next, lo - 1)) }
            next = max(next, hi + 1)
        }
        if next < width { gaps.append((next, width - 1)) }
        return gaps.reversed()
    }
}
