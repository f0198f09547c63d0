import BlockCatalog
import Sweep
import Testing

@Suite struct ResultTableTests {
    static let spec = SweepSpec(blocks: ["dlzs-array", "mac-array"],
                                axes: [ParameterAxis(names: ["rows"], values: [["1"], ["2"]]),
                                       ParameterAxis(names: ["rounding"], values: [["floor"]])],
                                synthesis: SynthesisSettings(mode: .ice40))

    @Test func columnsInTheDocumentedOrder() throws {
        let points = try Self.spec.points()
        let records = try points.map { try Fixtures.record($0, cells: ["$_AND_": 4, "$_DFF_P_": 2], ice40: ["SB_LUT4": 3], fmax: 50) }
        let table = SweepResults(spec: Self.spec, points: points, records: records).table
        let dlzs = try Catalog.block(named: "dlzs-array").parameters.map(\.name)
        let figures = try Catalog.block(named: "dlzs-array").figures().map(\.name)
        #expect(table.columns == ["point", "block"] + dlzs + ["verilog_lines", "modules"] + figures
                + ["generic_cells", "generic_flip_flops", "generic:$_AND_", "generic:$_DFF_P_",
                   "ice40_lut4", "ice40_carry", "ice40_flip_flops", "ice40_dsp", "ice40_ram", "ice40_logic_cells", "fmax_mhz",
                   "notes", "elaborate_ms", "synthesis_s", "place_route_s"])
        #expect(table.column("block") == ["dlzs-array", "dlzs-array", "mac-array", "mac-array"])
        // mac-array has no rounding parameter: its cell is empty.
        #expect(table.column("rounding") == ["floor", "floor", "", ""])
        #expect(table.column("generic_cells") == ["6", "6", "6", "6"])
        #expect(table.column("generic_flip_flops") == ["2", "2", "2", "2"])
        #expect(table.column("fmax_mhz") == ["50.00", "50.00", "50.00", "50.00"])
        #expect(table.removing(ResultTable.timingColumns).columns.last == "notes")
    }

    @Test func missingFiguresLeaveEmptyCellsAndSayWhy() throws {
        let points = try Self.spec.points()
        var noYosys = try Fixtures.record(points[0], cells: nil)
        noYosys.ice40 = .toolMissing("yosys")
        noYosys.placeRoute = .toolMissing("yosys")
        let tooBig = try Fixtures.record(points[1], cells: ["$_AND_": 1], ice40: ["SB_LUT4": 9000], failure: "does not fit hx8k")
        let table = SweepResults(spec: Self.spec, points: Array(points.prefix(2)), records: [noYosys, tooBig]).table
        #expect(table.column("generic_cells") == ["", "1"])
        #expect(table.column("ice40_lut4") == ["", "9000"])
        #expect(table.column("fmax_mhz") == ["", ""])
        #expect(table.column("notes") == ["synth: yosys not found; synth_ice40: yosys not found; nextpnr: yosys not found",
                                          "nextpnr: does not fit hx8k"])
    }

    @Test func aGenericSweepHasNoICE40Columns() throws {
        let spec = SweepSpec(blocks: ["counter"], axes: [])
        let points = try spec.points()
        let table = SweepResults(spec: spec, points: points, records: try points.map { try Fixtures.record($0, cells: [:]) }).table
        #expect(!table.columns.contains { $0.hasPrefix("ice40") || $0 == "fmax_mhz" || $0 == "place_route_s" })
    }
}
