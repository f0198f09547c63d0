import BlockCatalog
import Foundation

/// What the SVG plots show, taken from the results:
///
/// - x, the point's size: the product of its swept integer parameters (`rows × lanes` for an array swept over
///   rows and lanes, `n` for a sorter swept over n), or of the parameters `--size` names. A block with none of
///   them is not plotted.
/// - series: one per block and combination of its swept non-integer parameters (`dlzs-array rounding=floor`).
/// - y: generic cells (`area.svg`), the block's iCE40 LUT4s (`ice40-lut4.svg`), its area in µm² in the sweep's
///   standard-cell library (`cell-area.svg`) and Fmax (`fmax.svg`: nextpnr's on iCE40, OpenSTA's estimate in OSU
///   0.18 µm); a plot is made only when at least one point has its figure.
public enum Plots {
    public enum Kind: String, CaseIterable, Sendable {
        case area, ice40LUT4, cellArea, fmax

        public var fileName: String {
            switch self {
            case .area: return "area.svg"
            case .ice40LUT4: return "ice40-lut4.svg"
            case .cellArea: return "cell-area.svg"
            case .fmax: return "fmax.svg"
            }
        }

        func title(_ mode: SynthesisSettings.Mode) -> String {
            switch self {
            case .area: return "Area: Yosys generic cells"
            case .ice40LUT4: return "Area on iCE40: LUT4 cells"
            case .cellArea: return mode == .osu018 ? "Area in OSU 0.18 µm cells (µm²)" : "Area in sky130 HD cells (µm²)"
            case .fmax: return mode == .osu018 ? "Fmax estimate in OSU 0.18 µm (OpenSTA, pre-layout)" : "Fmax on iCE40 (nextpnr, out of context)"
            }
        }

        var yLabel: String {
            switch self {
            case .area: return "cells"
            case .ice40LUT4: return "LUT4"
            case .cellArea: return "µm²"
            case .fmax: return "Fmax (MHz)"
            }
        }

        /// The `ResultTable` column plotted.
        func column(_ mode: SynthesisSettings.Mode) -> String {
            switch self {
            case .area: return "generic_cells"
            case .ice40LUT4: return "ice40_lut4"
            case .cellArea: return "\(mode.cellLibrary?.rawValue ?? "none")_area_um2"
            case .fmax: return "fmax_mhz"
            }
        }
    }

    public struct Series: Sendable, Equatable {
        public var name: String
        public var points: [(x: Double, y: Double)]

        public init(name: String, points: [(x: Double, y: Double)]) {
            self.name = name
            self.points = points
        }

        public static func == (a: Series, b: Series) -> Bool {
            a.name == b.name && a.points.map(\.x) == b.points.map(\.x) && a.points.map(\.y) == b.points.map(\.y)
        }
    }

    public struct Plot: Sendable, Equatable {
        public var kind: Kind
        public var title: String
        public var xLabel: String
        public var yLabel: String
        public var series: [Series]

        public init(kind: Kind, title: String, xLabel: String, yLabel: String, series: [Series]) {
            self.kind = kind
            self.title = title
            self.xLabel = xLabel
            self.yLabel = yLabel
            self.series = series
        }
    }

    public static func all(_ results: SweepResults) -> [Plot] {
        let table = results.table
        let swept = results.spec.sweptParameters
        // Which swept parameters are integers, per block.
        var integerNames: [String: Set<String>] = [:]
        for name in results.spec.blocks {
            guard let block = try? Catalog.block(named: name) else { continue }
            integerNames[name] = Set(block.parameters.filter { if case .integer = $0.kind { true } else { false } }.map(\.name))
        }
        var xNames: [String] = results.spec.size ?? []
        if results.spec.size == nil {
            for p in results.points {
                for v in p.swept where swept.contains(v.name) && integerNames[p.block]?.contains(v.name) == true && !xNames.contains(v.name) {
                    xNames.append(v.name)
                }
            }
        }
        guard !xNames.isEmpty else { return [] }
        // Parameters that move together with a size parameter (`n:k=8:8,...`) are part of the size, not a series.
        let onXAxis = Set(results.spec.axes.filter { $0.names.contains(where: xNames.contains) }.flatMap(\.names) + xNames)

        var plots: [Plot] = []
        for kind in Kind.allCases {
            let mode = results.spec.synthesis.mode
            guard let cells = table.column(kind.column(mode)) else { continue }
            var order: [String] = []
            var byName: [String: [(x: Double, y: Double)]] = [:]
            for (k, p) in results.points.enumerated() {
                guard let y = Double(cells[k]) else { continue }
                let ints = results.spec.size.map { names in p.configuration.filter { names.contains($0.name) } }
                    ?? p.swept.filter { swept.contains($0.name) && integerNames[p.block]?.contains($0.name) == true }
                guard !ints.isEmpty else { continue }
                let x = ints.reduce(1.0) { $0 * (Double($1.value) ?? 1) }
                let others = p.swept.filter { v in
                    swept.contains(v.name) && !onXAxis.contains(v.name)
                        && (results.spec.size != nil || integerNames[p.block]?.contains(v.name) != true)
                }
                let name = ([p.block] + others.map { "\($0.name)=\($0.value)" }).joined(separator: " ")
                if byName[name] == nil { order.append(name) }
                byName[name, default: []].append((x, y))
            }
            guard !order.isEmpty else { continue }
            let series = order.map { name in
                Series(name: name, points: byName[name]!.enumerated().sorted { ($0.element.x, $0.offset) < ($1.element.x, $1.offset) }
                    .map(\.element))
            }
            plots.append(Plot(kind: kind, title: kind.title(mode), xLabel: xNames.joined(separator: " × "), yLabel: kind.yLabel,
                              series: series))
        }
        return plots
    }
}
