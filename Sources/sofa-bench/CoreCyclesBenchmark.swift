import AttentionRuntime
import Foundation
import SOFA
import SOFAModel

/// The attention core's performance on the MiniLM set from its cycle model (`CoreCycleModel`, which agrees with the
/// RTL's counters exactly: Tests/SOFATests/CoreCycleModelTests): texts of 128+ tokens on the default core
/// (R = 16, d = 32, N_max = T_max = 256), topk keep 25 % with one segment against dense, the host taking O at once.
/// Prints, per text length and over the set: cycles sparse and dense (speed-up), stage-3 utilization (MAC-lane busy
/// cycles / (R L stage-3 cycles), the counters' definition), keys fetched from K/V per kept key, rescales per row.
struct CoreCyclesBenchmark {
    var directory: URL
    var core = AttentionCore()
    var minimumTokens = 128

    struct Totals {
        var heads = 0, rows = 0
        var sparse = CoreCycleModel.Prediction.zero, dense = CoreCycleModel.Prediction.zero

        mutating func add(rows: Int, sparse s: CoreCycleModel.Prediction, dense d: CoreCycleModel.Prediction) {
            heads += 1
            self.rows += rows
            sparse = sparse + s
            dense = dense + d
        }
    }

    func run() throws {
        let data = try AttentionDataSet.load(directory: directory)
        let heads = data.heads.filter { $0.tokens >= minimumTokens }
        let driver = AttentionCoreDriver(core: core)
        let model = CoreCycleModel(parameters: .init(core: core))
        let sparseSelection = KeySelection.topk(keep: 0.25, segments: 1, radius: nil)
        print("""
            core: R = \(core.rows), d_max = \(core.headDim), N_max = \(core.maxKeys), L = \(core.macLanes) MAC lanes per row, \
            queue depth \(core.queueDepth), \(core.dividers) dividers per row
            data: \(directory.path): \(heads.count) heads of \(minimumTokens)+ tokens; topk keep 25 %, n = 1 vs dense
            """)
        var byLength: [Int: Totals] = [:]
        var all = Totals()
        var modelSeconds = 0.0, modelCycles = 0
        for h in heads {
            let input = try AttentionCoreInput(h)
            // The pipeline model gives each row's kept keys; only the cycle model's own run is timed.
            func starts(_ selection: KeySelection) throws -> [CoreCycleModel.Head] {
                let result = try AttentionPipeline(configuration: driver.modelConfiguration, selection: selection, order: .natural).run(input)
                return try CoreCycleModel.Head.starts(input, result: result, selection: selection, maxQueries: core.maxQueries)
            }
            let (sparseHeads, denseHeads) = (try starts(sparseSelection), try starts(.dense))
            let clock = Date()
            let sparse = try model.predict(starts: sparseHeads), dense = try model.predict(starts: denseHeads)
            modelSeconds += Date().timeIntervalSince(clock)
            let s = sparse.dropFirst().reduce(sparse[0], +), d = dense.dropFirst().reduce(dense[0], +)
            modelCycles += s.cycles + d.cycles
            byLength[h.tokens, default: Totals()].add(rows: input.queries, sparse: s, dense: d)
            all.add(rows: input.queries, sparse: s, dense: d)
        }
        let lanes = core.rows * core.macLanes
        func line(_ label: String, _ t: Totals) -> String {
            let n = Double(t.heads)
            return String(format: "%-9@ %5d %10.0f %10.0f %7.2fx %9.3f %9.3f %9.3f %10.2f %10.2f", label as NSString, t.heads,
                          Double(t.sparse.cycles) / n, Double(t.dense.cycles) / n, Double(t.dense.cycles) / Double(t.sparse.cycles),
                          t.sparse.utilization(rows: core.rows, macLanes: core.macLanes),
                          t.dense.utilization(rows: core.rows, macLanes: core.macLanes),
                          Double(t.sparse.kvReads) / Double(t.sparse.keysKept), Double(t.sparse.rescales) / Double(t.rows),
                          Double(t.dense.rescales) / Double(t.rows))
        }
        print("\n(per head: mean cycles; utilization = lane-busy / (\(lanes) lanes x stage-3 cycles), summed over the heads)")
        print("tokens    heads     sparse      dense speed-up  util-top  util-dns  kv/kept  rescales/row (topk, dense)")
        for tokens in byLength.keys.sorted() { print(line("\(tokens)", byLength[tokens]!)) }
        print(line("all", all))
        let stage3Share = Double(all.sparse.stage3Cycles) / Double(all.sparse.cycles)
        print(String(format: "\nsparse: stage 3 runs %.1f %% of the cycles (the first tile's selection is the rest); "
                     + "selector busy %.1f %% of the cycles", 100 * stage3Share,
                     100 * Double(all.sparse.selectionCycles) / Double(all.sparse.cycles)))
        print(String(format: "cycle model: %.2f s for %d heads x 2 modes (%.2f M core cycles/s; the pipeline model for the kept keys not counted)",
                     modelSeconds, heads.count, Double(modelCycles) / modelSeconds / 1e6))
    }
}
