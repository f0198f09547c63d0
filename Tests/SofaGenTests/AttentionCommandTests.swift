import Foundation
import HDLSim
import NumpyFormat
import SOFAModel
import Testing

/// `sofa-gen attention` run as a user would, on MiniLM heads exported to .npy (Tests/SofaGenTests/Fixtures: sample 2,
/// layer 2, heads 0, 3, 6; fp32 and int8 [3, 64, 32], the int8 scales in scales.json).
@Suite struct AttentionCommandTests {
    static var fixtures: URL { Bundle.module.resourceURL!.appendingPathComponent("Fixtures") }
    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    /// The int8 scales per tensor ("q", "k", "v"), three heads each: the float32 values from their bit patterns
    /// (Foundation's JSON parser does not round decimals correctly).
    static func scales() throws -> [String: [Double]] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: fixtures.appendingPathComponent("scales.json"))) as! [String: Any]
        return (json["scales_f32_bits"] as! [String: [Int]]).mapValues { $0.map { Double(Float(bitPattern: UInt32($0))) } }
    }

    static func scaleOptions() throws -> [String] {
        let s = try scales()
        return ["q", "k", "v"].flatMap { ["--scale-\($0)", s[$0]!.map { "\($0)" }.joined(separator: ",")] }
    }

    static let floatInputs = ["--q", fixture("q_f32.npy"), "--k", fixture("k_f32.npy"), "--v", fixture("v_f32.npy")]
    static let int8Inputs = ["--q", fixture("q_i8.npy"), "--k", fixture("k_i8.npy"), "--v", fixture("v_i8.npy")]

    /// Runs `sofa-gen attention` in a fresh folder (outputs O.npy and report.json there unless the arguments say).
    static func run(_ name: String, _ arguments: [String], outputs: Bool = true) async throws -> (ProcessResult, URL) {
        let dir = try Workspace.directory("attention-\(name)")
        let extra = outputs ? ["--out", "O.npy", "--report", "report.json"] : []
        let r = try await runProcess(CommandLineTests.executable, ["attention"] + arguments + extra, in: dir)
        return (r, dir)
    }

    static func output(_ dir: URL) throws -> NumpyArray { try NumpyArray.read(contentsOf: dir.appendingPathComponent("O.npy")) }
    static func report(_ dir: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("report.json"))) as! [String: Any]
    }

    /// The int8 fixture as the model's inputs.
    static func modelInputs() throws -> [AttentionCoreInput] {
        let s = try scales()
        let q = try NumpyArray.read(contentsOf: fixtures.appendingPathComponent("q_i8.npy"))
        let k = try NumpyArray.read(contentsOf: fixtures.appendingPathComponent("k_i8.npy"))
        let v = try NumpyArray.read(contentsOf: fixtures.appendingPathComponent("v_i8.npy"))
        guard case .int8(let qv) = q.elements, case .int8(let kv) = k.elements, case .int8(let vv) = v.elements else {
            throw AttentionModelError("fixture is not int8")
        }
        let size = 64 * 32
        return try (0..<3).map { h in
            let r = (h * size)..<((h + 1) * size)
            return try AttentionCoreInput(queries: 64, keys: 64, headDim: 32, q: Array(qv[r]), k: Array(kv[r]), v: Array(vv[r]),
                                          qScale: s["q"]![h], kScale: s["k"]![h], vScale: s["v"]![h])
        }
    }

    /// fp32 inputs are quantized exactly as the data set was (same int8 values and scales), so float and int8 runs
    /// write the same bytes; O is the pipeline model's output and the report carries its order and counters.
    @Test func floatAndInt8InputsGiveTheModelsOutput() async throws {
        let (float, floatDir) = try await Self.run("float", Self.floatInputs)
        #expect(float.status == 0, "\(float.output)")
        let (int8, int8Dir) = try await Self.run("int8", Self.int8Inputs + (try Self.scaleOptions()))
        #expect(int8.status == 0, "\(int8.output)")
        let o = try Self.output(floatDir)
        #expect(o.shape == [3, 64, 32] && o.dtype == .float32)
        #expect(try Data(contentsOf: floatDir.appendingPathComponent("O.npy")) == (try Data(contentsOf: int8Dir.appendingPathComponent("O.npy"))))

        let report = try Self.report(floatDir)
        let heads = report["heads"] as! [[String: Any]]
        #expect(heads.count == 3 && report["backend"] as? String == "model")
        #expect((report["selection"] as! [String: Any])["mode"] as? String == "topk")
        var expected: [Float] = []
        for (h, input) in try Self.modelInputs().enumerated() {
            let result = try AttentionPipeline(selection: .topk(keep: 0.25, segments: 1, radius: nil), order: .natural).run(input)
            expected += result.outputFloat32
            #expect(heads[h]["rows"] as? [[Int]] == result.order)
            #expect(heads[h]["rescales_per_row"] as? [Int] == result.rescalesPerRow)
            let counters = heads[h]["counters"] as! [String: Any]
            #expect(counters["keys_kept"] as? Int == result.counters.keysKept && counters["rescales"] as? Int == result.counters.rescales)
            #expect(counters["exp2_evaluations"] as? Int == result.counters.exp2Evaluations)
            #expect(counters["divisions"] as? Int == 64 * 32 && counters["keys_streamed"] as? Int == 4 * 64)
            #expect(counters["cycles"] is NSNull)
            // The report's decimals name the scales to the last bit (read back by a correctly rounding parser).
            let scales = heads[h]["scales"] as! [String: Double]
            #expect(abs(scales["q"]! / input.qScale - 1) < 1e-15 && abs(scales["v"]! / input.vScale - 1) < 1e-15)
        }
        #expect(o.floatValues == expected)
    }

    /// The CLI's O against the Double softmax over the keys its report lists, from the int8 fixture: the arithmetic
    /// error per head stays far below the 0.004 goal.
    @Test func outputMatchesTheDoubleSoftmaxOverTheReportedKeys() async throws {
        let (r, dir) = try await Self.run("double", Self.int8Inputs + (try Self.scaleOptions()) + ["--order", "natural"])
        #expect(r.status == 0, "\(r.output)")
        let o = try Self.output(dir).floatValues.map(Double.init)
        let heads = try Self.report(dir)["heads"] as! [[String: Any]]
        for (h, input) in try Self.modelInputs().enumerated() {
            let rows = heads[h]["rows"] as! [[Int]]
            #expect(rows.allSatisfy { $0 == $0.sorted() && $0.count == 16 })
            let reference = AttentionReference(dequantized: input).attend(selection: rows)
            let error = AttentionReference.relativeError(Array(o[(h * 2048)..<((h + 1) * 2048)]), reference: reference)
            #expect(error < 0.001, "head \(h): \(error)")
        }
    }

    /// One head as [T, d] with one scale each: the same as that head of the [H, T, d] run; float16 inputs run too.
    @Test func singleHeadsAndFloat16() async throws {
        let (all, allDir) = try await Self.run("all", Self.int8Inputs + (try Self.scaleOptions()))
        #expect(all.status == 0)
        let dir = try Workspace.directory("attention-head1-inputs")
        let s = try Self.scales()
        var arguments: [String] = []
        for t in ["q", "k", "v"] {
            let a = try NumpyArray.read(contentsOf: Self.fixtures.appendingPathComponent("\(t)_i8.npy"))
            guard case .int8(let values) = a.elements else { return }
            let path = dir.appendingPathComponent("\(t).npy")
            try NumpyArray(shape: [64, 32], int8: Array(values[2048..<4096])).npyData().write(to: path)
            arguments += ["--\(t)", path.path, "--scale-\(t)", "\(s[t]![1])"]
        }
        let (one, oneDir) = try await Self.run("one", arguments)
        #expect(one.status == 0, "\(one.output)")
        let single = try Self.output(oneDir)
        #expect(single.shape == [64, 32])
        #expect(single.floatValues == Array(try Self.output(allDir).floatValues[2048..<4096]))

        var halves: [String] = []
        for t in ["q", "k", "v"] {
            let a = try NumpyArray.read(contentsOf: Self.fixtures.appendingPathComponent("\(t)_f32.npy"))
            let path = dir.appendingPathComponent("\(t)_f16.npy")
            try NumpyArray(shape: a.shape, float16: a.floatValues).npyData().write(to: path)
            halves += ["--\(t)", path.path]
        }
        let (half, halfDir) = try await Self.run("half", halves + ["--selection", "dense"])
        #expect(half.status == 0, "\(half.output)")
        let report = try Self.report(halfDir)
        #expect(((report["inputs"] as! [String: Any])["q"] as! [String: Any])["dtype"] as? String == "float16")
        #expect(try Self.output(halfDir).shape == [3, 64, 32])
    }

    @Test func selectionsOrdersAndDeterminism() async throws {
        let scale = try Self.scaleOptions()
        for (name, options) in [("dense", ["--selection", "dense"]), ("threshold", ["--selection", "threshold", "--radius", "3"]),
                                ("tile", ["--keep", "0.5", "--segments", "2", "--radius", "8", "--order", "tile", "--rows", "8"])] {
            let (r, dir) = try await Self.run(name, Self.int8Inputs + scale + options)
            #expect(r.status == 0, "\(r.output)")
            let report = try Self.report(dir)
            let selection = report["selection"] as! [String: Any]
            let heads = report["heads"] as! [[String: Any]]
            switch name {
            case "dense":
                #expect(selection["mode"] as? String == "dense" && selection["order"] as? String == "natural")
                #expect((heads[0]["rows"] as! [[Int]]).allSatisfy { $0 == Array(0..<64) })
                #expect((heads[0]["counters"] as! [String: Any])["keys_streamed"] as? Int == 0)
            case "threshold":
                #expect(selection["mode"] as? String == "threshold" && selection["radius"] as? Double == 3)
                #expect(heads.allSatisfy { $0["radius_code"] as? Int != nil })
            default:
                #expect(selection["order"] as? String == "tile" && heads[0]["kept_per_segment"] as? Int == 16)
                #expect((report["core"] as! [String: Any])["rows"] as? Int == 8)
                #expect((heads[0]["counters"] as! [String: Any])["keys_streamed"] as? Int == 8 * 64)
            }
            // Same inputs, byte-identical files.
            let (again, againDir) = try await Self.run(name + "-again", Self.int8Inputs + scale + options)
            #expect(again.status == 0)
            for file in ["O.npy", "report.json"] {
                #expect(try Data(contentsOf: dir.appendingPathComponent(file)) == Data(contentsOf: againDir.appendingPathComponent(file)))
            }
        }
    }

    /// The report is optional; O.npy alone is written then, and the summary names it.
    @Test func withoutAReport() async throws {
        let dir = try Workspace.directory("attention-no-report")
        let r = try await runProcess(CommandLineTests.executable, ["attention"] + Self.floatInputs + ["--out", "sub/O.npy"], in: dir)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.standardOutput.contains("wrote sub/O.npy") && r.standardOutput.contains("keys kept 25.0 %"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("sub").path) == ["O.npy"])
    }
}

