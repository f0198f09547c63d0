import Foundation
import HDL
import HDLSim
import Testing

@Suite struct LintTests {
    @Test func cleanDesignsPass() async throws {
        try await Lint.check(HandWritten.counter, in: try Workspace.directory("lint-counter"))
        try await Lint.check(HandWritten.wide, in: try Workspace.directory("lint-wide"))
    }

    private func findings(_ design: VerilogDesign) async throws -> [String] {
        do {
            try await Lint.check(design, in: try Workspace.directory("lint-\(design.top)"))
            return []
        } catch let failure as Lint.Failure {
            return failure.findings.map(\.tool)
        }
    }

    @Test func latchIsCaught() async throws {
        let tools = try await findings(HandWritten.latch)
        #expect(tools.contains { $0.hasPrefix("yosys") })
        #expect(tools.contains { $0.hasPrefix("verilator") })
    }

    @Test func truncationIsCaughtByVerilator() async throws {
        #expect(try await findings(HandWritten.truncation).contains { $0.hasPrefix("verilator") })
    }

    @Test func multipleDriversAreCaughtByYosys() async throws {
        #expect(try await findings(HandWritten.doubleDriven).contains { $0.hasPrefix("yosys") })
    }
}
