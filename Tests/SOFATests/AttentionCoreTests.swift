import AttentionRuntime
import Foundation
import HDL
import HDLSim
import SOFA
import SOFAModel
import Testing

/// A small core that simulates fast: R = 4, d = 8, N_max = T_max = 32.
let smallCore = AttentionCore(rows: 4, headDim: 8, maxKeys: 32, maxQueries: 32, predictorLanes: 8, macLanes: 4, winners: 8,
                              sadsWidth: 12, queueDepth: 4, dividers: 2)

/// A core for the MiniLM fixture heads (64 tokens, d = 32) that still builds in a few minutes: R = 4, N_max = 64,
/// 16 SADS winners (keep 25 % of 64), the default core's lanes.
let fixtureCore = AttentionCore(rows: 4, headDim: 32, maxKeys: 64, maxQueries: 64, predictorLanes: 32, macLanes: 4, winners: 16,
                                sadsWidth: 24, queueDepth: 8, dividers: 4)

/// A random int8 head with scales in MiniLM's range.
func randomHead(queries: Int, keys: Int, headDim: Int, rng: inout SeededGenerator) throws -> AttentionCoreInput {
    func tensor(_ n: Int) -> [Int8] { (0..<n).map { _ in Int8(truncatingIfNeeded: rng.next()) } }
    return try AttentionCoreInput(queries: queries, keys: keys, headDim: headDim, q: tensor(queries * headDim), k: tensor(keys * headDim),
                                  v: tensor(keys * headDim), qScale: 0.02 + Double(rng.next() % 100) / 5000, kScale: 0.025,
                                  vScale: 0.016)
}

/// One co-simulation case: a head, a selection, the host's readiness to take O, the core it runs on.
struct CoreCase: CustomTestStringConvertible, Sendable {
    var name: String
    var seed: UInt64
    var queries: Int, keys: Int, headDim: Int
    var selection: KeySelection
    var readyProbability: Double
    var testDescription: String {
        "\(name): T \(queries), N \(keys), d \(headDim), \(selection), ready \(readyProbability), seed \(seed)"
    }

    /// Seeded random cases over the small core's whole range: T not a multiple of R, N = 1 and N = N_max,
    /// d from 1 to d_max, topk with several segments and clipping, dense, random back-pressure.
    static func random(count: Int, seed: UInt64, core: AttentionCore) -> [CoreCase] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { i in
            let keys = [1, core.maxKeys, 1 + Int(rng.next() % UInt64(core.maxKeys))][i % 3]
            let queries = 1 + Int(rng.next() % UInt64(core.maxQueries))
            let headDim = i % 4 == 0 ? core.headDim : 1 + Int(rng.next() % UInt64(core.headDim))
            let selection: KeySelection
            switch i % 4 {
            case 3: selection = .dense
            default:
                let keep = [0.1, 0.25, 0.5, 1.0][Int(rng.next() % 4)]
                let segments = 1 + Int(rng.next() % 3)
                let radius: Double? = rng.next() % 2 == 0 ? nil : [0.5, 2, 6][Int(rng.next() % 3)]
                selection = .topk(keep: keep, segments: segments, radius: radius)
            }
            let ready = [1, 0.5, 0.15][Int(rng.next() % 3)]
            return CoreCase(name: "random-\(i)", seed: seed &+ UInt64(i), queries: queries, keys: keys, headDim: headDim,
                            selection: selection, readyProbability: ready)
        }
    }
}

/// Runs a case on `backend` and checks O and the counters the model knows against the pipeline model
/// (natural order: the core's rows take their keys in key order).
func expectCoreMatchesModel(_ c: CoreCase, core: AttentionCore, on backend: SimulatorBackend,
                            resetAfterCycles: Int? = nil) async throws {
    var rng = SeededGenerator(seed: c.seed)
    let input = try randomHead(queries: c.queries, keys: c.keys, headDim: c.headDim, rng: &rng)
    try await expectCoreMatchesModel(input, c, core: core, on: backend, resetAfterCycles: resetAfterCycles)
}

