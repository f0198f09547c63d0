import HDL

/// A signed multiply-accumulate unit: each cycle with `enable`, `acc += a * b` (wrapping at the accumulator
/// width); `clear` zeroes the accumulator (and wins over `enable`). The product is exact (2 x dataWidth bits).
public struct MultiplyAccumulate: Module {
    public var dataWidth: Int
    public var accumulatorWidth: Int

    public init(dataWidth: Int = 8, accumulatorWidth: Int = 24) {
        self.dataWidth = dataWidth
        self.accumulatorWidth = accumulatorWidth
    }

    public func validate() throws {
        try validateParameters()
        try require(accumulatorWidth >= 2 * dataWidth,
                    "accumulatorWidth must be at least 2 * dataWidth = \(2 * dataWidth) (the product must fit), got \(accumulatorWidth)")
    }

    public func ports(_ p: Ports) -> (a: Signed, b: Signed, enable: Bit, clear: Bit, acc: Signed) {
        (p.input("a", .sint(dataWidth)), p.input("b", .sint(dataWidth)),
         p.input("enable", .bit), p.input("clear", .bit), p.output("acc", .sint(accumulatorWidth)))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let acc = m.reg("acc_q", .sint(accumulatorWidth), reset: 0)
        let product = m.named("product", io.a * io.b)
        When(io.clear) {
            acc <== 0
        }.elseWhen(io.enable) {
            acc <== acc &+ product.extended(to: accumulatorWidth)
        }
        io.acc <== acc
    }
}

extension MultiplyAccumulate: DeclaredGenerator {
    public static var defaults: MultiplyAccumulate { MultiplyAccumulate() }
    public static let summary = "signed multiply-accumulate unit"
    public static var parameters: [GeneratorParameter<MultiplyAccumulate>] {
        [.integer("data-width", \.dataWidth, 2...32, help: "operand width"),
         .integer("accumulator-width", \.accumulatorWidth, 4...128, help: "accumulator width (at least 2 x data-width)")]
    }
}
