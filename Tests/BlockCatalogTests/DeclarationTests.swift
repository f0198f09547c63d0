import BlockCatalog
import Foundation
import HDL
import HDLExamples
import SOFA
import SortingNetworks
import Testing

/// A generator with two undriven outputs: elaboration fails after `validate()` accepted it (a generator bug).
struct TwoUndrivenOutputs: Module, DeclaredGenerator {
    var width = 4
    static var defaults: TwoUndrivenOutputs { TwoUndrivenOutputs() }
    static let summary = "a generator bug, for the tests"
    static var parameters: [GeneratorParameter<TwoUndrivenOutputs>] { [.integer("width", \.width, 1...8, help: "width")] }
    func validate() throws { try validateParameters() }
    func ports(_ p: Ports) -> (a: Unsigned, b: Unsigned) {
        (p.output("a", .uint(width)), p.output("b", .uint(width)))  // both undriven
    }
    func body(_ m: Scope, _ io: IO) -> HDL.Block {}
}

/// Issue 10 item 5: one declaration per block, read by `validate()`, the catalog, the command line and the README.
@Suite struct DeclarationTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func defaults(_ name: String) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try Catalog.block(named: name).parameters.map { ($0.name, $0.defaultValue) })
    }

    /// The catalog's defaults are the generators' own initializers' (before, `ScoreArrayShape()` said 4 x 8 while the
    /// catalog said 128 x 32).
    @Test func defaultsAreTheGeneratorsOwn() throws {
        let shape = ScoreArrayShape()
        #expect(try Self.defaults("dlzs-array") == [
            "rows": String(shape.rows), "lanes": String(shape.lanes), "head-dim": String(shape.headDim),
            "data-width": String(shape.dataWidth), "index-width": String(shape.indexWidth), "pipeline": String(shape.pipeline),
            "rounding": DLZSPredictorArray().rounding.rawValue])
        #expect(DLZSPredictorArray().shape == shape && shape.rows == 128 && shape.lanes == 32)
        #expect(try Self.defaults("mac-array")["lanes"] == String(MACArray().shape.lanes))
        #expect(try Self.defaults("leading-one") == ["width": String(LeadingOneDetector().width)])
        let sads = SADSCore()
        #expect(try Self.defaults("sads") == [
            "width": String(sads.width), "winners": String(sads.winners), "family": sads.family.rawValue,
            "key-width": String(sads.keyWidth), "index-width": String(sads.indexWidth), "length-width": String(sads.lengthWidth),
            "pipeline": String(sads.pipelineEvery)])
        let sorter = SorterConfiguration()
        #expect(try Self.defaults("sorter") == [
            "n": String(sorter.inputs), "k": String(sorter.top), "family": sorter.family.rawValue, "key-width": String(sorter.keyWidth),
            "index-width": String(sorter.indexWidth), "pipeline": String(sorter.pipelineEvery)])
        // And the default configuration is the generator's default value: the same Verilog.
        #expect(try Catalog.block(named: "exp2").generate() == emitVerilog(Exp2Unit()))
        #expect(try Catalog.block(named: "divider").generate() == emitVerilog(SoftmaxDivider()))
    }

    /// `validate()` checks the declared values, every one at once; the command line's ranges are the same.
    @Test func validateReadsTheDeclaration() throws {
        let error = try #require(throws: ElaborationError.self) { try emitVerilog(SADSCore(keyWidth: 63, indexWidth: 0)) }
        #expect(error.diagnostics.count == 1)
        #expect(error.description.contains("key-width must be in 2...62, got 63; index-width must be in 1...32, got 0"), "\(error)")
        #expect(throws: ElaborationError.self) { try emitVerilog(FIFO(depth: 12)) }
        #expect(throws: ElaborationError.self) { try emitVerilog(Counter(width: 65)) }
        for block in Catalog.blocks {
            for p in block.parameters {
                if case .integer(let range) = p.kind, range.lowerBound > Int.min {
                    let error = #expect(throws: CatalogError.self) { try block.generate([p.name: String(range.lowerBound - 1)]) }
                    #expect(error?.cause == .usage)
                }
            }
        }
    }

    /// A failed elaboration carries every diagnostic, one line each with the generator's Swift line; a rejection
    /// of the top's parameters names no Swift line (it is the command line's).
    @Test func everyDiagnosticWithItsSwiftLine() throws {
        let block = BlockCatalog.Block("broken", TwoUndrivenOutputs.self)
        let error = try #require(throws: CatalogError.self) { try block.generate() }
        #expect(error.cause == .elaboration)
        #expect(error.lines.count == 2, "\(error.lines)")
        #expect(error.lines.allSatisfy { $0.hasPrefix("broken: undriven signal: ") && $0.hasSuffix("(DeclarationTests.swift:17)") },
                "\(error.lines)")
        let rejected = try #require(throws: CatalogError.self) {
            try Catalog.block(named: "mac").generate(["data-width": "16", "accumulator-width": "20"])
        }
        #expect(rejected.cause == .rejected)
        #expect(rejected.lines == ["mac: accumulatorWidth must be at least 2 * dataWidth = 32 (the product must fit), got 20"])
    }

    /// The README's block list is `sofa-gen blocks`' output (names and defaults from the declarations).
    @Test func readmeListsTheBlocksWithTheirDefaults() throws {
        let readme = try String(contentsOf: Self.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = "<!-- sofa-gen blocks: begin -->\n```text\n", end = "```\n<!-- sofa-gen blocks: end -->"
        let start = try #require(readme.range(of: begin), "README has the block list")
        let stop = try #require(readme.range(of: end, range: start.upperBound..<readme.endIndex))
        let listed = String(readme[start.upperBound..<stop.lowerBound])
        #expect(listed == Catalog.blocks.map { $0.listing + "\n" }.joined(), "README's block list is stale: paste `swift run sofa-gen blocks`")
    }
}
