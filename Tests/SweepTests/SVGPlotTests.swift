import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Sweep
import Testing

@Suite struct SVGPlotTests {
    static let plot = Plots.Plot(kind: .area, title: "Area <&> cells", xLabel: "rows × lanes", yLabel: "cells", series: [
        Plots.Series(name: "mac-array", points: [(32, 20_000), (64, 41_000), (512, 300_000)]),
        Plots.Series(name: "dlzs-array", points: [(32, 7_800), (64, 15_000), (512, 100_000)]),
    ])

    @Test func aWellFormedDocumentWithAxesSeriesAndLegend() throws {
        let svg = SVGPlot.render(Self.plot)
        // Parses as XML (what a browser needs first).
        _ = try XMLDocument(data: Data(svg.utf8))
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("Area &lt;&amp;&gt; cells"))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(svg.contains(">mac-array</text>") && svg.contains(">dlzs-array</text>"), "legend entries")
        // Sizes doubling and cells spanning 40x: both axes logarithmic, x ticks at the swept sizes.
        #expect(svg.contains("rows × lanes (log scale)") && svg.contains("cells (log scale)"))
        for tick in ["32", "64", "512"] { #expect(svg.contains(">\(tick)</text>"), "x tick \(tick)") }
        #expect(svg.contains(">100k</text>"), "y ticks at powers of ten")
    }

    @Test func sameInputSameBytes() {
        #expect(SVGPlot.render(Self.plot) == SVGPlot.render(Self.plot))
    }

    @Test func narrowRangesAreLinearFromZero() {
        let plot = Plots.Plot(kind: .fmax, title: "Fmax", xLabel: "pipeline", yLabel: "Fmax (MHz)", series: [
            Plots.Series(name: "exp2", points: [(0, 160), (1, 140), (2, 120)]),
        ])
        let svg = SVGPlot.render(plot)
        #expect(!svg.contains("log scale"))
        #expect(svg.contains(">0</text>") && svg.contains(">150</text>"), "y ticks from 0: \(svg)")
        #expect(svg.contains(">1</text>") && svg.contains(">2</text>"), "x ticks at the swept values")
    }

    @Test func sizesThatDoubleGetALogAxisWithATickPerSize() {
        let plot = Plots.Plot(kind: .fmax, title: "Fmax", xLabel: "rows × lanes", yLabel: "Fmax (MHz)", series: [
            Plots.Series(name: "a", points: [(32, 48), (64, 47)]), Plots.Series(name: "b", points: [(32, 49), (64, 45)]),
        ])
        let svg = SVGPlot.render(plot)
        #expect(svg.contains("rows × lanes (log scale)") && svg.contains(">32</text>") && svg.contains(">64</text>"))
        // The second series' markers are squares: coinciding lines stay distinguishable.
        #expect(svg.contains("<circle") && svg.contains("<rect x="))
    }
}
