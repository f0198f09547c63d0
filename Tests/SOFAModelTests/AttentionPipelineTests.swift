import Foundation
import HDLSim
import SOFAModel
import Testing

/// The whole-pipeline model: selection, orders, counters, the errors it reports, and its arithmetic accuracy on
/// the MiniLM fixture.
@Suite struct AttentionPipelineTests {
    static let topk25 = KeySelection.topk(keep: 0.25, segments: 1, radius: nil)

    /// A random head (int8 over the full range, -128 included).
    static func randomHead(queries t: Int, keys n: Int, headDim d: Int, seed: UInt64) throws -> AttentionCoreInput {
        var rng = SeededGenerator(seed: seed)
        func tensor(_ count: Int) -> [Int8] { (0..<count).map { _ in Int8(truncatingIfNeeded: rng.signedBits(8)) } }
        return try AttentionCoreInput(queries: t, keys: n, headDim: d, q: tensor(t * d), k: tensor(n * d), v: tensor(n * d),
                                      qScale: 0.02, kScale: 0.015, vScale: 0.1)
    }

    static func fixtureInputs() throws -> [AttentionCoreInput] { try MiniLMFixture.load().heads.map(AttentionCoreInput.init) }

    /// Arithmetic accuracy on the fixture (12 MiniLM heads): the model's O vs the Double softmax over the same kept
    /// keys with the same int8 inputs, per head. Goal <= 0.004 (ATTENTION-CORE 2); measured max 0.0005 here and on
    /// the whole data set, so the bound is set at 0.001 to catch regressions.
    @Test(arguments: [
        (KeySelection.dense, ProcessingOrder.natural), (topk25, .predicted), (topk25, .natural), (topk25, .sharedTile),
        (.topk(keep: 0.25, segments: 4, radius: 6), .predicted), (.threshold(radius: 3), .predicted),
    ])
    func arithmeticAccuracyOnTheFixture(_ selection: KeySelection, _ order: ProcessingOrder) throws {
        let pipeline = AttentionPipeline(selection: selection, order: order)
        for input in try Self.fixtureInputs() {
            let result = try pipeline.run(input)
            let error = PipelineAccuracy.arithmeticError(result, reference: AttentionReference(dequantized: input))
            #expect(error <= 0.001, "\(selection), \(order): \(error)")
        }
    }

    /// End to end on the fixture: the model's selection error vs dense attention is that of the same selection in
    /// Double (to within the arithmetic error), and dense mode is as close to dense float attention as int8 allows.
    @Test func endToEndErrorIsTheSelectionsError() throws {
        let data = try MiniLMFixture.load()
        for head in data.heads {
            let input = try AttentionCoreInput(head)
            let reference = AttentionReference(dequantized: input)
            let sparse = try AttentionPipeline(selection: Self.topk25).run(input)
            let model = PipelineAccuracy.outputError(sparse, reference: reference)
            let float = reference.outputError(selection: sparse.order)
            #expect(abs(model - float) <= 0.001, "\(head.label): \(model) vs \(float)")
            let dense = try AttentionPipeline(selection: .dense).run(input)
            #expect(PipelineAccuracy.outputError(dense, reference: reference) <= 0.001)
        }
    }

