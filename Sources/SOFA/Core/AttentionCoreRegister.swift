/// The attention core's register map: 32-bit registers at word addresses, written through `reg_write` /
/// `reg_address` / `reg_write_data` (while the core is idle) and read through `reg_read_address` / `reg_read_data`
/// (combinational). Written registers read back; counters are cleared by a start; the last four describe the core.
public enum AttentionCoreRegister: Int, CaseIterable, Sendable {
    /// W: bit 0 = 1 starts a run (taken while idle and not clearing, with QUERIES and KEYS non-zero).
    case control = 0
    /// R: bit 0 busy, bit 1 done (set when the last element of O has left, cleared by the next start), bit 2 clearing
    /// (the kept-key bitmaps are being cleared after reset: N_max cycles; a start waits for it).
    case status = 1
    /// T: queries in Q (1 ... T_max).
    case queries = 2
    /// N: keys in K and V (1 ... N_max).
    case keys = 3
    /// d: the head dimension in use (0 or more than d_max reads as d_max in the rows).
    case headDim = 4
    /// 0 topk, 1 dense.
    case mode = 5
    /// k_s: keys kept per segment (topk; at most `winners`).
    case keptPerSegment = 6
    /// L: keys per SADS segment (0 acts as 1).
    case segmentLength = 7
    /// bit 0: sphere clipping on.
    case clip = 8
    /// The clip radius in predicted-score units (2^(score width) - 1 and above: never clip).
    case radius = 9
    /// The softmax constant c = c_m * 2^-c_e (docs/SU-FA.md section 2).
    case constantMantissa = 10
    case constantShift = 11
    /// Counters of the last run (ATTENTION-CORE 5).
    case cycles = 16
    /// Cycles in which the selector took a q row or a key (stage 1 streaming).
    case streamCycles = 17
    /// Cycles in which the selector was busy (stages 1 and 2: predictor, SADS, serializers).
    case selectionCycles = 18
    /// Cycles of stage 3: from the first tile's first scan to the last element of O (so the first tile's selection,
    /// which stage 3 cannot overlap, is not in it).
    case stage3Cycles = 19
    case keysStreamed = 20
    /// (row, key) pairs pushed into the rows' queues: the kept keys summed over rows.
    case keysKept = 21
    /// Kept keys read from K and V (once per key of a tile's union).
    case kvReads = 22
    /// MAC-lane cycles doing an element of a score or value pass (2 d per kept key).
    case laneBusy = 23
    case rescales = 24
    case exp2Evaluations = 25
    case divisions = 26
    /// The core's parameters: R, d_max, N_max, T_max.
    case rows = 28
    case maxHeadDim = 29
    case maxKeys = 30
    case maxQueries = 31

    public var address: Int { rawValue }
    public static let addressWidth = 6
}
