import Foundation

/// One figure a generator reports about its own configuration, known without synthesis: latency, operations per
/// cycle, comparators, depth, word widths. Sweeps put each in a column next to the synthesis figures, so a
/// design point can be judged on cost and capability together.
///
/// Names are snake_case column names. Generators that share a meaning share the name, so a sweep over several
/// blocks lines them up: `latency` (clock cycles from an input to its result), `ops_per_cycle` (the block's
/// unit of work completed per cycle in steady state: lane operations for the score arrays, results for exp2,
/// divisions for the divider).
public struct GeneratorFigure: Sendable, Hashable, Codable {
    public let name: String
    public let value: Double

    public init(_ name: String, _ value: Double) {
        self.name = name
        self.value = value
    }

    public init(_ name: String, _ value: Int) {
        self.init(name, Double(value))
    }

    /// The value as a table shows it: integers without a fraction, others to 6 significant digits.
    public var text: String { Self.format(value) }

    public static func format(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.6g", value)
    }
}
