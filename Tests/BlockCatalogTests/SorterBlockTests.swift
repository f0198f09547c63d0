import BlockCatalog
import HDL
import HDLSim
import Testing

/// The `sorter` block: parameters reach the generator, invalid combinations are one-line catalog errors.
@Suite struct SorterBlockTests {
    @Test func parametersShapeTheCore() throws {
        let sorter = try Catalog.block(named: "sorter")
        let design = try sorter.generate(["n": "8", "k": "3", "family": "smallest", "key-width": "12", "index-width": "5", "pipeline": "0"])
        #expect(!design.hasClock)
        #expect(design.inputs.filter { $0.name.hasPrefix("key_in_") }.count == 8)
        #expect(design.outputs.filter { $0.name.hasPrefix("key_out_") }.map(\.width) == [12, 12, 12])
        #expect(design.outputs.filter { $0.name.hasPrefix("index_out_") }.map(\.width) == [5, 5, 5])
        #expect(design.manifest.contains("\"network\": \"smallest n=8 top 3 (14 comparators, depth 6)\""))
        let pipelined = try sorter.generate(["pipeline": "1"])
        #expect(pipelined.hasClock)
    }

    @Test(arguments: [
        ["k": "17"],                                   // k > n
        ["n": "12", "family": "smallest"],             // no published 12-input network
        ["n": "64", "k": "2", "family": "fastest"],
        ["family": "shell"],                           // not a family
        ["key-width": "1"],                            // out of range
    ])
    func invalidCombinationsAreCatalogErrors(_ overrides: [String: String]) throws {
        let sorter = try Catalog.block(named: "sorter")
        let error = try #require(throws: CatalogError.self) { try sorter.generate(overrides) }
        #expect(error.message.hasPrefix("sorter: "))
        #expect(!error.message.contains("\n"))
    }

    @Test func defaultConfigurationIsLintClean() async throws {
        let design = try Catalog.block(named: "sorter").generate()
        try await Lint.check(design, in: try Workspace.directory("lint-catalog-sorter"))
    }
}
