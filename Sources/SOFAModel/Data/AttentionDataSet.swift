import Foundation

/// Real attention inputs: int8 Q, K, V of (sample, layer, head) triples with their per-tensor scales, in the
/// format of ../shared/data/minilm (`attn_minilm_index.json` + a raw int8 blob; see its README). The same
/// format holds the small fixtures under Tests/.
public struct AttentionDataSet: Sendable {
    public var heads: [AttentionHead]
    /// The model's softmax scale, 1/sqrt(headDim).
    public var softmaxScale: Double
    public var headDim: Int

    public init(heads: [AttentionHead], softmaxScale: Double, headDim: Int) {
        self.heads = heads
        self.softmaxScale = softmaxScale
        self.headDim = headDim
    }

    /// Reads `<directory>/<index>` and the blob it names. Throws `AttentionDataError` naming the file and
    /// the problem for anything malformed (missing keys, wrong sizes, offsets outside the blob).
    public static func load(directory: URL, index: String = "attn_minilm_index.json") throws -> AttentionDataSet {
        let indexURL = directory.appendingPathComponent(index)
        let indexData: Data
        do { indexData = try Data(contentsOf: indexURL) } catch {
            throw AttentionDataError(file: indexURL.path, "cannot be read (\(error.localizedDescription))")
        }
        guard let json = (try? JSONSerialization.jsonObject(with: indexData)) as? [String: Any] else {
            throw AttentionDataError(file: indexURL.path, "is not a JSON object")
        }
        func field<T>(_ object: [String: Any], _ key: String, _ what: String) throws -> T {
            guard let value = object[key] as? T else {
                throw AttentionDataError(file: indexURL.path, "\(what): missing or mistyped key '\(key)'")
            }
            return value
        }
        let blobName: String = try field(json, "blob", "top level")
        let headDim: Int = try field(json, "head_dim", "top level")
        let softmaxScale: Double = try field(json, "softmax_scale", "top level")
        let entries: [[String: Any]] = try field(json, "entries", "top level")
        guard headDim > 0, headDim <= 4096 else { throw AttentionDataError(file: indexURL.path, "head_dim \(headDim) is out of range") }
        let blobURL = directory.appendingPathComponent(blobName)
        let blob: Data
        do { blob = try Data(contentsOf: blobURL) } catch {
            throw AttentionDataError(file: blobURL.path, "cannot be read (\(error.localizedDescription))")
        }
        if let total = json["total_bytes"] as? Int, total != blob.count {
            throw AttentionDataError(file: blobURL.path, "has \(blob.count) bytes but the index says \(total)")
        }
        let bytes = [UInt8](blob)
        var heads: [AttentionHead] = []
        heads.reserveCapacity(entries.count)
        for (i, e) in entries.enumerated() {
            let what = "entry \(i)"
            let n: Int = try field(e, "seq_len", what)
            guard n > 0, n <= 1 << 20 else { throw AttentionDataError(file: indexURL.path, "\(what): seq_len \(n) is out of range") }
            func tensor(_ t: String) throws -> (values: [Int8], scale: Float) {
                let offset: Int = try field(e, "\(t)_offset", what)
                let bits: Int = try field(e, "\(t)_scale_f32_bits", what)
                let size = n * headDim
                guard offset >= 0, offset + size <= bytes.count else {
                    throw AttentionDataError(file: indexURL.path, "\(what): \(t) bytes \(offset)..<\(offset + size) lie outside the \(bytes.count)-byte blob")
                }
                guard let raw = UInt32(exactly: bits) else { throw AttentionDataError(file: indexURL.path, "\(what): bad \(t)_scale_f32_bits") }
                let scale = Float(bitPattern: raw)
                guard scale.isFinite, scale > 0 else { throw AttentionDataError(file: indexURL.path, "\(what): \(t) scale \(scale) is not positive") }
                return (bytes[offset..<(offset + size)].map { Int8(bitPattern: $0) }, scale)
            }
            let q = try tensor("q"), k = try tensor("k"), v = try tensor("v")
            heads.append(AttentionHead(sample: try field(e, "sample", what), layer: try field(e, "layer", what),
                                       head: try field(e, "head", what), tokens: n, headDim: headDim,
                                       q: q.values, k: k.values, v: v.values, qScale: q.scale, kScale: k.scale, vScale: v.scale))
        }
        return AttentionDataSet(heads: heads, softmaxScale: softmaxScale, headDim: headDim)
    }

