import HDL

/// An up-counter with enable and synchronous reset; wraps at 2^width.
public struct Counter: Module {
    public var width: Int

    public init(width: Int = 8) {
        self.width = width
    }

    public func validate() throws {
        try validateParameters()
    }

    public func ports(_ p: Ports) -> (enable: Bit, count: Unsigned) {
        (p.input("enable", .bit), p.output("count", .uint(width)))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let value = m.reg("value", .uint(width), reset: 0)
        When(io.enable) {
            value <== value &+ 1
        }
        io.count <== value
    }
}

extension Counter: DeclaredGenerator {
    public static var defaults: Counter { Counter() }
    public static let summary = "up-counter with enable and synchronous reset"
    public static var parameters: [GeneratorParameter<Counter>] {
        [.integer("width", \.width, 1...64, help: "counter width in bits")]
    }
}
