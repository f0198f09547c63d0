import HDLSim

/// Which synthesis tools this run can use, found once on PATH. A sweep without them still runs: points get
/// their elaboration and block figures, and the tool's columns stay empty.
public struct SweepTools: Sendable, Hashable {
    public var yosys: Bool
    public var nextpnr: Bool
    /// OpenSTA (`sta`), for `--synth osu018` timing.
    public var sta: Bool
    /// The OSU 0.18 µm Liberty file (`CellLibrary.osu018`), for `--synth osu018`.
    public var osu018: Bool

    public init(yosys: Bool, nextpnr: Bool, sta: Bool = false, osu018: Bool = false) {
        self.yosys = yosys
        self.nextpnr = nextpnr
        self.sta = sta
        self.osu018 = osu018
    }

    public static func discover() -> SweepTools {
        SweepTools(yosys: Tool.yosys.isAvailable, nextpnr: Tool.nextpnrIce40.isAvailable, sta: Tool.sta.isAvailable,
                   osu018: CellLibrary.osu018.isAvailable)
    }

    /// How a step that waits for the OSU Liberty file names it (`StepResult.toolMissing`).
    static let osu018Liberty = "osu018_stdcells.lib"

    func isAvailable(_ tool: String) -> Bool {
        switch tool {
        case Tool.yosys.rawValue: return yosys
        case Tool.nextpnrIce40.rawValue: return nextpnr
        case Tool.sta.rawValue: return sta
        case Self.osu018Liberty: return osu018
        default: return false
        }
    }

    /// One warning per tool the settings need and this machine lacks: what is missing, how to install it, and what
    /// the sweep leaves out.
    public func warnings(for settings: SynthesisSettings) -> [String] {
        var out: [String] = []
        if !yosys {
            let what: String
            switch settings.mode {
            case .generic: what = "cell counts are"
            case .ice40: what = "cell counts and Fmax are"
            case .sky130: what = "cell counts and the sky130 area are"
            case .osu018: what = "cell counts, the osu018 area and timing are"
            }
            out.append(Self.missing(.yosys) + "; \(what) left empty")
        }
        if settings.mode == .ice40 && !nextpnr {
            out.append(Self.missing(.nextpnrIce40) + "; Fmax is left empty")
        }
        if settings.mode == .osu018 && !osu018 {
            out.append(CellLibraryError.missing(.osu018).description + "; the osu018 area and timing are left empty")
        }
        if settings.mode == .osu018 && !sta {
            out.append(Self.missing(.sta) + "; slack, critical path and Fmax are left empty")
        }
        return out
    }

    static func missing(_ tool: Tool) -> String {
        "\(tool.rawValue) was not found on PATH (install it with `sudo apt-get install -y \(tool.package)`)"
    }
}
