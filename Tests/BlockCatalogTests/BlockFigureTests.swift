import BlockCatalog
import HDL
import SOFA
import Testing

@Suite struct BlockFigureTests {
    static let sofaBlocks = ["lz-encoder", "dlzs-array", "mac-array", "exp2", "divider"]

    @Test(arguments: sofaBlocks)
    func everySOFABlockReportsItsLatencyAndStableNames(_ name: String) throws {
        let block = try Catalog.block(named: name)
        let defaults = try block.figures()
        #expect(defaults.first?.name == "latency", "\(defaults)")
        #expect(Set(defaults.map(\.name)).count == defaults.count, "figure names are unique: \(defaults)")
        #expect(defaults.allSatisfy { $0.name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" } }, "\(defaults)")
        // A non-default configuration reports the same figures in the same order (sweep columns stay put).
        let other = try block.configuration().values.compactMap { key, value -> (String, String)? in
            guard case .integer(let range)? = block.parameters.first(where: { $0.name == key })?.kind, let v = Int(value),
                  v > range.lowerBound, key != "lanes", key != "head-dim" else { return nil }
            return (key, String(v - 1))
        }
        let changed = try block.figures(Dictionary(other.prefix(1), uniquingKeysWith: { a, _ in a }))
        #expect(changed.map(\.name) == defaults.map(\.name))
    }

    @Test func scoreArrayFiguresAreTheGeneratorsOwn() throws {
        for name in ["dlzs-array", "mac-array"] {
            let figures = try Catalog.block(named: name).figures(["rows": "4", "lanes": "8", "head-dim": "64", "pipeline": "2"])
            let shape = ScoreArrayShape(rows: 4, lanes: 8, headDim: 64, pipeline: 2)
            let value = Dictionary(uniqueKeysWithValues: figures.map { ($0.name, $0.value) })
            #expect(value["latency"] == Double(shape.latency))
            #expect(value["ops_per_cycle"] == 32)
            #expect(value["beats_per_key"] == 8)
            #expect(value["score_bits"] == Double(shape.scoreWidth))
        }
    }

    @Test func dividerAndExp2Throughput() throws {
        let divider = try Catalog.block(named: "divider").figures(["quotient-width": "12"])
        let latency = SoftmaxDivider(quotientWidth: 12).latency
        #expect(divider.map(\.text) == [String(latency), GeneratorFigure.format(1 / Double(latency))])
        #expect(divider[1].text == "0.0769231")
        let exp2 = try Catalog.block(named: "exp2").figures(["pipeline-stages": "2", "table-bits": "3"])
        #expect(exp2.map(\.text) == [String(Exp2Unit(tableBits: 3, pipelineStages: 2).latency), "1",
                                     String(Exp2Unit(tableBits: 3).mantissaTable.count)])
    }

    @Test func formatting() {
        #expect(GeneratorFigure.format(3) == "3")
        #expect(GeneratorFigure.format(-40) == "-40")
        #expect(GeneratorFigure.format(1.0 / 9) == "0.111111")
        #expect(GeneratorFigure.format(152.25) == "152.25")
    }

    @Test func exampleBlocksReportNoFigures() throws {
        #expect(try Catalog.block(named: "counter").figures().isEmpty)
    }
}
