import HDL

/// A small hierarchy: two parameterizations of `Counter` (narrow and wide) and a second instance of the
/// narrow one. The Verilog has one module per distinct parameterization (`Counter_width4`,
/// `Counter_width8`) however many instances use it. `sum` adds the three counts.
public struct CounterPair: Module {
    public var narrowWidth: Int
    public var wideWidth: Int

    public init(narrowWidth: Int = 4, wideWidth: Int = 8) {
        self.narrowWidth = narrowWidth
        self.wideWidth = wideWidth
    }

    public func validate() throws {
        try validateParameters()
        try require(narrowWidth < wideWidth, "narrowWidth (\(narrowWidth)) must be below wideWidth (\(wideWidth))")
    }

    public func ports(_ p: Ports) -> (enable: Bit, narrow: Unsigned, wide: Unsigned, sum: Unsigned) {
        (p.input("enable", .bit), p.output("narrow", .uint(narrowWidth)), p.output("wide", .uint(wideWidth)),
         p.output("sum", .uint(wideWidth + 2)))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let first = m.instance("narrow_a", Counter(width: narrowWidth))
        let second = m.instance("narrow_b", Counter(width: narrowWidth))
        let wide = m.instance("wide", Counter(width: wideWidth))
        first.enable <== io.enable
        second.enable <== !io.enable
        wide.enable <== io.enable
        io.narrow <== first.count
        io.wide <== wide.count
        io.sum <== (wide.count + first.count) + second.count
    }
}

extension CounterPair: DeclaredGenerator {
    public static var defaults: CounterPair { CounterPair() }
    public static let summary = "hierarchy example: two parameterizations of one counter"
    public static var parameters: [GeneratorParameter<CounterPair>] {
        [.integer("narrow-width", \.narrowWidth, 1...63, help: "narrow counters' width (below wide-width)"),
         .integer("wide-width", \.wideWidth, 2...64, help: "wide counter's width")]
    }
}
