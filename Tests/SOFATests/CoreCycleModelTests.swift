import AttentionRuntime
import Foundation
import HDL
import HDLSim
import SOFA
import SOFAModel
import Testing

/// The cycle model (`CoreCycleModel`) against the RTL's counters: every counter of every start, exactly, on random
/// small heads over the small core's range and on MiniLM fixture heads, with the host taking O whenever it is
/// offered; under back-pressure, exactly again when the model is given the host's ready pattern.
@Suite struct CoreCycleModelTests {
    /// The RTL's counters of each start against the model's.
    static func mismatches(_ run: AttentionCoreDriver.Run, _ predictions: [CoreCycleModel.Prediction]) -> [String] {
        guard run.counters.count == predictions.count else {
            return ["\(run.counters.count) starts in the RTL, \(predictions.count) in the model"]
        }
        var wrong: [String] = []
        for (k, (rtl, model)) in zip(run.counters, predictions).enumerated() {
            let pairs: [(AttentionCoreRegister, Int)] = [
                (.cycles, model.cycles), (.streamCycles, model.streamCycles), (.selectionCycles, model.selectionCycles),
                (.stage3Cycles, model.stage3Cycles), (.keysStreamed, model.keysStreamed), (.keysKept, model.keysKept),
                (.kvReads, model.kvReads), (.laneBusy, model.laneBusy), (.rescales, model.rescales),
                (.exp2Evaluations, model.exp2Evaluations), (.divisions, model.divisions),
            ]
            for (register, predicted) in pairs where rtl[register] != predicted {
                wrong.append("start \(k): \(register) rtl \(rtl[register] ?? -1) model \(predicted)")
            }
        }
        return wrong
    }

    static func expectCyclesMatch(_ input: AttentionCoreInput, _ c: CoreCase, core: AttentionCore) async throws {
        let driver = AttentionCoreDriver(core: core)
        let model = CoreCycleModel(parameters: .init(core: core))
        let (_, predictions) = try model.predict(input, selection: c.selection, configuration: driver.modelConfiguration)
        let run = try await driver.run(input, selection: c.selection, on: .verilator, name: "cycles-\(c.name)", seed: c.seed,
                                       readyProbability: 1, maxCycles: 200_000)
        #expect(run.problems.isEmpty, "\(c.testDescription): \(run.problems.prefix(5))")
        let wrong = mismatches(run, predictions)
        #expect(wrong.isEmpty, "\(c.testDescription): \(wrong)")
    }

    /// Whether the driver can run a case: its k_s within the core's winners (the random cases draw keep and segments
    /// freely). After a reset the driver waits out the kept bitmaps' clearing, so short heads run too.
    static func runnable(_ c: CoreCase, core: AttentionCore) -> Bool {
        let fits = (try? c.selection.plan(keys: c.keys, logitScale: 1,
                                          configuration: AttentionCoreDriver(core: core).modelConfiguration)) != nil
        return fits
    }

    /// Random heads over the small core's range (T, N, d, keep, segments, clipping, dense), O taken at once.
    static let randomCases: [CoreCase] = CoreCase.random(count: 64, seed: 0xC1C1E, core: smallCore).compactMap { c in
        var c = c
        c.readyProbability = 1
        return runnable(c, core: smallCore) ? c : nil
    } + [CoreCase(name: "one-key-topk", seed: 61, queries: 31, keys: 1, headDim: 8, selection: .topk(keep: 0.25, segments: 1, radius: nil),
                  readyProbability: 1),
         CoreCase(name: "one-key-dense", seed: 62, queries: 30, keys: 1, headDim: 3, selection: .dense, readyProbability: 1)]

    @Test(arguments: randomCases)
    func randomHeads(_ c: CoreCase) async throws {
        var rng = SeededGenerator(seed: c.seed)
        let input = try randomHead(queries: c.queries, keys: c.keys, headDim: c.headDim, rng: &rng)
        try await Self.expectCyclesMatch(input, c, core: smallCore)
    }

    /// More queries than the Q memory: two starts, the second's output round robin starting where the first left it.
    @Test func twoStarts() async throws {
        let c = CoreCase(name: "two-starts", seed: 51, queries: 45, keys: 17, headDim: 8,
                         selection: .topk(keep: 0.3, segments: 1, radius: nil), readyProbability: 1)
        var rng = SeededGenerator(seed: c.seed)
        try await Self.expectCyclesMatch(try randomHead(queries: c.queries, keys: c.keys, headDim: c.headDim, rng: &rng), c,
                                         core: smallCore)
    }

    /// Real MiniLM heads (the Tests fixture: 64 tokens, d = 32) on the fixture core: topk 25 % with one and two
    /// segments, clipping, dense.
    @Test(arguments: [(0, KeySelection.topk(keep: 0.25, segments: 1, radius: nil)), (5, .dense),
                      (10, .topk(keep: 0.25, segments: 2, radius: nil)), (3, .topk(keep: 0.2, segments: 4, radius: 4))])
    func miniLMHeads(_ head: Int, _ selection: KeySelection) async throws {
        let input = try AttentionCoreInput(CoreFixture.miniLM().heads[head])
        try await Self.expectCyclesMatch(input, CoreCase(name: "minilm-\(head)-\(selection)", seed: UInt64(head), queries: input.queries,
                                                         keys: input.keys, headDim: input.headDim, selection: selection,
                                                         readyProbability: 1),
                                         core: fixtureCore)
    }

    /// Under back-pressure on O: exact when the model is given the host's ready pattern (the draws
    /// `AttentionCoreDriver` makes: one per cycle from the cycle after the start, from the case's seed), and the
    /// prediction without it (O taken at once) is a lower bound of the cycles.
    @Test(arguments: CoreCase.random(count: 12, seed: 0xB4C4, core: smallCore).compactMap { c -> CoreCase? in
        var c = c
        c.readyProbability = [0.5, 0.15, 0.8][Int(c.seed % 3)]
        return runnable(c, core: smallCore) ? c : nil
    })
    func backPressure(_ c: CoreCase) async throws {
        var rng = SeededGenerator(seed: c.seed)
        let input = try randomHead(queries: c.queries, keys: c.keys, headDim: c.headDim, rng: &rng)
        let driver = AttentionCoreDriver(core: smallCore)
        let model = CoreCycleModel(parameters: .init(core: smallCore))
        let result = try AttentionPipeline(configuration: driver.modelConfiguration, selection: c.selection, order: .natural).run(input)
        let heads = try CoreCycleModel.Head.starts(input, result: result, selection: c.selection, maxQueries: smallCore.maxQueries)
        var draws = SeededGenerator(seed: c.seed)
        let pattern = (0..<200_000).map { _ in Double(draws.next() % 1_000_000) / 1_000_000 < c.readyProbability }
        let exact = try model.predict(heads[0], outputReady: { pattern[$0 - 1] })
        let eager = try model.predict(heads[0])
        let run = try await driver.run(input, selection: c.selection, on: .verilator, name: "cycles-\(c.name)", seed: c.seed,
                                       readyProbability: c.readyProbability, maxCycles: 200_000)
        #expect(run.problems.isEmpty, "\(c.testDescription): \(run.problems.prefix(5))")
        let wrong = Self.mismatches(run, [exact])
        #expect(wrong.isEmpty, "\(c.testDescription): \(wrong)")
        #expect(eager.cycles <= run.total(.cycles), "\(c.testDescription): \(eager.cycles) cycles without back-pressure, \(run.total(.cycles)) with")
    }
}
