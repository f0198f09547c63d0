import ArgumentParser
import AttentionRuntime
import Foundation
import HDL
import HDLSim
import NumpyFormat
import SOFA
import SOFAModel

/// `sofa-gen attention`: users' Q, K, V (.npy) through the attention core (ATTENTION-CORE 1), O.npy and report.json
/// out. Every check runs before anything is written: bad input exits 64 with one line naming the file and the
/// problem, and writes nothing.
struct AttentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attention",
        abstract: "Run attention heads (.npy) through the attention core: its bit-accurate model, or its RTL on Verilator or Icarus.",
        discussion: """
            Q is [T, d] or [H, T, d], K and V [N, d] or [H, N, d]: int8 with --scale-q/-k/-v (real value = int * scale; \
            one scale, or one per head separated by commas), or float32/float16, quantized symmetrically per tensor \
            (each head's slice; scale = max|x| / 127, reported). O.npy is float32 [T, d] (or [H, T, d]): the core's \
            output times sv. --radius is in logit units (natural log): the threshold selection keeps keys whose \
            predicted logit is within it of the row's predicted maximum; for topk it is the optional clip radius.
            --backend verilator|icarus generates the core (the --rows ... --dividers options), loads each head through \
            its host interface, runs it and reads O and the counters back: O.npy is byte-identical to --backend model's \
            (the core takes each row's keys in key order, --order natural, the default; the RTL has topk and dense \
            selection). Verilator builds are cached (--cache); the first build of a configuration takes minutes.
            """)

    enum Selection: String, ExpressibleByArgument, CaseIterable { case topk, threshold, dense }
    enum Order: String, ExpressibleByArgument, CaseIterable { case predicted, natural, tile }

    /// Where the core runs: the bit-accurate model, or the generated RTL on a simulator.
    enum Backend: String, ExpressibleByArgument, CaseIterable {
        case model, verilator, icarus

        var simulator: SimulatorBackend? {
            switch self {
            case .model: nil
            case .verilator: .verilator
            case .icarus: .icarus
            }
        }
    }

    @Option(help: "Queries: [T, d] or [H, T, d], int8, float16 or float32.") var q: String
    @Option(help: "Keys: [N, d] or [H, N, d].") var k: String
    @Option(help: "Values: [N, d] or [H, N, d].") var v: String
    @Option(name: .customLong("scale-q"), help: "Scale of an int8 Q (one, or one per head: a,b,c).") var scaleQ: String?
    @Option(name: .customLong("scale-k"), help: "Scale of an int8 K.") var scaleK: String?
    @Option(name: .customLong("scale-v"), help: "Scale of an int8 V.") var scaleV: String?
    @Option(help: "Key selection.") var selection: Selection = .topk
    @Option(help: "topk: the fraction each segment keeps (default 0.25).") var keep: Double?
    @Option(help: "topk: segments per row (default 1).") var segments: Int?
    @Option(help: "threshold: the radius (required); topk: the clip radius (default off). Logit units.") var radius: Double?
    @Option(help: "Stage 3's key order: natural (key order, what the RTL core does; the default), predicted (each row's own, as SADS emits; model only), tile (the R rows' shared order; model only).")
    var order: Order?
    @Option(help: "model, verilator or icarus (the generated RTL core on that simulator).") var backend: Backend = .model
    @Option(help: "O.npy to write.") var out: String
    @Option(help: "report.json to write.") var report: String?
    @Option(help: "Core: query rows per tile (R).") var rows: Int = AttentionCoreConfiguration().rows
    @Option(name: .customLong("max-keys"), help: "Core: N_max.") var maxKeys: Int = AttentionCoreConfiguration().maxKeys
    @Option(name: .customLong("max-head-dim"), help: "Core: d_max.") var maxHeadDim: Int = AttentionCoreConfiguration().maxHeadDim
    @Option(help: "Core: SADS winners per segment (k_s max).") var winners: Int = AttentionCoreConfiguration().winners
    @Option(name: .customLong("output-fraction"), help: "Core: fraction bits of O (8 + this bits in all).")
    var outputFraction: Int = SUFAFormat().outputFraction
    @Option(name: .customLong("max-queries"), help: "RTL core: T_max, rows of the Q memory (a longer head runs as several starts).")
    var maxQueries: Int = AttentionCore().maxQueries
    @Option(name: .customLong("predictor-lanes"), help: "RTL core: DLZS lanes per row.") var predictorLanes: Int = AttentionCore().predictorLanes
    @Option(name: .customLong("mac-lanes"), help: "RTL core: SU-FA MAC lanes per row.") var macLanes: Int = AttentionCore().macLanes
    @Option(name: .customLong("sads-width"), help: "RTL core: SADS network width.") var sadsWidth: Int = AttentionCore().sadsWidth
    @Option(name: .customLong("queue-depth"), help: "RTL core: kept keys queued per row.") var queueDepth: Int = AttentionCore().queueDepth
    @Option(help: "RTL core: dividers per SU-FA row.") var dividers: Int = AttentionCore().dividers
    @Option(help: "RTL backends: where simulator builds are cached (default $SOFA_GEN_CACHE, else $XDG_CACHE_HOME/sofa-gen, else ~/.cache/sofa-gen).")
    var cache: String?

    func run() async throws {
        do {
            let job = try await prepare()
            try AttentionOutputs.write(job.files)
            print(job.summary)
        } catch let e as AttentionInputError {
            throw fail(e.message)
        }
    }

    /// The RTL core the options describe (its `validate()` errors are input errors).
    func rtlCore() throws -> AttentionCore {
        var format = SUFARowFormat()
        format.outputFraction = outputFraction
        let core = AttentionCore(rows: rows, headDim: maxHeadDim, maxKeys: maxKeys, maxQueries: maxQueries, predictorLanes: predictorLanes,
                                 macLanes: macLanes, winners: winners, sadsWidth: sadsWidth, queueDepth: queueDepth,
                                 dividers: dividers, format: format)
        do { try core.validate() } catch { throw AttentionInputError("core configuration: \(error)") }
        return core
    }

    /// Everything up to (not including) writing: reading, checking, quantizing, running, encoding.
    func prepare() async throws -> (files: [(path: String, contents: Data)], summary: String) {
        var config = AttentionCoreConfiguration(rows: rows, maxKeys: maxKeys, maxHeadDim: maxHeadDim, winners: winners)
        config.format.outputFraction = outputFraction
        do { try config.validate() } catch let e as AttentionModelError { throw AttentionInputError("core configuration: \(e.message)") }
        let selection = try keySelection()
        let order: ProcessingOrder = switch self.order {
        case nil, .natural: .natural
        case .predicted: .predicted
        case .tile: .sharedTile
        }
        // The RTL core: topk and dense, rows taking their keys in key order.
        var driver: AttentionCoreDriver?
        if backend.simulator != nil {
            if case .threshold = selection {
                throw AttentionInputError("--backend \(backend.rawValue): the RTL core selects with topk or dense; threshold runs on --backend model")
            }
            if order != .natural {
                throw AttentionInputError("--backend \(backend.rawValue): the RTL core takes each row's keys in key order (--order natural); --order \(self.order!.rawValue) runs on --backend model")
            }
            let core = try rtlCore()
            driver = AttentionCoreDriver(core: core)
            config = driver!.modelConfiguration
        }
        let paths = [out] + (report.map { [$0] } ?? [])
        if let report, Self.samePath(report, out) { throw AttentionInputError("--out and --report name the same file \(out)") }
        for input in [q, k, v] {
            for path in paths where Self.samePath(input, path) {
                throw AttentionInputError("\(path): is an input; writing the output there would overwrite it")
            }
        }

        let tensors = try [("q", q, scaleQ), ("k", k, scaleK), ("v", v, scaleV)].map { name, path, scale in
            try InputTensor(name: name, path: path, scaleOption: scale)
        }
        let (qt, kt, vt) = (tensors[0], tensors[1], tensors[2])
        // Shapes: all [rows, d] or all [H, rows, d]; d shared; K and V with the same N; within the core.
        let rank = qt.array.shape.count
        for t in [kt, vt] where t.array.shape.count != rank {
            throw AttentionInputError("\(t.path): rank \(t.array.shape.count) (shape \(t.array.shape)) but \(qt.path) has rank \(rank); use [T, d] / [N, d] or [H, T, d] / [H, N, d] for all three")
        }
        let heads = rank == 3 ? qt.array.shape[0] : 1
        let d = qt.array.shape[rank - 1]
        for t in [kt, vt] {
            if rank == 3 && t.array.shape[0] != heads {
                throw AttentionInputError("\(t.path): \(t.array.shape[0]) heads (shape \(t.array.shape)) but \(qt.path) has \(heads)")
            }
            if t.array.shape[rank - 1] != d {
                throw AttentionInputError("\(t.path): head dimension \(t.array.shape[rank - 1]) (shape \(t.array.shape)) but \(qt.path) has \(d)")
            }
        }
        let n = kt.array.shape[rank - 2], queries = qt.array.shape[rank - 2]
        if vt.array.shape[rank - 2] != n {
            throw AttentionInputError("\(vt.path): \(vt.array.shape[rank - 2]) values (shape \(vt.array.shape)) but \(kt.path) has \(n) keys")
        }
        for t in tensors where t.array.count == 0 {
            throw AttentionInputError("\(t.path): shape \(t.array.shape) is empty")
        }
        if d > config.maxHeadDim {
            throw AttentionInputError("\(qt.path): head dimension \(d) exceeds the core's maximum \(config.maxHeadDim) (--max-head-dim)")
        }
        if n > config.maxKeys {
            throw AttentionInputError("\(kt.path): \(n) keys exceed the core's maximum \(config.maxKeys) (--max-keys)")
        }
        for t in tensors { try t.checkScales(heads: heads) }

        let pipeline = AttentionPipeline(configuration: config, selection: selection, order: order)
        var reportHeads: [AttentionReport.Head] = []
        var output: [Float] = []
        output.reserveCapacity(heads * queries * d)
        for h in 0..<heads {
            let (qi, sq) = try qt.head(h, of: heads)
            let (ki, sk) = try kt.head(h, of: heads)
            let (vi, sv) = try vt.head(h, of: heads)
            let headName = heads > 1 ? " (head \(h))" : ""
            var result: AttentionPipelineResult
            let input: AttentionCoreInput
            do {
                input = try AttentionCoreInput(queries: queries, keys: n, headDim: d, q: qi, k: ki, v: vi,
                                               qScale: sq, kScale: sk, vScale: sv)
                result = try pipeline.run(input)
            } catch let e as AttentionModelError {
                let source = e.message.contains("softmax constant") ? "\(qt.path), \(kt.path)" : qt.path
                throw AttentionInputError("\(source)\(headName): \(e.message)")
            }
            var hardware: AttentionReport.HardwareCounters?
            if let driver, let simulator = backend.simulator {
                let run = try await RTLRun.run(input, head: h, of: heads, selection: selection, driver: driver, on: simulator,
                                               cache: cache)
                let mismatches = zip(run.outputs, result.outputCodes).filter { $0 != $1 }.count
                // The report's counters and O are the RTL's; the rows' key lists and rescales per row are the model's
                // (the core does not report them), so say so loudly if the two ever disagree.
                result.outputCodes = run.outputs
                result.counters.keysStreamed = run.total(.keysStreamed)
                result.counters.keysKept = run.total(.keysKept)
                result.counters.rescales = run.total(.rescales)
                result.counters.exp2Evaluations = run.total(.exp2Evaluations)
                result.counters.divisions = run.total(.divisions)
                hardware = RTLRun.hardwareCounters(run, core: driver.core)
                if mismatches > 0 || !run.problems.isEmpty {
                    RTLRun.warn("head \(h): the RTL's O differs from the bit-accurate model in \(mismatches) elements\(run.problems.isEmpty ? "" : "; \(run.problems.first!)") (a generator bug: please report it with the inputs)")
                }
            }
            output += result.outputFloat32
            reportHeads.append(AttentionReport.Head(
                result: result,
                scales: [("q", sq, qt.isFloat), ("k", sk, kt.isFloat), ("v", sv, vt.isFloat)],
                exactConstant: SoftmaxConstant.exactValue(queryScale: sq, keyScale: sk, headDim: d), hardware: hardware))
        }
        let outShape = rank == 3 ? [heads, queries, d] : [queries, d]
        let o = try NumpyArray(shape: outShape, float32: output)
        var files: [(path: String, contents: Data)] = [(out, o.npyData())]
        if let report {
            var r = AttentionReport(
                backend: backend.rawValue, configuration: config, selection: selection, order: order,
                inputs: tensors.map { ($0.name, AttentionReport.Tensor(file: $0.path, dtype: $0.array.dtype.rawValue, shape: $0.array.shape)) },
                output: AttentionReport.Tensor(file: out, dtype: "float32", shape: outShape), heads: reportHeads)
            r.generatorParameters = driver.map { RTLRun.parameters($0.core) }
            files.append((report, Data(r.text.utf8)))
        }
        let counters = reportHeads.map(\.result.counters).reduce(AttentionCounters(), +)
        let rescales = Double(counters.rescales) / Double(heads * queries)
        let kept = Double(counters.keysKept) / Double(heads * queries * n) * 100
        let summary = "\(heads) head\(heads == 1 ? "" : "s") of T = \(queries), N = \(n), d = \(d); \(selection); "
            + String(format: "keys kept %.1f %%, %.2f rescales per row, %d exp2 evaluations, %d divisions",
                     kept, rescales, counters.exp2Evaluations, counters.divisions)
            + (reportHeads.compactMap(\.hardware).reduce(nil) { ($0 ?? AttentionReport.HardwareCounters()) + $1 }.map {
                String(format: "\n%@: %d cycles (stage 3: %d, utilization %.3f), %d K/V reads", backend.rawValue, $0.cycles,
                       $0.stage3Cycles, $0.utilization, $0.kvReads)
            } ?? "")
            + "\nwrote \(out)" + (report.map { " and \($0)" } ?? "")
        return (files, summary)
    }

    func keySelection() throws -> KeySelection {
        switch selection {
        case .topk:
            return .topk(keep: keep ?? 0.25, segments: segments ?? 1, radius: radius)
        case .threshold:
            guard let radius else { throw AttentionInputError("--selection threshold needs --radius (logit units, e.g. 3)") }
            if keep != nil || segments != nil { throw AttentionInputError("--keep and --segments apply to --selection topk only") }
            return .threshold(radius: radius)
        case .dense:
            if keep != nil || segments != nil || radius != nil {
                throw AttentionInputError("--keep, --segments and --radius do not apply to --selection dense")
            }
            return .dense
        }
    }

    static func samePath(_ a: String, _ b: String) -> Bool {
        URL(fileURLWithPath: a).standardizedFileURL.path == URL(fileURLWithPath: b).standardizedFileURL.path
    }
}

