import HDLSim

/// A parameter of a point with its value (text, as the catalog validated it).
public struct ParameterValue: Codable, Hashable, Sendable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// One design point: a block and its complete configuration.
public struct SweepPoint: Hashable, Sendable {
    /// Position in the sweep (0-based): the order of every output, and what `--shard` splits on.
    public var index: Int
    public var block: String
    /// The swept parameters' values, in `--param` order: what `sofa-gen emit` would need besides defaults.
    public var swept: [ParameterValue]
    /// Every parameter of the block, in the block's order (defaults included).
    public var configuration: [ParameterValue]
    /// Identity of the point's result: block, configuration and the synthesis settings that affect figures.
    public var key: String
    /// File name stem of the point's record: readable and unique (`mac-array-rows4-lanes8-<hash>`).
    public var id: String

    init(index: Int, block: String, swept: [ParameterValue], configuration: [ParameterValue], settings: SynthesisSettings) {
        self.index = index
        self.block = block
        self.swept = swept
        self.configuration = configuration
        var key = "block=\(block)"
        for p in configuration { key += ";\(p.name)=\(p.value)" }
        key += ";synth=\(settings.mode.rawValue)"
        if settings.mode == .ice40 {
            key += ";device=\(settings.device.rawValue);target-mhz=\(SynthesisSettings.format(settings.targetMHz))"
        }
        if settings.mode == .osu018 {
            key += ";target-mhz=\(SynthesisSettings.format(settings.targetMHz))"
        }
        self.key = key
        var hash = ContentHash()
        hash.add(key)
        let readable = ([block] + swept.map { "\($0.name)\($0.value)" }).joined(separator: "-")
        let safe = String(readable.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }.prefix(80))
        id = "\(safe)-\(hash.hex.prefix(12))"
    }

    /// `mac-array rows=8 lanes=8`: how progress lines and errors name the point.
    public var label: String {
        ([block] + swept.map { "\($0.name)=\($0.value)" }).joined(separator: " ")
    }

    /// The overrides for `Block.generate`.
    public var overrides: [String: String] {
        Dictionary(uniqueKeysWithValues: swept.map { ($0.name, $0.value) })
    }
}
