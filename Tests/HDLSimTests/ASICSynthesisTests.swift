import Foundation
import HDL
@testable import HDLSim
import Testing

/// Mapping to standard cells (areas per module) and timing with OpenSTA.
@Suite struct ASICSynthesisTests {
    /// A top with two instances of A, each with three of B: instance counts multiply down the hierarchy, areas add
    /// up it, library cells of the whole design count every instance.
    @Test func moduleAreasFollowTheHierarchy() throws {
        let json = """
            { "modules": {
                "\\\\Top": { "num_cells_by_type": { "A": 2, "INV": 1 } },
                "\\\\A": { "num_cells_by_type": { "B": 3, "NAND": 2, "FF": 1 } },
                "\\\\B": { "num_cells_by_type": { "INV": 4 } } } }
            """
        let areas = LibertyAreas(area: ["INV": 1, "NAND": 2.5, "FF": 10], sequential: ["FF"])
        let s = try Yosys.parseASICStat(Data(json.utf8), top: "Top", areas: areas, library: .sky130)
        #expect(s.modules.map(\.module) == ["Top", "A", "B"])
        #expect(s.modules.map(\.instances) == [1, 2, 6])
        #expect(s.modules.map(\.cells) == [1, 3, 4])
        #expect(s.modules.map(\.areaUm2) == [1, 15, 4])
        #expect(s.modules.map(\.hierarchyAreaUm2) == [55.0, 27.0, 4.0], "Top: 1 + 2 x 27; A: 15 + 3 x 4")
        #expect(s.areaUm2 == 55)
        #expect(s.cells.byType == ["INV": 25, "NAND": 4, "FF": 2] && s.cells.total == 31)
        #expect(s.flipFlops == 2 && s.flipFlopAreaUm2 == 20)

        let unknown = """
            { "modules": { "\\\\Top": { "num_cells_by_type": { "$_AND_": 1, "INV": 1 } } } }
            """
        #expect(throws: Yosys.Failure.self) { try Yosys.parseASICStat(Data(unknown.utf8), top: "Top", areas: areas, library: .sky130) }
    }

    /// The 8-bit counter in sky130: eight flip-flops, an area Yosys's own `stat -liberty` agrees with, and a wider
    /// counter costs more.
    @Test func sky130AreaOfACounter() async throws {
        let s = try await Yosys.asic(HandWritten.counter, library: .sky130, in: try Workspace.directory("asic-sky130-counter"))
        #expect(s.flipFlops == 8, "\(s.cells)")
        #expect(s.cells.byType.keys.allSatisfy { $0.hasPrefix("sky130_fd_sc_hd__") })
        #expect(s.flipFlopAreaUm2 >= 8 * 20.0192 && s.flipFlopAreaUm2 < s.areaUm2)
        let yosys = try #require(s.yosysAreaUm2)
        #expect(abs(yosys - s.areaUm2) < 0.01, "\(yosys) vs \(s.areaUm2)")
        #expect(s.modules.count == 1 && s.modules[0].module == "HandCounter" && s.modules[0].hierarchyAreaUm2 == s.areaUm2)
        let mac = try await Yosys.asic(HandWritten.mac, library: .sky130, in: try Workspace.directory("asic-sky130-mac"))
        #expect(mac.areaUm2 > 3 * s.areaUm2, "a multiply-accumulate costs more than a counter: \(mac.areaUm2) vs \(s.areaUm2)")
    }

