import HDL

/// The exp2 unit's input code for a score difference (docs/SU-FA.md section 2):
/// u = min(round(diff * c_m / 2^(c_e - F_u)), 2^(I + F_u) - 1), rounded halves up, so x = diff * c in units of
/// 2^-F_u, saturated instead of wrapped (a saturated code underflows the exp2 unit: the key is too far below the
/// maximum to count).
///
/// One multiplier (diff x c_m) and one right shifter by the runtime amount c_e - F_u - 1, then
/// round(y / 2^t) = (floor(y / 2^(t-1)) + 1) / 2, so the rounding constant needs no shifter of its own.
/// c_e must lie in [F_u + 1, 2^S_c - 1] (`SUFARowFormat`); other shifts give unspecified codes.
///
/// `pipelined`: a register after the multiplier (with c_e beside it), so the code of an input appears one clock
/// edge later (`latency` 1); otherwise combinational.
public struct SUFAExponentInput: Module, Sendable {
    public var differenceWidth: Int
    public var format: SUFARowFormat
    public var pipelined: Bool

    public init(differenceWidth: Int, format: SUFARowFormat, pipelined: Bool = true) {
        self.differenceWidth = differenceWidth
        self.format = format
        self.pipelined = pipelined
    }

    /// Clock edges from an input to its code.
    public var latency: Int { pipelined ? 1 : 0 }

    public func validate() throws {
        try format.validate()
        try require((1...40).contains(differenceWidth), "difference width must be 1...40, got \(differenceWidth)")
    }

    public struct IO {
        public var difference: Unsigned
        public var constantMantissa: Unsigned
        public var constantShift: Unsigned
        public var code: Unsigned
    }

    public func ports(_ p: Ports) -> IO {
        IO(difference: p.input("difference", .uint(differenceWidth)),
           constantMantissa: p.input("constant_mantissa", .uint(format.constantMantissaBits)),
           constantShift: p.input("constant_shift", .uint(format.constantShiftBits)),
           code: p.output("code", .uint(format.exponentInputWidth)))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        var product = m.named("product", io.difference * io.constantMantissa)
        var constantShift = io.constantShift
        if pipelined {
            product = m.regNext(product, name: "product_q")
            constantShift = m.regNext(constantShift, name: "constant_shift_q")
        }
        // t - 1 = c_e - F_u - 1 >= 0 for every accepted shift (wraps, harmlessly, below it).
        let halfShift = m.named("half_shift", constantShift &- Unsigned(format.exp2FractionBits + 1, width: format.constantShiftBits))
        let halved = m.named("halved", product >> halfShift)
        let rounded = m.named("rounded", (halved + Unsigned(1, width: 1)) >> 1)
        let largest = (1 << format.exponentInputWidth) - 1
        let saturate = m.named("saturate", rounded > Unsigned(largest, width: format.exponentInputWidth))
        io.code <== mux(saturate, Unsigned(largest, width: format.exponentInputWidth),
                        rounded.resized(to: format.exponentInputWidth))
    }
}