/// Bad input (ATTENTION-CORE 1): exit 64, one line naming the file and the problem, nothing written.
@Suite struct AttentionCommandBadInputTests {
    /// Files for the bad cases, written into `dir`: a good int8 head and broken variants.
    static func write(_ dir: URL) throws {
        func save(_ name: String, _ data: Data) throws { try data.write(to: dir.appendingPathComponent(name)) }
        let values = (0..<(64 * 32)).map { Int8(truncatingIfNeeded: $0 * 37 % 251 - 125) }
        try save("good.npy", try NumpyArray(shape: [64, 32], int8: values).npyData())
        try save("good3.npy", try NumpyArray(shape: [2, 64, 32], int8: values + values).npyData())
        let floats = values.map { Float($0) / 10 }
        try save("float.npy", try NumpyArray(shape: [64, 32], float32: floats).npyData())
        var nan = floats
        nan[2 * 32 + 5] = .nan
        try save("nan.npy", try NumpyArray(shape: [64, 32], float32: nan).npyData())
        var inf = floats
        inf[100] = -.infinity
        try save("inf.npy", try NumpyArray(shape: [64, 32], float16: inf).npyData())
        try save("rank1.npy", try NumpyArray(shape: [2048], int8: values).npyData())
        try save("rank4.npy", try NumpyArray(shape: [1, 1, 64, 32], int8: values).npyData())
        try save("d16.npy", try NumpyArray(shape: [128, 16], int8: values).npyData())
        try save("n32.npy", try NumpyArray(shape: [32, 32], int8: Array(values.prefix(1024))).npyData())
        try save("n300.npy", try NumpyArray(shape: [300, 32], int8: (0..<(300 * 32)).map { Int8(truncatingIfNeeded: $0) }).npyData())
        try save("empty.npy", try NumpyArray(shape: [0, 32], int8: []).npyData())
        let good = try NumpyArray(shape: [64, 32], float32: floats).npyData()
        try save("truncated.npy", good.prefix(good.count - 100))
        // float64, as numpy writes it: the float32 file's header with '<f8', then 8-byte data.
        var f64 = Data(good.prefix(128))
        f64.replaceSubrange(f64.range(of: Data("<f4".utf8))!, with: Data("<f8".utf8))
        try save("float64.npy", f64 + Data(count: 64 * 32 * 8))
        try save("text.npy", Data("q,k,v\n1,2,3\n".utf8))
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("folder.npy"), withIntermediateDirectories: true)
    }

    static let int8 = ["--q", "good.npy", "--k", "good.npy", "--v", "good.npy", "--scale-q", "0.02", "--scale-k", "0.03", "--scale-v", "0.1"]

    static func replacing(_ flag: String, with file: String, _ more: String...) -> [String] {
        var a = int8
        for f in [flag] + more { a[a.firstIndex(of: f)! + 1] = file }
        return a
    }

    static func dropping(_ flag: String) -> [String] {
        var a = int8
        let i = a.firstIndex(of: flag)!
        a.removeSubrange(i...(i + 1))
        return a
    }

    static let cases: [([String], String)] = [
        // wrong dtype
        (replacing("--q", with: "float64.npy"), "float64.npy: unsupported dtype '<f8' (float64)"),
        // wrong rank
        (replacing("--k", with: "rank1.npy"), "rank1.npy: rank 1"),
        (replacing("--v", with: "rank4.npy"), "rank4.npy: rank 4"),
        (replacing("--q", with: "good3.npy"), "good.npy: rank 2 (shape [64, 32]) but good3.npy has rank 3"),
        // wrong shape
        (replacing("--k", with: "d16.npy"), "d16.npy: head dimension 16 (shape [128, 16]) but good.npy has 32"),
        (replacing("--v", with: "n32.npy"), "n32.npy: 32 values (shape [32, 32]) but good.npy has 64 keys"),
        (replacing("--k", with: "empty.npy", "--v"), "empty.npy: shape [0, 32] is empty"),
        // d or N beyond the core
        (int8 + ["--max-head-dim", "16"], "good.npy: head dimension 32 exceeds the core's maximum 16 (--max-head-dim)"),
        (replacing("--k", with: "n300.npy", "--v"), "n300.npy: 300 keys exceed the core's maximum 256 (--max-keys)"),
        (int8 + ["--max-keys", "32", "--winners", "8"], "good.npy: 64 keys exceed the core's maximum 32 (--max-keys)"),
        // NaN / Inf in float input
        (["--q", "nan.npy", "--k", "float.npy", "--v", "float.npy"], "nan.npy: element [2, 5] is NaN; inputs must be finite"),
        (["--q", "float.npy", "--k", "float.npy", "--v", "inf.npy"], "inf.npy: element [3, 4] is infinite"),
        // unreadable or truncated .npy
        (replacing("--q", with: "missing.npy"), "missing.npy: no such file"),
        (replacing("--q", with: "folder.npy"), "folder.npy: cannot be read"),
        (replacing("--v", with: "truncated.npy"), "truncated.npy: truncated data: 8092 of 8192 bytes"),
        (replacing("--k", with: "text.npy"), "text.npy: not an .npy file"),
        // scales
        (dropping("--scale-k"), "good.npy: int8 data needs --scale-k"),
        (["--q", "float.npy", "--k", "float.npy", "--v", "float.npy", "--scale-q", "0.1"], "float.npy: --scale-q applies to int8 data"),
        (replacing("--scale-v", with: "0"), "--scale-v 0: '0' is not a positive number"),
        (replacing("--scale-q", with: "0.1,0.2"), "--scale-q: 2 scales for 1 heads of good.npy"),
        (replacing("--scale-q", with: "1e-30"), "good.npy, good.npy: softmax constant c = "),
        // the core and the options
        (int8 + ["--winners", "8"], "keep 0.25 of segments of 64 keys needs k_s = 16 winners per segment; the core holds 8"),
        (int8 + ["--selection", "threshold"], "--selection threshold needs --radius"),
        (int8 + ["--selection", "dense", "--keep", "0.5"], "do not apply to --selection dense"),
        (int8 + ["--keep", "1.5"], "keep must be in (0, 1]"),
        // the RTL backends: topk and dense, key order, a valid core
        (int8 + ["--backend", "verilator", "--selection", "threshold", "--radius", "3"], "--backend verilator: the RTL core selects with topk or dense"),
        (int8 + ["--backend", "icarus", "--order", "predicted"], "--backend icarus: the RTL core takes each row's keys in key order"),
        (int8 + ["--backend", "verilator", "--mac-lanes", "3"], "core configuration: mac-lanes (3) must divide the head dimension (32)"),
        (int8 + ["--backend", "verilator", "--dividers", "0"], "core configuration: "),
        (int8 + ["--backend", "verilator", "--max-keys", "32", "--winners", "8"], "good.npy: 64 keys exceed the core's maximum 32 (--max-keys)"),
        (int8 + ["--selection", "sparse"], "sparse"),
        (int8 + ["--output-fraction", "30"], "core configuration: output fraction bits must be 0...24, got 30"),
    ]

    @Test(arguments: cases)
    func exits64WithOneLineAndWritesNothing(_ arguments: [String], _ message: String) async throws {
        let dir = try Workspace.directory("attention-bad-\(message)")
        try Self.write(dir)
        let before = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        let r = try await runProcess(CommandLineTests.executable, ["attention"] + arguments + ["--out", "out/O.npy", "--report", "out/report.json"], in: dir)
        #expect(r.status == 64, "\(r.output)")
        #expect(r.standardError.hasPrefix("sofa-gen: error: "), "\(r.standardError)")
        #expect(r.standardError.contains(message), "\(r.standardError)")
        #expect(r.standardError.split(separator: "\n").count == 1, "\(r.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == before)
    }

    /// Writing over an input or writing both outputs to one file is refused before anything is written.
    @Test func outputsMustNotOverwriteInputs() async throws {
        let dir = try Workspace.directory("attention-bad-overwrite")
        try Self.write(dir)
        let original = try Data(contentsOf: dir.appendingPathComponent("good.npy"))
        let r = try await runProcess(CommandLineTests.executable, ["attention"] + Self.int8 + ["--out", "./good.npy"], in: dir)
        #expect(r.status == 64 && r.standardError.contains("./good.npy: is an input"), "\(r.output)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("good.npy")) == original)
        let same = try await runProcess(CommandLineTests.executable, ["attention"] + Self.int8 + ["--out", "o.npy", "--report", "o.npy"], in: dir)
        #expect(same.status == 64 && same.standardError.contains("name the same file"), "\(same.output)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o.npy").path))
    }
}

