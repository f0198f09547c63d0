import HDL

/// The row's one aligner (docs/SU-FA.md section 3): the exp2 result M * 2^-(P + n) as a weight with G fraction
/// bits, G = F for a hit's p and G = F_r for a miss's r, kept as a mantissa and a left shift so the lanes multiply
/// by at most P + 1 significant bits:
///
/// - P + n <= G: the weight is exactly M << (G - P - n): `mantissa` = M, `shift` = G - P - n.
/// - otherwise: round(M / 2^t), t = P + n - G, halves up, computed as (floor(M / 2^(t-1)) + 1) / 2; `shift` = 0.
///
/// An underflowed result (M = 0) gives 0. Combinational.
public struct SUFAWeightAligner: Module, Sendable {
    public var format: SUFARowFormat

    public init(format: SUFARowFormat) {
        self.format = format
    }

    public func validate() throws { try format.validate() }

    public struct IO {
        public var mantissa: Unsigned
        public var exponent: Unsigned
        public var rescale: Bit
        public var weight: Unsigned
        public var shift: Unsigned
    }

    public func ports(_ p: Ports) -> IO {
        IO(mantissa: p.input("mantissa", .uint(format.exp2MantissaBits + 1)), exponent: p.input("exponent", .uint(format.exp2ShiftBits)),
           rescale: p.input("rescale", .bit),
           weight: p.output("weight", .uint(format.weightMantissaWidth)), shift: p.output("shift", .uint(format.weightShiftWidth)))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let p = format.exp2MantissaBits
        // excess = P + n - G: > 0 rounds the mantissa down by that many bits, <= 0 leaves -excess as a left shift.
        let offsets = [p - format.weightFraction, p - format.rescaleFraction]
        let offsetWidth = offsets.map { Constant.minimalWidth($0, signed: true) }.max()!
        let offset = mux(io.rescale, Signed(offsets[1], width: offsetWidth), Signed(offsets[0], width: offsetWidth))
        let excess = m.named("excess", io.exponent.toSigned() + offset)
        let rounds = m.named("rounds", excess > Signed(0, width: 1))
        // In the rounding case t - 1 = excess - 1 >= 0. M <= 2^P, so any t - 1 >= P + 1 gives 0 after rounding, as
        // t - 1 = P + 1 does: the shifter only needs amounts up to P + 1.
        let drop = m.named("drop", (excess &- Signed(1, width: 2)).asUnsigned().truncated(to: excess.width - 1))
        let limit = p + 1
        let amountWidth = bitsFor(limit)
        let dropAmount = drop.width <= amountWidth ? drop
            : m.named("drop_limited", mux(drop > Unsigned(limit, width: amountWidth), Unsigned(limit, width: amountWidth),
                                         drop.truncated(to: amountWidth)))
        let halved = m.named("halved", io.mantissa >> dropAmount)
        let rounded = m.named("rounded", (halved + Unsigned(1, width: 1)) >> 1)
        let leftShift = m.named("left_shift", (-excess).asUnsigned())
        io.weight <== mux(rounds, rounded.resized(to: format.weightMantissaWidth), io.mantissa.resized(to: format.weightMantissaWidth))
        io.shift <== mux(rounds, Unsigned(0, width: format.weightShiftWidth), leftShift.resized(to: format.weightShiftWidth))
    }
}
