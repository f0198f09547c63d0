import HDL

/// The attention core's register map: 32-bit registers at word addresses, written through `reg_write` /
/// `reg_address` / `reg_write_data` (while the core is idle) and read through `reg_read_address` / `reg_read_data`
/// (combinational). Written registers read back; counters are cleared by a start; the last four describe the core.
/// `summary` is the documentation (README, `manifest.json`).
public enum AttentionCoreRegister: Int, CaseIterable, Sendable {
    case control = 0, status = 1, queries = 2, keys = 3, headDim = 4, mode = 5, keptPerSegment = 6, segmentLength = 7
    case clip = 8, radius = 9, constantMantissa = 10, constantShift = 11
    case cycles = 16, streamCycles = 17, selectionCycles = 18, stage3Cycles = 19, keysStreamed = 20, keysKept = 21
    case kvReads = 22, laneBusy = 23, rescales = 24, exp2Evaluations = 25, divisions = 26
    case rows = 28, maxHeadDim = 29, maxKeys = 30, maxQueries = 31

    public var address: Int { rawValue }
    public static let addressWidth = 6

    /// The name in upper case, as the README and the manifest give it.
    public var name: String {
        switch self {
        case .control: "CONTROL"
        case .status: "STATUS"
        case .queries: "QUERIES"
        case .keys: "KEYS"
        case .headDim: "HEAD_DIM"
        case .mode: "MODE"
        case .keptPerSegment: "KEPT_PER_SEGMENT"
        case .segmentLength: "SEGMENT_LENGTH"
        case .clip: "CLIP"
        case .radius: "RADIUS"
        case .constantMantissa: "CONSTANT_MANTISSA"
        case .constantShift: "CONSTANT_SHIFT"
        case .cycles: "CYCLES"
        case .streamCycles: "STREAM_CYCLES"
        case .selectionCycles: "SELECTION_CYCLES"
        case .stage3Cycles: "STAGE3_CYCLES"
        case .keysStreamed: "KEYS_STREAMED"
        case .keysKept: "KEYS_KEPT"
        case .kvReads: "KV_READS"
        case .laneBusy: "LANE_BUSY"
        case .rescales: "RESCALES"
        case .exp2Evaluations: "EXP2_EVALUATIONS"
        case .divisions: "DIVISIONS"
        case .rows: "ROWS"
        case .maxHeadDim: "MAX_HEAD_DIM"
        case .maxKeys: "MAX_KEYS"
        case .maxQueries: "MAX_QUERIES"
        }
    }

    public var access: HostRegister.Access {
        switch self {
        case .control: .write
        case .status, .cycles, .streamCycles, .selectionCycles, .stage3Cycles, .keysStreamed, .keysKept, .kvReads, .laneBusy,
             .rescales, .exp2Evaluations, .divisions, .rows, .maxHeadDim, .maxKeys, .maxQueries: .read
        default: .readWrite
        }
    }

    public var summary: String {
        switch self {
        case .control: "bit 0 = 1 starts a run (taken while idle and not clearing, with QUERIES and KEYS non-zero)"
        case .status: "bit 0 busy; bit 1 done (the last element of O has left; cleared by the next start); bit 2 clearing (the kept-key bitmaps are cleared after reset, N_max cycles; a start waits for it)"
        case .queries: "T: queries in Q (1 ... T_max)"
        case .keys: "N: keys in K and V (1 ... N_max)"
        case .headDim: "d: the head dimension in use (0 or more than d_max acts as d_max)"
        case .mode: "0 topk, 1 dense"
        case .keptPerSegment: "k_s: keys kept per segment (topk; at most winners)"
        case .segmentLength: "L: keys per SADS segment (0 acts as 1)"
        case .clip: "bit 0: sphere clipping on"
        case .radius: "the clip radius in predicted-score units (2^(score width) - 1 and above: never clip)"
        case .constantMantissa: "c_m: the softmax constant c = c_m * 2^-c_e (docs/SU-FA.md section 2)"
        case .constantShift: "c_e: the softmax constant's shift"
        case .cycles: "cycles from the start to done"
        case .streamCycles: "cycles the selector took a q row or a key (stage 1 streaming)"
        case .selectionCycles: "cycles the selector was busy (stages 1 and 2: predictor, SADS, serializers)"
        case .stage3Cycles: "cycles of stage 3, from the first tile's first scan to the last element of O"
        case .keysStreamed: "keys streamed through the predictor (every key once per tile; 0 in dense mode)"
        case .keysKept: "(row, key) pairs pushed into the rows' queues: kept keys summed over rows"
        case .kvReads: "kept keys read from K and V (once per key of a tile's union)"
        case .laneBusy: "MAC-lane cycles doing an element of a score or value pass (2 d per kept key)"
        case .rescales: "rescales (a kept key above the row's running maximum), summed over rows"
        case .exp2Evaluations: "exp2 unit evaluations (one per kept key after a row's first)"
        case .divisions: "divider quotients (one per output element)"
        case .rows: "the core's R"
        case .maxHeadDim: "the core's d_max"
        case .maxKeys: "the core's N_max"
        case .maxQueries: "the core's T_max"
        }
    }
}

extension AttentionCore: HostRegisterMap {
    public var hostRegisters: [HostRegister] {
        AttentionCoreRegister.allCases.map { HostRegister(name: $0.name, address: $0.address, access: $0.access, summary: $0.summary) }
    }
}
