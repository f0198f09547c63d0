/// The iCE40 parts out-of-context timing can target with `nextpnr-ice40` (both in the Debian package).
public enum Ice40Device: String, Sendable, CaseIterable, Codable {
    /// HX8K in the CT256 package: 7,680 logic cells, 32 block RAMs, no DSP; the largest common iCE40.
    case hx8k
    /// UltraPlus 5K in the SG48 package: 5,280 logic cells, 30 block RAMs, 8 SB_MAC16 DSPs (used: `synth_ice40 -dsp`).
    case up5k

    /// `nextpnr-ice40` arguments that select the part and package.
    public var nextpnrArguments: [String] {
        switch self {
        case .hx8k: return ["--hx8k", "--package", "ct256"]
        case .up5k: return ["--up5k", "--package", "sg48"]
        }
    }

    /// Extra `synth_ice40` options: map multipliers to DSPs where the part has them.
    public var synthOptions: [String] {
        switch self {
        case .hx8k: return []
        case .up5k: return ["-dsp"]
        }
    }

    /// Logic cells (one LUT4 + one flip-flop + carry each): a design needing more cannot be placed.
    public var logicCells: Int {
        switch self {
        case .hx8k: return 7680
        case .up5k: return 5280
        }
    }

    /// Why a design with `cells` (after `synth_ice40`, I/O wrapper included) cannot be placed on this part, or nil
    /// when it may fit. Each logic cell holds one LUT4 and one flip-flop, so needing more of either than the part
    /// has settles it before nextpnr spends time packing a design many times too big.
    public func misfit(_ cells: Yosys.CellCounts) -> String? {
        guard max(cells.lut4, cells.flipFlops) > logicCells else { return nil }
        return "does not fit \(rawValue): \(cells.lut4) LUT4 and \(cells.flipFlops) flip-flops with the I/O wrapper, \(logicCells) logic cells"
    }
}