    /// The counter in OSU 0.18 µm, timed by OpenSTA: the report is read (slack, path ends, cells between), and a
    /// target the counter cannot meet gives a negative slack but about the same Fmax.
    @Test func osu018TimingOfACounter() async throws {
        let dir = try Workspace.directory("asic-osu018-counter")
        let s = try await Yosys.asic(HandWritten.counter, library: .osu018, delayTargetPs: 4000, in: dir)
        #expect(s.flipFlops == 8 && s.cells["DFFPOSX1"] == 8, "\(s.cells)")
        func time(_ periodNs: Double) async throws -> OpenSTA.Report {
            let constraints = OpenSTA.Constraints(periodNs: periodNs, clockPort: "clk", boundaryCell: "DFFPOSX1", boundaryOutput: "Q",
                                                  boundaryInput: "D")
            return try await OpenSTA.analyze(netlist: s.netlist, top: "HandCounter", liberty: s.liberty, libraryName: "osu018_stdcells",
                                             constraints: constraints, in: dir)
        }
        let relaxed = try await time(10)
        #expect(relaxed.slackNs > 0 && relaxed.slackNs < 10, "\(relaxed)")
        #expect(relaxed.endpoint.hasSuffix("(register)") || relaxed.endpoint.hasSuffix("(output)"), "\(relaxed)")
        #expect(relaxed.startpoint.contains("count") || relaxed.startpoint.contains("en") || relaxed.startpoint.contains("rst"), "\(relaxed)")
        #expect(relaxed.depth >= 2 && relaxed.depth < 40, "\(relaxed)")
        #expect(relaxed.fmaxMHz > 100 && relaxed.fmaxMHz < 2000, "\(relaxed)")
        let tight = try await time(0.2)
        #expect(tight.slackNs < 0, "\(tight)")
        #expect(abs(tight.minimumPeriodNs - relaxed.minimumPeriodNs) < 0.01, "the same path: \(tight) vs \(relaxed)")
    }

    /// Mapped for timing, the design is flat, so ABC buffers a net that crosses a module boundary: no net inside the
    /// design loads more than 16 cell inputs (mapped hierarchically, the child's enable loaded 128 on one gate). The
    /// top's inputs are left to their driver, as the timing constraints say (ABC does not buffer primary inputs).
    @Test func timingMappingBuffersNetsAcrossModules() async throws {
        let dir = try Workspace.directory("asic-osu018-fanout")
        let s = try await Yosys.asic(HandWritten.fanout, library: .osu018, delayTargetPs: 2000, in: dir)
        #expect(s.flipFlops == 64)
        #expect(s.modules.map(\.module) == ["HandFanout"], "flat: \(s.modules)")
        let netlist = try String(contentsOf: s.netlist, encoding: .utf8)
        var loads: [String: Int] = [:]
        for m in netlist.matches(of: /\.([A-Z]+)\(([^()]+)\)/) where !["Y", "Q", "YC", "YS"].contains(String(m.1)) {
            loads[m.2.trimmingCharacters(in: .whitespaces), default: 0] += 1
        }
        let ports = Set(["clk", "a", "b"] + (0..<64).map { "d[\($0)]" })
        let worst = loads.filter { !ports.contains($0.key) }.max { $0.value < $1.value }
        #expect((worst?.value ?? 0) <= 16, "\(String(describing: worst))")
        let area = try await Yosys.asic(HandWritten.fanout, library: .osu018, in: try Workspace.directory("asic-osu018-fanout-area"))
        #expect(area.modules.map(\.module) == ["HandFanout", "HandBank"], "for area alone, hierarchical: \(area.modules)")
    }

    /// A combinational block is timed against a virtual clock, input to output.
    @Test func combinationalBlocksUseAVirtualClock() async throws {
        let dir = try Workspace.directory("asic-osu018-adder")
        let s = try await Yosys.asic(HandWritten.adder, library: .osu018, delayTargetPs: 5000, in: dir)
        #expect(s.flipFlops == 0)
        let r = try await OpenSTA.analyze(netlist: s.netlist, top: "HandAdder", liberty: s.liberty, libraryName: "osu018_stdcells",
                                          constraints: .init(periodNs: 10, clockPort: nil, boundaryCell: "DFFPOSX1", boundaryOutput: "Q",
                                                             boundaryInput: "D"),
                                          in: dir)
        #expect(r.startpoint.hasSuffix("(input)") && r.endpoint.hasSuffix("(output)"), "\(r)")
        #expect(r.depth > 4, "a 16-bit add or subtract ripples through several cells: \(r)")
    }

