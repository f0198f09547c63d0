import Sweep
import Testing

@Suite struct MarkdownReportTests {
    @Test func tableOfTheSweptParametersAndAComparisonWithTheFirstBlock() throws {
        let spec = SweepSpec(blocks: ["mac-array", "dlzs-array"],
                             axes: [try ParameterAxis.parse("rows:lanes=4:8,8:8"), try ParameterAxis.parse("rounding=floor,nearest")])
        let points = try spec.points()
        // mac-array: 1000 and 2000 cells; dlzs-array: 400, 410, 800, 820.
        let cells = [1000, 2000, 400, 410, 800, 820]
        let records = try zip(points, cells).map { try Fixtures.record($0, cells: ["$_AND_": $1]) }
        let results = SweepResults(spec: spec, points: points, records: records)
        let md = MarkdownReport.text(results, plots: Plots.all(results))
        #expect(md.contains("sofa-gen sweep mac-array dlzs-array --param rows:lanes=4:8,8:8 --param rounding=floor,nearest --out DIR"))
        #expect(md.contains("| block | rows | lanes | rounding | Verilog lines | latency |"), "\(md)")
        #expect(md.contains("| mac-array | 4 | 8 |  | 100 |"), "\(md)")
        #expect(md.contains("## Compared with mac-array"))
        #expect(md.contains("| rows | lanes | block | cells | baseline | baseline cells | cells ratio |"))
        #expect(md.contains("| 4 | 8 | dlzs-array rounding=floor | 400 | mac-array | 1000 | 0.40 |"), "\(md)")
        #expect(md.contains("| 8 | 8 | dlzs-array rounding=nearest | 820 | mac-array | 2000 | 0.41 |"), "\(md)")
        #expect(md.contains("![Area: Yosys generic cells](area.svg)"))
        #expect(!md.contains("elaborate"), "no wall-clock times: the file is the same for the same results")
    }
}
