import Foundation
import HDL
import HDLSim
import Testing

/// The templates in testbenches/ are the source of truth; the library carries a copy.
@Suite struct HarnessTemplateTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test(arguments: SimulatorBackend.allCases)
    func embeddedTemplateMatchesTestbenchesFolder(_ backend: SimulatorBackend) throws {
        let onDisk = try String(contentsOf: Self.packageRoot.appendingPathComponent(backend.harnessTemplatePath), encoding: .utf8)
        #expect(backend.harnessTemplate == onDisk, "\(backend.harnessTemplatePath) changed: run scripts/embed-templates.sh")
    }

    @Test(arguments: SimulatorBackend.allCases)
    func renderedHarnessesHaveNoPlaceholdersLeft(_ backend: SimulatorBackend) {
        for design in [HandWritten.counter, HandWritten.adder, HandWritten.wide] {
            let source = backend.harness(for: design)
            #expect(source.range(of: #"@[A-Z_]+@"#, options: .regularExpression) == nil)
            #expect(source.contains(design.top))
        }
    }
}
