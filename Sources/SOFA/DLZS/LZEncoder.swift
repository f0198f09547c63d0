import HDL

/// The DLZS leading-one encoder (SOFA-SPEC section 2): a two's-complement q becomes
/// (sign, zero, exponent) with |q| ~ 2^exponent, so q * k ~ sign ? -(k << e) : (k << e) needs no multiplier.
///
/// The magnitude of the most negative value (-2^(width-1)) is 2^(width-1), so the exponent reaches
/// width - 1 and needs ceil(log2 width) bits; `.nearest` never exceeds that either (a magnitude with its
/// leading one at width - 2 rounds up to at most width - 1). Purely combinational.
public struct LZEncoder: Module {
    public var width: Int
    public var rounding: LZRounding

    public init(width: Int = 8, rounding: LZRounding = .floor) {
        self.width = width
        self.rounding = rounding
    }

    /// Bits of the exponent: enough for width - 1.
    public var exponentWidth: Int { Self.exponentWidth(forInputWidth: width) }

    public static func exponentWidth(forInputWidth width: Int) -> Int {
        bitsFor(width - 1)
    }

    public func validate() throws {
        try validateParameters()
    }

    public struct IO {
        public var q: Signed
        public var sign: Bit
        public var zero: Bit
        public var exponent: Unsigned
    }

    public func ports(_ p: Ports) -> IO {
        IO(q: p.input("q", .sint(width)), sign: p.output("sign", .bit), zero: p.output("zero", .bit),
           exponent: p.output("exponent", .uint(exponentWidth)))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        // |q| in width bits: -2^(width-1) becomes 2^(width-1), which still fits unsigned.
        let magnitude = m.named("magnitude", mux(io.q.msb, (-io.q).asUnsigned().truncated(to: width), io.q.asUnsigned()))
        let bits = magnitude.bits
        // Highest set bit wins; for .nearest the bit just below it is added.
        let cases: [(Bit, Unsigned)] = (1..<width).reversed().map { i in
            let position = Unsigned(i, width: exponentWidth)
            switch rounding {
            case .floor:
                return (bits[i], position)
            case .nearest:
                return (bits[i], (position + bits[i - 1].asUnsignedValue()).truncated(to: exponentWidth))
            }
        }
        io.sign <== io.q.msb
        io.zero <== !magnitude.reduceOr()
        io.exponent <== priorityMux(cases, otherwise: Unsigned(0, width: exponentWidth))
    }
}

extension LZEncoder {
    /// Clock edges from q to its code: 0, the encoder is combinational.
    public var latency: Int { 0 }
}

extension LZEncoder: DeclaredGenerator {
    public static var defaults: LZEncoder { LZEncoder() }
    public static let summary = "DLZS leading-one encoder: q -> (sign, zero, exponent)"
    public static var parameters: [GeneratorParameter<LZEncoder>] {
        [.integer("width", \.width, 2...32, help: "q width in bits"),
         .choice("rounding", \.rounding, help: "floor: e = floor(log2|q|); nearest: + the bit below the leading one")]
    }
    public var figures: [GeneratorFigure] { [GeneratorFigure("latency", latency), GeneratorFigure("exponent_bits", exponentWidth)] }
}