/// A bad input or option: `sofa-gen: error: <message>`, exit 64.
struct AttentionInputError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// One of Q, K, V as read: its array, and for int8 the scales from the command line.
struct InputTensor {
    var name: String
    var path: String
    var array: NumpyArray
    var scales: [Double]?

    var isFloat: Bool { array.dtype != .int8 }
    var option: String { "--scale-\(name)" }

    init(name: String, path: String, scaleOption: String?) throws {
        self.name = name
        self.path = path
        do {
            array = try NumpyArray.read(contentsOf: URL(fileURLWithPath: path))
        } catch let e as NumpyFormatError {
            throw AttentionInputError("\(path): \(e.problem)")
        }
        let shape = array.shape
        guard shape.count == 2 || shape.count == 3 else {
            throw AttentionInputError("\(path): rank \(shape.count) (shape \(shape)); expected [rows, d] or [heads, rows, d]")
        }
        if array.dtype == .int8 {
            guard let scaleOption else { throw AttentionInputError("\(path): int8 data needs \(option) (real value = int * scale)") }
            scales = try scaleOption.split(separator: ",", omittingEmptySubsequences: false).map { text in
                guard let s = Double(text.trimmingCharacters(in: .whitespaces)), s.isFinite, s > 0 else {
                    throw AttentionInputError("\(option) \(scaleOption): '\(text)' is not a positive number")
                }
                return s
            }
        } else {
            if scaleOption != nil {
                throw AttentionInputError("\(path): \(option) applies to int8 data; \(array.dtype.rawValue) tensors are quantized with scale max|x| / 127")
            }
            let values = array.floatValues
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                let index = Self.index(bad, in: shape).map(String.init).joined(separator: ", ")
                throw AttentionInputError("\(path): element [\(index)] is \(values[bad].isNaN ? "NaN" : "infinite"); inputs must be finite")
            }
        }
    }

    func checkScales(heads: Int) throws {
        guard let scales else { return }
        guard scales.count == 1 || scales.count == heads else {
            throw AttentionInputError("\(option): \(scales.count) scales for \(heads) heads of \(path) (give one, or one per head)")
        }
    }

    /// Head h's int8 values (quantized now if float) and scale.
    func head(_ h: Int, of heads: Int) throws -> ([Int8], Double) {
        let size = array.count / heads
        let range = (h * size)..<((h + 1) * size)
        switch array.elements {
        case .int8(let values):
            return (Array(values[range]), scales!.count == 1 ? scales![0] : scales![h])
        default:
            let (values, scale) = SymmetricQuantization.quantize(Array(array.floatValues[range]))
            return (values, Double(scale))
        }
    }

    /// The multi-index of flat position `i` in C order.
    static func index(_ i: Int, in shape: [Int]) -> [Int] {
        var rest = i
        var result = [Int](repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() {
            result[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return result
    }
}

/// The one place `sofa-gen attention` writes files: the project's output policy for named files (`OutputFiles`):
/// staged under short temporary names, renamed into place together, nothing left behind on failure, and never a
/// folder, FIFO or device clobbered.
enum AttentionOutputs {
    static func write(_ files: [(path: String, contents: Data)]) throws {
        do {
            try OutputFiles.write(files)
        } catch let refusal as OutputFolder.Refusal {
            throw AttentionInputError(refusal.message)
        }
    }
}