func expectCoreMatchesModel(_ input: AttentionCoreInput, _ c: CoreCase, core: AttentionCore, on backend: SimulatorBackend,
                            resetAfterCycles: Int? = nil) async throws {
    let driver = AttentionCoreDriver(core: core)
    let model = try AttentionPipeline(configuration: driver.modelConfiguration, selection: c.selection, order: .natural).run(input)
    let run = try await driver.run(input, selection: c.selection, on: backend, name: "core-\(c.name)-\(backend)", seed: c.seed,
                                   readyProbability: c.readyProbability, resetAfterCycles: resetAfterCycles)
    #expect(run.problems.isEmpty, "\(c.testDescription): \(run.problems.prefix(5))")
    let wrong = zip(run.outputs, model.outputCodes).enumerated().filter { $0.element.0 != $0.element.1 }
    #expect(wrong.isEmpty, """
        \(c.testDescription): \(wrong.count) of \(model.outputCodes.count) elements differ from the model, first \
        \(wrong.prefix(3).map { "[\($0.offset / input.headDim), \($0.offset % input.headDim)] rtl \($0.element.0) model \($0.element.1)" })
        """)
    let m = model.counters
    #expect(run.total(.keysKept) == m.keysKept && run.total(.rescales) == m.rescales
            && run.total(.exp2Evaluations) == m.exp2Evaluations && run.total(.divisions) == m.divisions
            && run.total(.keysStreamed) == m.keysStreamed,
            "\(c.testDescription): counters rtl kept \(run.total(.keysKept)) rescales \(run.total(.rescales)) exp2 \(run.total(.exp2Evaluations)) divisions \(run.total(.divisions)) streamed \(run.total(.keysStreamed)), model \(m)")
}

@Suite struct AttentionCoreTests {
    @Test func emitsAndLints() async throws {
        try await Lint.check(smallCore, name: "attention-core-small")
    }

    @Test(arguments: [KeySelection.topk(keep: 0.25, segments: 1, radius: nil), .dense])
    func smallHeadMatchesThePipelineModel(_ selection: KeySelection) async throws {
        try await expectCoreMatchesModel(CoreCase(name: "small-\(selection)", seed: 11, queries: 6, keys: 20, headDim: 8,
                                                  selection: selection, readyProbability: 1),
                                         core: smallCore, on: .verilator)
    }

    @Test(arguments: CoreCase.random(count: 16, seed: 0xC0DE, core: smallCore))
    func randomHeadsOnVerilator(_ c: CoreCase) async throws {
        try await expectCoreMatchesModel(c, core: smallCore, on: .verilator)
    }

    /// Icarus compiles each run: a few cases covering both modes, clipping, segments and back-pressure.
    @Test(arguments: [
        CoreCase(name: "icarus-topk", seed: 21, queries: 7, keys: 32, headDim: 8,
                 selection: .topk(keep: 0.25, segments: 2, radius: 2), readyProbability: 0.4),
        CoreCase(name: "icarus-dense", seed: 22, queries: 5, keys: 9, headDim: 5, selection: .dense, readyProbability: 0.7),
        CoreCase(name: "icarus-one-key", seed: 23, queries: 4, keys: 1, headDim: 8,
                 selection: .topk(keep: 0.5, segments: 1, radius: nil), readyProbability: 1),
    ])
    func headsOnIcarus(_ c: CoreCase) async throws {
        try await expectCoreMatchesModel(c, core: smallCore, on: .icarus)
    }

    /// More queries than the Q memory holds: the driver runs them as two starts over the same K and V.
    @Test func moreQueriesThanTheQMemory() async throws {
        try await expectCoreMatchesModel(CoreCase(name: "two-starts", seed: 31, queries: 45, keys: 17, headDim: 8,
                                                  selection: .topk(keep: 0.3, segments: 1, radius: nil), readyProbability: 0.8),
                                         core: smallCore, on: .verilator)
    }

    /// A reset in the middle of a run (during stage 3 and during the first tile's selection), then the whole head
    /// again: the core must come back clean (bitmaps cleared, queues empty, counters zero).
    @Test(arguments: [9, 150])
    func resetInTheMiddleOfARun(_ cycles: Int) async throws {
        try await expectCoreMatchesModel(CoreCase(name: "reset-\(cycles)", seed: 41, queries: 9, keys: 32, headDim: 8,
                                                  selection: .topk(keep: 0.25, segments: 1, radius: nil), readyProbability: 0.6),
                                         core: smallCore, on: .verilator, resetAfterCycles: cycles)
    }

    /// Real MiniLM heads (the Tests fixture: 64 tokens, d = 32), topk at keep 25 % and dense, bit-exact.
    @Test(arguments: [(0, KeySelection.topk(keep: 0.25, segments: 1, radius: nil)), (5, .dense), (10, .topk(keep: 0.25, segments: 2, radius: nil))])
    func miniLMHeads(_ head: Int, _ selection: KeySelection) async throws {
        let data = try CoreFixture.miniLM()
        let input = try AttentionCoreInput(data.heads[head])
        try await expectCoreMatchesModel(input, CoreCase(name: "minilm-\(head)-\(selection)", seed: UInt64(head), queries: input.queries,
                                                         keys: input.keys, headDim: input.headDim, selection: selection,
                                                         readyProbability: 0.9),
                                         core: fixtureCore, on: .verilator)
    }

    @Test func registersRejectThreshold() throws {
        var rng = SeededGenerator(seed: 1)
        let input = try randomHead(queries: 4, keys: 8, headDim: 8, rng: &rng)
        #expect(throws: AttentionModelError.self) {
            try AttentionCoreDriver(core: smallCore).registers(input, queries: 4, selection: .threshold(radius: 3))
        }
        let tooWide = try randomHead(queries: 4, keys: 8, headDim: 8, rng: &rng)
        #expect(throws: AttentionModelError.self) {
            try AttentionCoreDriver(core: AttentionCore(rows: 4, headDim: 4, maxKeys: 32, maxQueries: 32, predictorLanes: 4,
                                                        macLanes: 4, winners: 8, sadsWidth: 12, queueDepth: 4, dividers: 2)).check(tooWide)
        }
    }
}

/// The MiniLM fixture (sample 2, 64 tokens, layers 0/2/5, heads 0/3/6/9), copied from Tests/SOFAModelTests.
enum CoreFixture {
    static func miniLM() throws -> AttentionDataSet {
        try AttentionDataSet.load(directory: Bundle.module.resourceURL!.appendingPathComponent("Fixtures/minilm"), index: "index.json")
    }
}

/// The register map is declared once (`AttentionCoreRegister`): the manifest carries it and the README's table
/// matches it row by row.
@Suite struct AttentionCoreRegisterMapTests {
    @Test func manifestAndReadmeCarryTheMap() throws {
        let design = try emitVerilog(smallCore)
        let manifest = try JSONSerialization.jsonObject(with: Data(design.manifest.utf8)) as! [String: Any]
        let registers = try #require(manifest["registers"] as? [[String: Any]])
        #expect(registers.count == AttentionCoreRegister.allCases.count)
        for (entry, register) in zip(registers, AttentionCoreRegister.allCases) {
            #expect(entry["name"] as? String == register.name && entry["address"] as? Int == register.address
                    && entry["access"] as? String == register.access.rawValue && entry["summary"] as? String == register.summary)
        }
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../README.md").standardizedFileURL, encoding: .utf8)
        for r in AttentionCoreRegister.allCases {
            let row = "| \(r.address) | `\(r.name)` | \(r.access.rawValue) | \(r.summary) |"
            #expect(readme.contains(row), "README lacks: \(row)")
        }
    }
}
