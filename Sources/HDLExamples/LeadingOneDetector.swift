import HDL

/// Finds the most significant 1 bit of `x`: `position` is its index and `valid` says x != 0 (position is 0
/// then). A balanced tree of log2(width) levels of 2:1 muxes, built by recursion on the halves.
public struct LeadingOneDetector: Module {
    public var width: Int

    public init(width: Int = 16) {
        self.width = width
    }

    /// Bits needed for `position`.
    public var positionWidth: Int { bitsFor(width - 1) }

    public func validate() throws {
        try validateParameters()
    }

    public func ports(_ p: Ports) -> (x: Unsigned, position: Unsigned, valid: Bit) {
        (p.input("x", .uint(width)), p.output("position", .uint(positionWidth)), p.output("valid", .bit))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let (valid, position) = Self.detect(io.x)
        io.valid <== valid
        io.position <== position
    }

    /// (any bit set, index of the highest set bit) for a power-of-two-wide value.
    static func detect(_ x: Unsigned) -> (Bit, Unsigned) {
        if x.width == 2 { return (x.reduceOr(), x[1].asUnsignedValue()) }
        let half = x.width / 2
        let (highValid, highPosition) = detect(x[x.width - 1, half])
        let (lowValid, lowPosition) = detect(x[half - 1, 0])
        return (highValid || lowValid, concat(highValid, mux(highValid, highPosition, lowPosition)))
    }
}

extension LeadingOneDetector: DeclaredGenerator {
    public static var defaults: LeadingOneDetector { LeadingOneDetector() }
    public static let summary = "leading-one detector (index of the highest set bit)"
    public static var parameters: [GeneratorParameter<LeadingOneDetector>] {
        [.powerOfTwo("width", \.width, 2...1024, help: "input width")]
    }
}
