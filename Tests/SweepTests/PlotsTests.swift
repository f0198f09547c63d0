import Sweep
import Testing

@Suite struct PlotsTests {
    /// x is the product of the swept integer parameters; the swept choice makes the series.
    @Test func sizeIsTheProductOfSweptIntegersAndChoicesMakeSeries() throws {
        let spec = SweepSpec(blocks: ["dlzs-array", "mac-array"],
                             axes: [try ParameterAxis.parse("rows:lanes=2:4,4:4,4:8"), try ParameterAxis.parse("rounding=floor,nearest"),
                                    try ParameterAxis.parse("head-dim=64")])
        let points = try spec.points()
        let records = try points.enumerated().map { k, p in try Fixtures.record(p, cells: ["$_AND_": 100 * (k + 1)]) }
        let plots = Plots.all(SweepResults(spec: spec, points: points, records: records))
        #expect(plots.map(\.kind) == [.area], "no iCE40 figures, no iCE40 plots")
        let area = try #require(plots.first)
        #expect(area.xLabel == "rows × lanes")
        #expect(area.series.map(\.name) == ["dlzs-array rounding=floor", "dlzs-array rounding=nearest", "mac-array"])
        #expect(area.series.map { $0.points.map(\.x) } == [[8, 16, 32], [8, 16, 32], [8, 16, 32]])
        #expect(area.series[2].points.map(\.y) == [700, 800, 900])
    }

    /// `--size n`: a sorter swept over n:k pairs is plotted against n, not n x k; k stays out of the series names.
    @Test func sizeOptionChoosesTheXAxis() throws {
        let spec = SweepSpec(blocks: ["sorter"], axes: [try ParameterAxis.parse("n:k=8:8,16:16"), try ParameterAxis.parse("family=bitonic,odd-even-merge")],
                             size: ["n"])
        let points = try spec.points()
        #expect(points.count == 4)
        #expect(spec.arguments.suffix(2) == ["--size", "n"])
        let records = try points.enumerated().map { k, p in try Fixtures.record(p, cells: ["$_AND_": 10 * (k + 1)]) }
        let area = try #require(Plots.all(SweepResults(spec: spec, points: points, records: records)).first)
        #expect(area.xLabel == "n")
        #expect(area.series.map(\.name) == ["sorter family=bitonic", "sorter family=odd-even-merge"])
        #expect(area.series.map { $0.points.map(\.x) } == [[8, 16], [8, 16]])
        #expect(throws: SweepError.self) { try SweepSpec(blocks: ["sorter"], axes: [], size: ["family"]).points() }
        #expect(throws: SweepError.self) { try SweepSpec(blocks: ["sorter"], axes: [], size: []).points() }
    }

    @Test func nothingToPlotWithoutASweptIntegerOrWithoutData() throws {
        let choiceOnly = SweepSpec(blocks: ["lz-encoder"], axes: [try ParameterAxis.parse("rounding=floor,nearest")])
        let p1 = try choiceOnly.points()
        #expect(Plots.all(SweepResults(spec: choiceOnly, points: p1, records: try p1.map { try Fixtures.record($0, cells: [:]) })).isEmpty)
        let sized = SweepSpec(blocks: ["lz-encoder"], axes: [try ParameterAxis.parse("width=4,8")])
        let p2 = try sized.points()
        #expect(Plots.all(SweepResults(spec: sized, points: p2, records: try p2.map { try Fixtures.record($0, cells: nil) })).isEmpty)
    }
}
