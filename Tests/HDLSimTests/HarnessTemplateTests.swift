import Foundation
import HDL
@testable import HDLSim
import Testing

/// The templates in testbenches/ are the source of truth; the library carries a copy.
@Suite struct HarnessTemplateTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func embeddedTemplatesMatchTestbenchesFolder() throws {
        for (name, embedded) in [("verilator", HarnessTemplates.verilator), ("icarus", HarnessTemplates.icarus)] {
            let path = try #require(HarnessTemplates.paths[name])
            let onDisk = try String(contentsOf: Self.packageRoot.appendingPathComponent(path), encoding: .utf8)
            #expect(embedded + "\n" == onDisk, "\(path) changed: run scripts/embed-templates.sh")
        }
    }

    @Test func renderedHarnessesHaveNoPlaceholdersLeft() {
        for design in [HandWritten.counter, HandWritten.adder, HandWritten.wide] {
            for source in [VerilatorHarness.source(for: design), IcarusTestbench.source(for: design)] {
                #expect(source.range(of: #"@[A-Z_]+@"#, options: .regularExpression) == nil)
                #expect(source.contains(design.top))
            }
        }
    }
}
