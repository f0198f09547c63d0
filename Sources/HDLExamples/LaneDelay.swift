import HDL

/// `lanes` signed values with a valid bit, delayed by `latency` cycles through `m.pipe` (the valid bit is
/// reset, the data stages load only behind a valid entry), and lane 0 alone through a plain
/// `m.shiftRegister` of the same length (no reset, no valid: a delay line). The payload is a vector; the
/// pipe carries it flattened and rebuilds it.
public struct LaneDelay: Module {
    public var lanes: Int
    public var width: Int
    public var latency: Int

    public init(lanes: Int = 4, width: Int = 8, latency: Int = 3) {
        self.lanes = lanes
        self.width = width
        self.latency = latency
    }

    public func validate() throws {
        try require((1...64).contains(lanes), "lanes must be 1...64, got \(lanes)")
        try require((1...64).contains(width), "width must be 1...64, got \(width)")
        try require((0...64).contains(latency), "latency must be 0...64, got \(latency)")
    }

    public func ports(_ p: Ports) -> (input: Valid<[Signed]>, output: Valid<[Signed]>, firstDelayed: Signed) {
        (p.input(.valid(.vec(lanes, .sint(width)))), p.output(.valid(.vec(lanes, .sint(width)))), p.output(.sint(width)))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        io.output <== m.pipe(io.input, latency: latency)
        io.firstDelayed <== m.shiftRegister(io.input.bits[0], stages: latency, name: "first")
    }
}
