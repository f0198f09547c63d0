import Foundation
import HDL
import HDLSim
import Testing

@Suite struct NextpnrTests {
    @Test func placesAndRoutesAWrappedBlockReproducibly() async throws {
        let dir = try Workspace.directory("nextpnr-counter")
        let synthesis = try await Yosys.ice40(HandWritten.counter, device: .hx8k, in: dir)
        let first = try await Nextpnr.placeAndRoute(netlist: synthesis.netlist, device: .hx8k, targetMHz: 100, in: dir)
        let second = try await Nextpnr.placeAndRoute(netlist: synthesis.netlist, device: .hx8k, targetMHz: 100, in: dir)
        let fmax = try #require(first.fmaxMHz)
        #expect(fmax > 20 && fmax < 1000, "\(first)")
        #expect(first == second, "a fixed seed gives the same result")
        #expect(first.logicCellsAvailable == Ice40Device.hx8k.logicCells)
        #expect(first.logicCellsUsed >= synthesis.wrapped.flipFlops / 2 && first.logicCellsUsed < 200, "\(first)")
    }

    @Test func theSlowestClockIsTheFmax() throws {
        let report = """
            {"fmax": {"clk_a": {"achieved": 151.5, "constraint": 100}, "clk_b": {"achieved": 87.25, "constraint": 100}},
             "utilization": {"ICESTORM_LC": {"available": 7680, "used": 123}, "SB_IO": {"available": 256, "used": 5}}}
            """
        #expect(try Nextpnr.parseReport(Data(report.utf8)) == Nextpnr.Report(fmaxMHz: 87.25, logicCellsUsed: 123, logicCellsAvailable: 7680))
        let unclocked = #"{"fmax": {}, "utilization": {"ICESTORM_LC": {"available": 5280, "used": 9}}}"#
        #expect(try Nextpnr.parseReport(Data(unclocked.utf8)).fmaxMHz == nil)
        #expect(throws: Nextpnr.Failure.self) { try Nextpnr.parseReport(Data(#"{"fmax": {}}"#.utf8)) }
    }

    @Test func aDesignTooBigForThePlacerDoesNotFit() {
        let output = """
            Warning: No PCF file specified; IO pins will be placed automatically
            ERROR: Failed to expand region (0, 0) |_> (33, 33) of 8529 ICESTORM_LCs
            1 warning, 1 error
            """
        #expect(Nextpnr.failureMessage(output: output, status: 1, device: .hx8k)
                == "does not fit hx8k: placement needs 8529 logic cells, 7680 available")
        #expect(Nextpnr.failureMessage(output: "ERROR: something else\n", status: 1, device: .hx8k) == "something else")
        #expect(Nextpnr.failureMessage(output: "crashed", status: 134, device: .up5k) == "exit status 134: crashed")
    }

    @Test func aFailedRunReportsNextpnrsError() async throws {
        let dir = try Workspace.directory("nextpnr-broken")
        let netlist = dir.appendingPathComponent("netlist.json")
        try Data(#"{"modules": {"top": {"cells": {"x": {"type": "NO_SUCH_CELL", "connections": {}}}}}}"#.utf8).write(to: netlist)
        let failure = await #expect(throws: Nextpnr.Failure.self) {
            try await Nextpnr.placeAndRoute(netlist: netlist, device: .hx8k, targetMHz: 100, in: dir)
        }
        #expect(failure?.message.isEmpty == false && failure?.message.hasPrefix("ERROR") == false, "\(String(describing: failure))")
    }
}
