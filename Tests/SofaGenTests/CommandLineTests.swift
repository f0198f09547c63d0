import Foundation
import HDLSim
import SortingNetworks
import Testing

/// Runs the built `sofa-gen` binary as a user would.
@Suite struct CommandLineTests {
    /// The executable sits next to the test bundle in the build folder.
    static var executable: String {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("sofa-gen").path), dir.path != "/" {
            dir.deleteLastPathComponent()
        }
        return dir.appendingPathComponent("sofa-gen").path
    }

    static func scratch(_ name: String) throws -> URL {
        let dir = try Workspace.directory("cli-\(name)")
        return dir.appendingPathComponent("out")
    }

    @Test func blocksListsOneLinePerGeneratorWithDefaults() async throws {
        let r = try await runProcess(Self.executable, ["blocks"])
        #expect(r.status == 0)
        let lines = r.standardOutput.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("mac data-width=8 accumulator-width=24") })
        #expect(lines.allSatisfy { !$0.split(separator: " ")[0].contains("=") })
    }

    @Test func emitWritesModulesFilelistAndManifest() async throws {
        let out = try Self.scratch("emit")
        let r = try await runProcess(Self.executable, ["emit", "counter-pair", "--narrow-width", "3", "--out", out.path])
        #expect(r.status == 0, "\(r.output)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files == [".sofa-gen.json", "CounterPair.v", "Counter_width3.v", "Counter_width8.v", "filelist.f", "manifest.json"])
        let filelist = try String(contentsOf: out.appendingPathComponent("filelist.f"), encoding: .utf8)
        #expect(filelist == "Counter_width3.v\nCounter_width8.v\nCounterPair.v\n")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as? [String: Any]
        #expect(manifest?["top"] as? String == "CounterPair")
        #expect((manifest?["parameters"] as? [String: Any])?["narrowWidth"] as? Int == 3)
    }

    @Test(arguments: [
        ["emit", "mac", "--data-width", "99"],                                   // out of range
        ["emit", "mac", "--data-width", "16", "--accumulator-width", "20"],      // the generator's own check
        ["emit", "mac", "--nope", "1"],                                          // unknown parameter
        ["emit", "no-such-block"],                                               // unknown block
        ["emit", "fifo", "--depth", "12"],                                       // not a power of two
        ["emit", "sorter", "--n", "12", "--family", "smallest"],                // no published network of that size
        ["emit", "sorter", "--n", "8", "--k", "9"],                              // k > n
    ])
    func invalidInputExits64WithOneLineAndWritesNothing(_ arguments: [String]) async throws {
        let out = try Self.scratch("bad-\(arguments.joined(separator: "_"))")
        let r = try await runProcess(Self.executable, arguments + ["--out", out.path])
        #expect(r.status == 64, "\(r.output)")
        #expect(r.standardError.hasPrefix("sofa-gen: error: "), "\(r.standardError)")
        #expect(r.standardError.split(separator: "\n").count == 1, "\(r.standardError)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path).isEmpty)
    }

    /// `networks` prints one Markdown row per (n, k) with "comparators / depth" per family, as the library
    /// computes them, "-" where a family has no network of that size.
    @Test func networksPrintsTheTable() async throws {
        let r = try await runProcess(Self.executable, ["networks"])
        #expect(r.status == 0, "\(r.output)")
        let lines = r.standardOutput.split(separator: "\n").map(String.init)
        let families = NetworkFamily.allCases
        #expect(lines.first == "| n | k | " + families.map(\.rawValue).joined(separator: " | ") + " |")
        var rows = 0
        for line in lines.dropFirst(2) {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let n = try #require(Int(cells[0])), k = try #require(Int(cells[1]))
            for (family, cell) in zip(families, cells.dropFirst(2)) {
                if family.availableInputs?.contains(n) ?? true {
                    let network = try family.selector(inputs: n, top: k)
                    #expect(cell == "\(network.size) / \(network.depth)", "n = \(n), k = \(k), \(family)")
                } else {
                    #expect(cell == "-")
                }
            }
            rows += 1
        }
        // n = 8, 16, 32, 64 with k = n, n/4, 2 (n/4 = 2 once for n = 8).
        #expect(rows == 11)
        #expect(lines.contains("| 64 | 64 | 672 / 21 | 543 / 21 | - | - |"))
    }
}
