import HDLSim

/// How each point is synthesized. Part of every point's identity: records made with other settings are not
/// reused.
public struct SynthesisSettings: Codable, Hashable, Sendable {
    /// `generic`: Yosys generic `synth` cell counts. `ice40`: those, plus `synth_ice40` cell counts of the block
    /// and nextpnr-ice40's Fmax of the block inside an `OutOfContextWrapper`. `sky130`: generic cells, plus the block
    /// mapped to the SkyWater sky130 HD cells (area in µm², per module). `osu018`: generic cells, plus the block
    /// mapped to the OSU 0.18 µm cells for the target clock (area) and timed by OpenSTA (slack, critical path, Fmax).
    public enum Mode: String, Codable, Hashable, Sendable, CaseIterable {
        case generic, ice40, sky130, osu018

        /// The standard-cell library of an ASIC mode.
        public var cellLibrary: CellLibrary? {
            switch self {
            case .generic, .ice40: return nil
            case .sky130: return .sky130
            case .osu018: return .osu018
            }
        }

        /// Whether the target clock matters (nextpnr's target, or the ASIC mapping's delay target and the STA clock).
        public var usesTargetClock: Bool { self == .ice40 || self == .osu018 }
    }

    public var mode: Mode
    public var device: Ice40Device
    /// The clock nextpnr aims at (it reports what it achieves; a miss is not an error); with `osu018`, the delay
    /// target of the mapping and the clock OpenSTA times against.
    public var targetMHz: Double

    public init(mode: Mode = .generic, device: Ice40Device = .hx8k, targetMHz: Double = 100) {
        self.mode = mode
        self.device = device
        self.targetMHz = targetMHz
    }

    /// The command-line options that select these settings (the defaults are left out).
    public var arguments: [String] {
        var out: [String] = []
        if mode != .generic { out += ["--synth", mode.rawValue] }
        if mode == .ice40 && device != .hx8k { out += ["--device", device.rawValue] }
        if mode.usesTargetClock && targetMHz != 100 { out += ["--target-mhz", Self.format(targetMHz)] }
        return out
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }
}