    @Test func topkKeepsTheSADSSelectionInItsOrder() throws {
        let input = try Self.randomHead(queries: 20, keys: 100, headDim: 16, seed: 21)
        let scores = HeadScores(input)
        for (segments, radius) in [(1, nil), (3, nil), (4, 2.0)] as [(Int, Double?)] {
            let selection = KeySelection.topk(keep: 0.3, segments: segments, radius: radius)
            let result = try AttentionPipeline(selection: selection).run(input)
            let length = (100 + segments - 1) / segments
            #expect(result.plan.segmentLength == length && result.plan.keptPerSegment == Int((0.3 * Double(length)).rounded(.up)))
            for i in 0..<20 {
                let expected = SADSSelection.select(scores.predicted[i], segmentLength: length, winners: result.plan.keptPerSegment!,
                                                    radius: result.plan.radiusCode).flatMap { $0.map(\.index) }
                #expect(result.order[i] == expected)
            }
            if radius == nil { #expect(result.counters.keysKept == 20 * result.plan.keptPerSegment! * segments) }
        }
    }

    /// Threshold: exactly the keys whose predicted logit is within r of the row's predicted maximum, in
    /// descending predicted order.
    @Test func thresholdKeepsKeysWithinTheRadius() throws {
        let input = try Self.randomHead(queries: 16, keys: 80, headDim: 32, seed: 22)
        let scores = HeadScores(input)
        for r in [0.0, 0.5, 2.0, 1e9] {
            let result = try AttentionPipeline(selection: .threshold(radius: r)).run(input)
            for i in 0..<16 {
                let p = scores.predicted[i], top = p.max()!
                let within = p.indices.filter { Double(p[$0] - top) * input.logitScale >= -r }
                #expect(Set(result.order[i]) == Set(within))
                #expect(zip(result.order[i], result.order[i].dropFirst()).allSatisfy { p[$0] > p[$1] || (p[$0] == p[$1] && $0 < $1) })
            }
            if r == 1e9 { #expect(result.counters.keysKept == 16 * 80) }
        }
    }

    @Test func denseTakesEveryKeyInNaturalOrderWithoutPrediction() throws {
        let input = try Self.randomHead(queries: 5, keys: 33, headDim: 8, seed: 23)
        let result = try AttentionPipeline(selection: .dense).run(input)
        #expect(result.order == [[Int]](repeating: Array(0..<33), count: 5))
        #expect(result.counters.keysStreamed == 0 && result.counters.keysKept == 5 * 33)
    }

    /// Counters: every key streams past the predictor once per tile of R rows; one exp2 per kept key after a row's
    /// first; one division per output element; rescales = the per-row sum.
    @Test func countersFollowTheirDefinitions() throws {
        let input = try Self.randomHead(queries: 37, keys: 50, headDim: 12, seed: 24)
        let config = AttentionCoreConfiguration(rows: 16)
        for selection in [Self.topk25, .threshold(radius: 1), .dense] {
            let result = try AttentionPipeline(configuration: config, selection: selection).run(input)
            let c = result.counters
            #expect(c.keysStreamed == (selection == .dense ? 0 : 3 * 50))
            #expect(c.keysKept == result.order.map(\.count).reduce(0, +))
            #expect(c.exp2Evaluations == c.keysKept - 37 && c.divisions == 37 * 12)
            #expect(c.rescales == result.rescalesPerRow.reduce(0, +))
            // A rescale is a key that beats every earlier key of its row in exact score.
            let exact = HeadScores(input).exact
            for (i, row) in result.order.enumerated() {
                var best = Int.min, misses = 0
                for (n, j) in row.enumerated() {
                    if n > 0 && exact[i][j] > best { misses += 1 }
                    best = max(best, exact[i][j])
                }
                #expect(result.rescalesPerRow[i] == misses)
            }
        }
    }

    @Test func ordersAreChoices() throws {
        let input = try Self.randomHead(queries: 40, keys: 64, headDim: 16, seed: 25)
        let scores = HeadScores(input)
        let predicted = try AttentionPipeline(selection: Self.topk25, order: .predicted).run(input)
        let natural = try AttentionPipeline(selection: Self.topk25, order: .natural).run(input)
        let tile = try AttentionPipeline(configuration: AttentionCoreConfiguration(rows: 16), selection: Self.topk25,
                                         order: .sharedTile).run(input)
        for i in 0..<40 {
            #expect(natural.order[i] == predicted.order[i].sorted())
            #expect(Set(tile.order[i]) == Set(predicted.order[i]))
        }
        // The shared order: within a tile, every row's keys follow one ranking of the union by the largest predicted
        // score any of the tile's rows gave the key.
        for start in stride(from: 0, to: 40, by: 16) {
            let rows = start..<min(start + 16, 40)
            let best = (0..<64).map { j in rows.map { scores.predicted[$0][j] }.max()! }
            for i in rows {
                #expect(zip(tile.order[i], tile.order[i].dropFirst()).allSatisfy { a, b in best[a] > best[b] || (best[a] == best[b] && a < b) })
            }
        }
        // An explicit order replays any schedule bit for bit.
        let replay = try AttentionPipeline(selection: Self.topk25, order: .explicit(tile.order)).run(input)
        #expect(replay.outputCodes == tile.outputCodes && replay.rescalesPerRow == tile.rescalesPerRow)
        let reversed = try AttentionPipeline(selection: Self.topk25, order: .explicit(predicted.order.map { $0.reversed() })).run(input)
        #expect(reversed.counters.keysKept == predicted.counters.keysKept && reversed.counters.rescales > predicted.counters.rescales)
        // Dense in predicted order sorts every key by predicted score.
        let densePredicted = try AttentionPipeline(selection: .dense, order: .predicted).run(input)
        #expect(densePredicted.order[0] == TopK.indices(scores.predicted[0], 64))
    }

    /// What the core cannot take is a clear error, before any output.
    @Test func errorsNameTheProblem() throws {
        let input = try Self.randomHead(queries: 4, keys: 64, headDim: 32, seed: 26)
        func message(_ pipeline: AttentionPipeline, _ input: AttentionCoreInput) -> String {
            do {
                _ = try pipeline.run(input)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        let small = AttentionCoreConfiguration(maxKeys: 32, maxHeadDim: 16, winners: 8)
        #expect(message(AttentionPipeline(configuration: small, selection: .dense), input).contains("head dimension 32 exceeds the core's maximum 16"))
        var narrow = small
        narrow.maxHeadDim = 32
        #expect(message(AttentionPipeline(configuration: narrow, selection: .dense), input).contains("64 keys exceed the core's maximum 32"))
        let winners = AttentionCoreConfiguration(winners: 8)
        #expect(message(AttentionPipeline(configuration: winners, selection: Self.topk25), input)
            == "keep 0.25 of segments of 64 keys needs k_s = 16 winners per segment; the core holds 8")
        #expect(message(AttentionPipeline(selection: .topk(keep: 0, segments: 1, radius: nil)), input).contains("keep must be in (0, 1]"))
        #expect(message(AttentionPipeline(selection: .topk(keep: 0.5, segments: 0, radius: nil)), input).contains("segments must be at least 1"))
        #expect(message(AttentionPipeline(selection: .threshold(radius: -1)), input).contains("radius must be a non-negative number"))
        let rows = [[Int]](repeating: [0, 1], count: 4)
        #expect(message(AttentionPipeline(selection: .dense, order: .explicit(rows)), input).contains("row 0 of the explicit order is not a permutation"))
        var tiny = input
        tiny.qScale = 1e-30
        #expect(message(AttentionPipeline(selection: .dense), tiny).contains("is outside the range the core takes"))
        #expect(throws: AttentionModelError.self) {
            try AttentionCoreInput(queries: 2, keys: 2, headDim: 2, q: [1, 2, 3, 4], k: [1, 2, 3], v: [1, 2, 3, 4], qScale: 1, kScale: 1, vScale: 1)
        }
        #expect(throws: AttentionModelError.self) {
            try AttentionCoreInput(queries: 1, keys: 1, headDim: 1, q: [1], k: [1], v: [1], qScale: .nan, kScale: 1, vScale: 1)
        }
        #expect(throws: AttentionModelError.self) { try AttentionCoreConfiguration(maxKeys: 1 << 16, format: SUFAFormat(weightFraction: 32)).validate() }
    }

    /// Cross attention (T != N), T not a multiple of R, N = 1, N = N_max, the largest d: all run and stay exact
    /// where the arithmetic is exact (one key: O = v).
    @Test func shapesAtTheEdges() throws {
        let one = try Self.randomHead(queries: 7, keys: 1, headDim: 4, seed: 27)
        for selection in [Self.topk25, .threshold(radius: 0), .dense] {
            let r = try AttentionPipeline(selection: selection).run(one)
            #expect(r.outputCodes == (0..<7).flatMap { _ in one.v.map { Int($0) << 8 } })
        }
        let config = AttentionCoreConfiguration(rows: 16, maxKeys: 256, maxHeadDim: 128, winners: 64)
        let big = try Self.randomHead(queries: 17, keys: 256, headDim: 128, seed: 28)
        let r = try AttentionPipeline(configuration: config, selection: Self.topk25, order: .sharedTile).run(big)
        #expect(r.order.allSatisfy { $0.count == 64 } && r.counters.keysStreamed == 2 * 256)
        let error = PipelineAccuracy.arithmeticError(r, reference: AttentionReference(dequantized: big))
        #expect(error <= 0.004, "\(error)")
    }

    /// O.npy's values: code / 2^F_out * sv, rounded once to float32.
    @Test func outputValues() throws {
        let input = try Self.randomHead(queries: 3, keys: 9, headDim: 4, seed: 29)
        let r = try AttentionPipeline(selection: .dense).run(input)
        #expect(r.outputFloat32 == r.outputCodes.map { Float(Double($0) / 256 * 0.1) })
        #expect(r.outputInValueUnits == r.outputCodes.map { Double($0) / 256 })
    }
}
