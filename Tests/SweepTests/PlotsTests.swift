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

    @Test func nothingToPlotWithoutASweptIntegerOrWithoutData() throws {
        let choiceOnly = SweepSpec(blocks: ["lz-encoder"], axes: [try ParameterAxis.parse("rounding=floor,nearest")])
        let p1 = try choiceOnly.points()
        #expect(Plots.all(SweepResults(spec: choiceOnly, points: p1, records: try p1.map { try Fixtures.record($0, cells: [:]) })).isEmpty)
        let sized = SweepSpec(blocks: ["lz-encoder"], axes: [try ParameterAxis.parse("width=4,8")])
        let p2 = try sized.points()
        #expect(Plots.all(SweepResults(spec: sized, points: p2, records: try p2.map { try Fixtures.record($0, cells: nil) })).isEmpty)
    }
}
