import AttentionRuntime
import Foundation
import HDLSim
import SOFA
import SOFAModel

/// The RTL attention core (the default configuration: R = 16, d = 32, N_max = T_max = 256) on the MiniLM data set,
/// every head through Verilator (or Icarus) via the host driver:
/// - bit-exactness against the pipeline model (natural order, as the core runs);
/// - performance on texts of 128+ tokens from the core's counters: cycles sparse (topk 25 %, n = 1) vs dense,
///   stage-3 utilization, dense utilization, keys fetched per kept key, rescales per row;
/// - accuracy of the RTL path on the whole set (texts of 64+ tokens): O vs dense fp32 attention beside the exact
///   top-k with the same int8 inputs, and the recall of the exact top-k;
/// - simulation speed (cycles/s of the whole core, the harness build cached).
struct CoreBenchmark {
    var directory: URL
    var backend: SimulatorBackend = .verilator
    /// Heads to run at most (0: all), for a quick look.
    var limit: Int = 0

    struct Figures {
        var heads = 0, exact = 0
        var cycles = 0, stage3 = 0, busy = 0, kvReads = 0, kept = 0, rescales = 0, rows = 0
        var simulated = 0
        var seconds = 0.0
        mutating func add(_ run: AttentionCoreDriver.Run, rows: Int, matches: Bool) {
            heads += 1
            exact += matches ? 1 : 0
            cycles += run.total(.cycles)
            stage3 += run.total(.stage3Cycles)
            busy += run.total(.laneBusy)
            kvReads += run.total(.kvReads)
            kept += run.total(.keysKept)
            rescales += run.total(.rescales)
            self.rows += rows
        }
    }

    func run() async throws {
        let (data, usesFloat) = try AccuracyBenchmark.load(directory)
        guard usesFloat else { throw NumpyError("\(directory.path): attn_minilm.npz is needed for the fp32 references") }
        let core = AttentionCore()
        let driver = AttentionCoreDriver(core: core)
        let configuration = driver.modelConfiguration
        var heads = data.heads.filter { $0.tokens >= 64 }
        if limit > 0 { heads = Array(heads.prefix(limit)) }
        print("data: \(directory.path): \(heads.count) heads of texts with 64+ tokens (\(heads.filter { $0.tokens >= 128 }.count) with 128+); "
              + "core: \(AttentionCore.parameters.map { "\($0.name) \($0.value(in: core))" }.joined(separator: ", ")); \(backend)")
        let sparse = KeySelection.topk(keep: 0.25, segments: 1, radius: nil)
        var perfSparse = Figures(), perfDense = Figures(), all = Figures()
        var rtlError = 0.0, exactTopKError = 0.0, recall = 0.0, worstGap = (0.0, "")
        let start = Date()
        for (i, h) in heads.enumerated() {
            let input = try AttentionCoreInput(h)
            let scores = HeadScores(input)
            let float = AttentionReference(h, softmaxScale: data.softmaxScale, source: .float)
            let int8 = AttentionReference(dequantized: input)
            var selections = [sparse]
            if h.tokens >= 128 { selections.append(.dense) }
            for selection in selections {
                let model = try AttentionPipeline(configuration: configuration, selection: selection, order: .natural).run(input, scores: scores)
                let t0 = Date()
                let run = try await driver.run(input, selection: selection, on: backend, name: "core-bench-\(backend)", seed: 1)
                let seconds = Date().timeIntervalSince(t0)
                guard run.problems.isEmpty else { throw NumpyError("\(h.label): \(run.problems.prefix(3))") }
                let matches = run.outputs == model.outputCodes
                all.simulated += run.cycles.reduce(0, +)
                all.seconds += seconds
                if selection == .dense {
                    perfDense.add(run, rows: h.tokens, matches: matches)
                    continue
                }
                all.add(run, rows: h.tokens, matches: matches)
                if h.tokens >= 128 { perfSparse.add(run, rows: h.tokens, matches: matches) }
                // Accuracy: the RTL's O (codes -> real values) vs dense fp32, beside the exact top-k.
                var result = model
                result.outputCodes = run.outputs
                let e = AttentionReference.relativeError(PipelineAccuracy.realOutput(result), reference: float.dense)
                let k = TopK.count(keep: 0.25, of: input.keys)
                let exactSelection = scores.exact.map { TopK.indices($0, k) }
                let x = AttentionReference.relativeError(int8.attend(selection: exactSelection), reference: float.dense)
                rtlError += e
                exactTopKError += x
                if e - x > worstGap.0 { worstGap = (e - x, h.label) }
                recall += zip(model.order, exactSelection).map { TopK.recall($0, reference: $1) }.reduce(0, +) / Double(h.tokens)
            }
            if (i + 1) % 20 == 0 || i + 1 == heads.count {
                FileHandle.standardError.write(Data(String(format: "  %d of %d heads, %.0f s\n", i + 1, heads.count,
                                                           Date().timeIntervalSince(start)).utf8))
            }
        }
        let n = Double(all.heads)
        print("\nBit-exact against the pipeline model: \(all.exact) of \(all.heads) heads (topk 25 %), "
              + "\(perfDense.exact) of \(perfDense.heads) (dense)")
        if perfSparse.heads == 0 {
            print("\nPerformance: no head of 128+ tokens in this run (a limit takes the first heads, of 64 tokens)")
        } else {
            printPerformance(sparse: perfSparse, dense: perfDense, lanes: Double(core.rows * core.macLanes))
        }
        print(String(format: "\nAccuracy of the RTL path, topk 25 %%, n = 1, the %d heads of 64+ tokens (means over heads): "
                     + "O vs dense fp32 %.4f; exact top-k (int8 scores, Double softmax, same int8 inputs) vs dense fp32 %.4f; "
                     + "difference %.4f (worst head %.4f, %@); recall of the exact top-k %.4f",
                     all.heads, rtlError / n, exactTopKError / n, (rtlError - exactTopKError) / n, worstGap.0, worstGap.1, recall / n))
        print(String(format: "\nSimulation: %d cycles in %.1f s of runs (%.0f cycles/s, each run a fresh harness process; the build cached); total %.0f s",
                     all.simulated, all.seconds, Double(all.simulated) / all.seconds, Date().timeIntervalSince(start)))
    }

    /// The performance table: cycles, speed-up, utilization, fetches per kept key, rescales (sums over the heads).
    func printPerformance(sparse perfSparse: Figures, dense perfDense: Figures, lanes: Double) {
        print("\nPerformance, the \(perfSparse.heads) heads of texts with 128+ tokens (sums over heads):\n")
        print("| figure | topk 25 %, n = 1 | dense |")
        print("|---|---|---|")
        print("| cycles | \(perfSparse.cycles) | \(perfDense.cycles) |")
        print(String(format: "| speed-up over dense | %.2fx | 1 |", Double(perfDense.cycles) / Double(perfSparse.cycles)))
        print(String(format: "| stage-3 utilization (lane-busy / (R L x stage-3 cycles)) | %.3f | %.3f |",
                     Double(perfSparse.busy) / (lanes * Double(perfSparse.stage3)), Double(perfDense.busy) / (lanes * Double(perfDense.stage3))))
        print(String(format: "| keys fetched per kept key (K/V reads / keys kept) | %.3f | %.3f |",
                     Double(perfSparse.kvReads) / Double(perfSparse.kept), Double(perfDense.kvReads) / Double(perfDense.kept)))
        print(String(format: "| rescales per row | %.2f | %.2f |", Double(perfSparse.rescales) / Double(perfSparse.rows),
                     Double(perfDense.rescales) / Double(perfDense.rows)))
    }
}