/// `--backend verilator|icarus`: the MiniLM fixture through the generated core (a configuration small enough to build
/// in a few minutes, the one `AttentionCoreTests` co-simulates, so the build cache is shared), against the model.
@Suite struct AttentionCommandRTLTests {
    static let core = ["--rows", "4", "--max-keys", "64", "--max-queries", "64", "--max-head-dim", "32", "--winners", "16",
                       "--sads-width", "24", "--queue-depth", "8", "--dividers", "4"]
    static var cache: [String] { ["--cache", Workspace.cacheRoot.path] }

    /// The report without the fields only the RTL fills (the backend, the core's generator parameters, cycles).
    static func comparable(_ report: [String: Any]) -> [String: Any] {
        var r = report
        r["backend"] = nil
        var core = r["core"] as! [String: Any]
        core["generator"] = nil
        r["core"] = core
        func strip(_ counters: Any?) -> [String: Any] {
            var c = counters as! [String: Any]
            for key in ["cycles", "stream_cycles", "selection_cycles", "stage3_cycles", "kv_reads", "mac_lane_busy_cycles", "utilization"] {
                c[key] = nil
            }
            return c
        }
        r["counters"] = strip(r["counters"])
        r["heads"] = (r["heads"] as! [[String: Any]]).map { h in
            var h = h
            h["counters"] = strip(h["counters"])
            return h
        }
        return r
    }

