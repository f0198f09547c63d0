import HDL
import HDLSim
import SOFA
import SOFAModel
import Testing

/// A small core that simulates fast: R = 4, d = 8, N_max = T_max = 32.
let smallCore = AttentionCore(rows: 4, headDim: 8, maxKeys: 32, maxQueries: 32, predictorLanes: 8, macLanes: 4, winners: 8,
                              sadsWidth: 12, queueDepth: 4, dividers: 2)
let smallConfiguration = AttentionCoreConfiguration(rows: 4, maxKeys: 32, maxHeadDim: 8, winners: 8)

/// A random int8 head with scales in MiniLM's range.
func randomHead(queries: Int, keys: Int, headDim: Int, rng: inout SeededGenerator) throws -> AttentionCoreInput {
    func tensor(_ n: Int) -> [Int8] { (0..<n).map { _ in Int8(truncatingIfNeeded: rng.next()) } }
    return try AttentionCoreInput(queries: queries, keys: keys, headDim: headDim, q: tensor(queries * headDim), k: tensor(keys * headDim),
                                  v: tensor(keys * headDim), qScale: 0.02 + Double(rng.next() % 100) / 5000, kScale: 0.025,
                                  vScale: 0.016)
}

@Suite struct AttentionCoreTests {
    @Test func emitsAndLints() async throws {
        try await Lint.check(smallCore, name: "attention-core-small")
    }

    @Test(arguments: [KeySelection.topk(keep: 0.25, segments: 1, radius: nil), .dense])
    func smallHeadMatchesThePipelineModel(_ selection: KeySelection) async throws {
        var rng = SeededGenerator(seed: 11)
        let input = try randomHead(queries: 6, keys: 20, headDim: 8, rng: &rng)
        let model = try AttentionPipeline(configuration: smallConfiguration, selection: selection, order: .natural).run(input)
        let run = try await AttentionCoreHarness(core: smallCore).run(input, selection: selection, configuration: smallConfiguration,
                                                                      on: .verilator, name: "core-small-\(selection)", seed: 11)
        #expect(run.problems.isEmpty, "\(run.problems.prefix(5))")
        #expect(run.outputs == model.outputCodes)
        print("cycles \(run.cycles) counters \(run.counters.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key)=\($0.value)" })")
    }
}
