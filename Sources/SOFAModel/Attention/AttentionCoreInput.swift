/// One attention head as the core receives it: int8 Q [T x d], K and V [N x d] (row-major) and their per-tensor
/// scales (real value = int * scale).
public struct AttentionCoreInput: Sendable, Hashable {
    public var queries: Int
    public var keys: Int
    public var headDim: Int
    public var q: [Int8]
    public var k: [Int8]
    public var v: [Int8]
    public var qScale: Double
    public var kScale: Double
    public var vScale: Double

    public init(queries: Int, keys: Int, headDim: Int, q: [Int8], k: [Int8], v: [Int8],
                qScale: Double, kScale: Double, vScale: Double) throws {
        try require(queries >= 1 && keys >= 1 && headDim >= 1,
                    "a head needs at least one query, key and dimension (T = \(queries), N = \(keys), d = \(headDim))")
        try require(q.count == queries * headDim && k.count == keys * headDim && v.count == keys * headDim,
                    "tensor sizes do not match T = \(queries), N = \(keys), d = \(headDim)")
        for (name, s) in [("q", qScale), ("k", kScale), ("v", vScale)] {
            try require(s.isFinite && s > 0, "the \(name) scale must be a positive finite number, got \(s)")
        }
        self.queries = queries
        self.keys = keys
        self.headDim = headDim
        self.q = q
        self.k = k
        self.v = v
        self.qScale = qScale
        self.kScale = kScale
        self.vScale = vScale
    }

    /// A head of the MiniLM data set (T = N).
    public init(_ head: AttentionHead) throws {
        try self.init(queries: head.tokens, keys: head.tokens, headDim: head.headDim, q: head.q, k: head.k, v: head.v,
                      qScale: Double(head.qScale), kScale: Double(head.kScale), vScale: Double(head.vScale))
    }

    public func queryRow(_ i: Int) -> [Int] { (0..<headDim).map { Int(q[i * headDim + $0]) } }
    public func keyRow(_ j: Int) -> [Int] { (0..<headDim).map { Int(k[j * headDim + $0]) } }
    public func valueRow(_ j: Int) -> [Int] { (0..<headDim).map { Int(v[j * headDim + $0]) } }

    /// sq * sk / sqrt(d): an integer score times this is the logit.
    public var logitScale: Double { qScale * kScale / Double(headDim).squareRoot() }
}