    @Test func verilatorGivesTheModelsBytes() async throws {
        let options = AttentionCommandTests.int8Inputs + (try AttentionCommandTests.scaleOptions()) + Self.core
        let (model, modelDir) = try await AttentionCommandTests.run("rtl-model", options)
        #expect(model.status == 0, "\(model.output)")
        let (rtl, rtlDir) = try await AttentionCommandTests.run("rtl-verilator", options + ["--backend", "verilator"] + Self.cache)
        #expect(rtl.status == 0, "\(rtl.output)")
        #expect(rtl.standardError.contains("head 3 of 3: 64 of 64 query rows out"), "\(rtl.standardError)")
        #expect(try Data(contentsOf: modelDir.appendingPathComponent("O.npy")) == Data(contentsOf: rtlDir.appendingPathComponent("O.npy")))
        let report = try AttentionCommandTests.report(rtlDir)
        #expect(report["backend"] as? String == "verilator")
        let counters = report["counters"] as! [String: Any]
        let cycles = counters["cycles"] as? Int ?? 0, stage3 = counters["stage3_cycles"] as? Int ?? 0
        #expect(cycles > stage3 && stage3 > 0, "\(counters)")
        let utilization = counters["utilization"] as? Double ?? 0
        #expect(utilization > 0.3 && utilization <= 1, "\(counters)")
        #expect(((report["core"] as! [String: Any])["generator"] as! [String: Any])["mac-lanes"] as? Int == 4)
        let a = try JSONSerialization.data(withJSONObject: Self.comparable(try AttentionCommandTests.report(modelDir)), options: .sortedKeys)
        let b = try JSONSerialization.data(withJSONObject: Self.comparable(report), options: .sortedKeys)
        #expect(a == b)
    }

