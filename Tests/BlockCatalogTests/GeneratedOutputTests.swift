import BlockCatalog
import Foundation
import HDL
import Testing

/// The committed `rtl-out/` must be exactly what `swift run sofa-gen` writes now.
@Suite struct GeneratedOutputTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func committedRTLIsUpToDate() throws {
        let rtlOut = Self.packageRoot.appendingPathComponent("rtl-out")
        let fm = FileManager.default
        let expected = try Catalog.defaultOutputs()
        let folders = try fm.contentsOfDirectory(atPath: rtlOut.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(folders == expected.map(\.folder).sorted(), "rtl-out/ has other blocks: run `swift run sofa-gen`")
        // The output-folder marker lists exactly these files (`sofa-gen all` refuses a folder without it).
        let marker = try JSONSerialization.jsonObject(with: Data(contentsOf: rtlOut.appendingPathComponent(OutputFolder.markerName))) as? [String: Any]
        let owned = expected.flatMap { o in [o.folder + "/"] + o.design.outputFiles.map { "\(o.folder)/\($0.path)" } }.sorted()
        #expect(marker?["kind"] as? String == Catalog.outputKind)
        #expect(marker?["files"] as? [String] == owned, "rtl-out/.sofa-gen.json is stale: run `swift run sofa-gen`")
        for (folder, design) in expected {
            let dir = rtlOut.appendingPathComponent(folder)
            var files = design.files.map { ($0.name, $0.contents) }
            files.append(("filelist.f", design.filelist))
            files.append(("manifest.json", design.manifest))
            let present = try fm.contentsOfDirectory(atPath: dir.path).sorted()
            #expect(present == files.map(\.0).sorted(), "rtl-out/\(folder) is stale: run `swift run sofa-gen`")
            for (name, contents) in files {
                let onDisk = try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
                #expect(onDisk == contents, "rtl-out/\(folder)/\(name) is stale: run `swift run sofa-gen`")
            }
        }
    }

    /// Two generations in one process give the same bytes for every block (the staleness test above compares
    /// against bytes written by another process).
    @Test func everyBlockEmitsIdenticalBytesTwice() throws {
        for block in Catalog.blocks {
            let first = try block.generate(), second = try block.generate()
            #expect(first.files == second.files && first.manifest == second.manifest, "\(block.name)")
        }
    }

    @Test func everyBlockListsItsParametersWithDefaults() throws {
        for block in Catalog.blocks {
            #expect(!block.name.contains(" "))
            let config = try block.configuration()
            #expect(config.values.count == block.parameters.count)
            #expect(block.listing.split(separator: " ").count == block.parameters.count + 1)
        }
    }

    @Test func badParametersAreCatalogErrors() throws {
        let mac = try Catalog.block(named: "mac")
        #expect(throws: CatalogError.self) { try mac.generate(["data-width": "x"]) }
        #expect(throws: CatalogError.self) { try mac.generate(["data-width": "99"]) }
        #expect(throws: CatalogError.self) { try mac.generate(["width": "8"]) }
        // Each parameter valid on its own, but the combination is not: the generator's validate() rejects it.
        #expect(throws: CatalogError.self) { try mac.generate(["data-width": "16", "accumulator-width": "20"]) }
        #expect(throws: CatalogError.self) { try Catalog.block(named: "nope") }
    }
}