    @Test func readsAPortToPortReport() throws {
        let r = try OpenSTA.parse(Self.portReport, periodNs: 10)
        #expect(r.startpoint == "u[9] (input)" && r.endpoint == "mantissa[8] (output)")
        #expect(r.slackNs == 6.193 && r.arrivalNs == 3.807)
        #expect(r.depth == 5)
        #expect(abs(r.fmaxMHz - 1000 / 3.807) < 1e-9)
    }

    @Test func readsARegisterToRegisterReport() throws {
        let r = try OpenSTA.parse(Self.registerReport, periodNs: 10)
        #expect(r.startpoint == "new_scores/s5_valid (register)" && r.endpoint == "winner_key_0[0] (register)")
        #expect(r.slackNs == -23.163 && r.depth == 4)
        #expect(abs(r.minimumPeriodNs - 33.163) < 1e-9)
        #expect(throws: OpenSTA.Failure.self) { try OpenSTA.parse("No paths found.\n", periodNs: 10) }
        #expect(throws: OpenSTA.Failure.self) { try OpenSTA.parse("garbage", periodNs: 10) }
    }

    /// OpenSTA 2019's `report_checks` output (shortened paths of real runs).
    static let portReport = """
        Startpoint: u[9] (input port clocked by clk)
        Endpoint: mantissa[8] (output port clocked by clk)
        Path Group: clk
        Path Type: max

          Delay    Time   Description
        ---------------------------------------------------------
          0.000   0.000   clock clk (rise edge)
          0.000   0.000   clock network delay (ideal)
          0.000   0.000 v input external delay
          0.285   0.285 v u[9] (in)
          0.455   0.739 ^ _278_/Y (INVX1)
          0.182   0.922 v _295_/Y (NOR2X1)
          0.261   1.183 ^ _296_/Y (AOI22X1)
          2.566   3.749 ^ _558_/Y (NAND3X1)
          0.058   3.807 v _560_/Y (AOI21X1)
          0.000   3.807 v mantissa[8] (out)
                  3.807   data arrival time

         10.000  10.000   clock clk (rise edge)
          0.000  10.000   clock network delay (ideal)
          0.000  10.000   clock reconvergence pessimism
          0.000  10.000   output external delay
                 10.000   data required time
        ---------------------------------------------------------
                 10.000   data required time
                 -3.807   data arrival time
        ---------------------------------------------------------
                  6.193   slack (MET)

        """

    static let registerReport = """
        Startpoint: new_scores/s5_valid$_SDFF_PP0_
                    (rising edge-triggered flip-flop clocked by clk)
        Endpoint: winner_key_0[0]$_SDFFE_PP0P_
                  (rising edge-triggered flip-flop clocked by clk)
        Path Group: clk
        Path Type: max

             Cap     Slew    Delay     Time   Description
        ---------------------------------------------------------------------------
                    0.000    0.000    0.000   clock clk (rise edge)
                             0.000    0.000   clock network delay (ideal)
                    0.000    0.000    0.000 ^ new_scores/s5_valid$_SDFF_PP0_/CLK (DFFPOSX1)
           0.104    0.136    0.256    0.256 v new_scores/s5_valid$_SDFF_PP0_/Q (DFFPOSX1)
           3.974    9.296    6.757    7.013 ^ _3060_/Y (INVX1)
           2.531   17.853   23.600   30.613 v _4835_/Y (NOR2X1)
           0.015    1.766    2.241   32.854 ^ _4837_/Y (AOI22X1)
           0.009    0.241    0.128   32.982 v _4838_/Y (NOR2X1)
                    0.241    0.000   32.982 v winner_key_0[0]$_SDFFE_PP0P_/D (DFFPOSX1)
                                     32.982   data arrival time

                    0.000   10.000   10.000   clock clk (rise edge)
                             0.000   10.000   clock network delay (ideal)
                             0.000   10.000   clock reconvergence pessimism
                                     10.000 ^ winner_key_0[0]$_SDFFE_PP0P_/CLK (DFFPOSX1)
                            -0.181    9.819   library setup time
                                      9.819   data required time
        ---------------------------------------------------------------------------
                                      9.819   data required time
                                    -32.982   data arrival time
        ---------------------------------------------------------------------------
                                    -23.163   slack (VIOLATED)

        """
}