    /// Writes the heads in the same format (index + blob), e.g. a subset as a test fixture.
    public func write(to directory: URL, index: String = "index.json", blob: String = "qkv_int8.bin") throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var bytes: [UInt8] = []
        var entries: [[String: Any]] = []
        for h in heads {
            var e: [String: Any] = ["sample": h.sample, "layer": h.layer, "head": h.head, "seq_len": h.tokens]
            for (name, values, scale) in [("q", h.q, h.qScale), ("k", h.k, h.kScale), ("v", h.v, h.vScale)] {
                e["\(name)_offset"] = bytes.count
                e["\(name)_scale"] = Double(scale)
                e["\(name)_scale_f32_bits"] = Int(scale.bitPattern)
                bytes += values.map { UInt8(bitPattern: $0) }
            }
            entries.append(e)
        }
        let json: [String: Any] = ["format": "attn_minilm_v1", "blob": blob, "head_dim": headDim,
                                   "softmax_scale": softmaxScale, "total_bytes": bytes.count, "entries": entries]
        let text = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
        try text.write(to: directory.appendingPathComponent(index))
        try Data(bytes).write(to: directory.appendingPathComponent(blob))
    }
}

/// One (sample, layer, head): int8 Q, K, V [tokens x headDim], row-major, and their scales.
public struct AttentionHead: Sendable {
    public var sample: Int
    public var layer: Int
    public var head: Int
    public var tokens: Int
    public var headDim: Int
    public var q: [Int8]
    public var k: [Int8]
    public var v: [Int8]
    public var qScale: Float
    public var kScale: Float
    public var vScale: Float
    /// The float tensors before quantization, when the data source has them (the .npz); else nil and
    /// float references use the dequantized int8 values.
    public var qFloat: [Float]?
    public var kFloat: [Float]?
    public var vFloat: [Float]?

    public init(sample: Int, layer: Int, head: Int, tokens: Int, headDim: Int, q: [Int8], k: [Int8], v: [Int8],
                qScale: Float, kScale: Float, vScale: Float) {
        self.sample = sample
        self.layer = layer
        self.head = head
        self.tokens = tokens
        self.headDim = headDim
        self.q = q
        self.k = k
        self.v = v
        self.qScale = qScale
        self.kScale = kScale
        self.vScale = vScale
    }

    /// Row `i` of an int8 tensor as Ints.
    public func row(_ tensor: [Int8], _ i: Int) -> [Int] {
        (0..<headDim).map { Int(tensor[i * headDim + $0]) }
    }

    public var qRows: [[Int]] { (0..<tokens).map { row(q, $0) } }
    public var kRows: [[Int]] { (0..<tokens).map { row(k, $0) } }

    /// Q, K, V as Doubles: the float tensors if present, else the dequantized int8 ones.
    public var qReal: [Double] { qFloat.map { $0.map(Double.init) } ?? q.map { Double($0) * Double(qScale) } }
    public var kReal: [Double] { kFloat.map { $0.map(Double.init) } ?? k.map { Double($0) * Double(kScale) } }
    public var vReal: [Double] { vFloat.map { $0.map(Double.init) } ?? v.map { Double($0) * Double(vScale) } }

    public var label: String { "sample \(sample) layer \(layer) head \(head)" }
}

public struct AttentionDataError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var problem: String

    public init(file: String, _ problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String { "\(file): \(problem)" }
}
