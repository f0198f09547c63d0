import HDL

/// Buffering between two stages of a streaming core: scored keys (a signed score and its key index) go
/// through a `depth`-entry queue and then a skid buffer, so the producer sees room for `depth` + 2 entries
/// and no timing path runs from the consumer's `ready` back to the producer. The payload is a bundle; the
/// library flattens it into one `Queue` and one `SkidBuffer` module and rebuilds it on the way out.
/// Port names come from the Swift labels: `input_valid`, `input_ready`, `input_bits_score`, ...
public struct ScoreStreamBuffer: Module {
    public var scoreWidth: Int
    public var indexWidth: Int
    public var depth: Int
    public var pipe: Bool
    public var flow: Bool

    public init(scoreWidth: Int = 16, indexWidth: Int = 8, depth: Int = 4, pipe: Bool = false, flow: Bool = false) {
        self.scoreWidth = scoreWidth
        self.indexWidth = indexWidth
        self.depth = depth
        self.pipe = pipe
        self.flow = flow
    }

    public func validate() throws {
        try require((2...32).contains(scoreWidth), "scoreWidth must be 2...32, got \(scoreWidth)")
        try require((1...32).contains(indexWidth), "indexWidth must be 1...32, got \(indexWidth)")
        try require((1...64).contains(depth), "depth must be 1...64, got \(depth)")
    }

    /// One scored key.
    public struct Entry: Bundle {
        public var score: Signed
        public var index: Unsigned
    }

    var entry: BundleShape<Entry> {
        BundleShape { f in Entry(score: f.field(.sint(scoreWidth)), index: f.field(.uint(indexWidth))) }
    }

    public struct IO {
        public var input: Decoupled<Entry>
        public var output: Decoupled<Entry>
    }

    public func ports(_ p: Ports) -> IO {
        IO(input: p.input(.decoupled(entry)), output: p.output(.decoupled(entry)))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        io.output <== m.skidBuffer(m.queue(io.input, depth: depth, pipe: pipe, flow: flow))
    }
}