    /// One head ([T, d]) on Icarus, dense: the model's bytes too.
    @Test func icarusGivesTheModelsBytes() async throws {
        let dir = try Workspace.directory("attention-rtl-icarus-inputs")
        let s = try AttentionCommandTests.scales()
        var arguments: [String] = []
        for t in ["q", "k", "v"] {
            let a = try NumpyArray.read(contentsOf: AttentionCommandTests.fixtures.appendingPathComponent("\(t)_i8.npy"))
            guard case .int8(let values) = a.elements else { return }
            let path = dir.appendingPathComponent("\(t).npy")
            // Head 1, its first 24 queries (K and V whole).
            let rows = t == "q" ? 24 : 64
            try NumpyArray(shape: [rows, 32], int8: Array(values[2048..<(2048 + rows * 32)])).npyData().write(to: path)
            arguments += ["--\(t)", path.path, "--scale-\(t)", "\(s[t]![1])"]
        }
        let (model, modelDir) = try await AttentionCommandTests.run("rtl-icarus-model", arguments + Self.core)
        #expect(model.status == 0, "\(model.output)")
        let (rtl, rtlDir) = try await AttentionCommandTests.run("rtl-icarus", arguments + Self.core + ["--backend", "icarus"] + Self.cache)
        #expect(rtl.status == 0, "\(rtl.output)")
        #expect(try Data(contentsOf: modelDir.appendingPathComponent("O.npy")) == Data(contentsOf: rtlDir.appendingPathComponent("O.npy")))
    }
}
