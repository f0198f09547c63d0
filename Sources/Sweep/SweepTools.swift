import HDLSim

/// Which synthesis tools this run can use, found once on PATH. A sweep without them still runs: points get
/// their elaboration and block figures, and the tool's columns stay empty.
public struct SweepTools: Sendable, Hashable {
    public var yosys: Bool
    public var nextpnr: Bool

    public init(yosys: Bool, nextpnr: Bool) {
        self.yosys = yosys
        self.nextpnr = nextpnr
    }

    public static func discover() -> SweepTools {
        SweepTools(yosys: Tool.yosys.isAvailable, nextpnr: Tool.nextpnrIce40.isAvailable)
    }

    func isAvailable(_ tool: String) -> Bool {
        switch tool {
        case Tool.yosys.rawValue: return yosys
        case Tool.nextpnrIce40.rawValue: return nextpnr
        default: return false
        }
    }

    /// One warning per tool the settings need and this machine lacks: what is missing, how to install it, and what
    /// the sweep leaves out.
    public func warnings(for settings: SynthesisSettings) -> [String] {
        var out: [String] = []
        if !yosys {
            out.append(Self.missing(.yosys) + (settings.mode == .ice40
                ? "; cell counts and Fmax are left empty" : "; cell counts are left empty"))
        }
        if settings.mode == .ice40 && !nextpnr {
            out.append(Self.missing(.nextpnrIce40) + "; Fmax is left empty")
        }
        return out
    }

    static func missing(_ tool: Tool) -> String {
        "\(tool.rawValue) was not found on PATH (install it with `sudo apt-get install -y \(tool.package)`)"
    }
}
