import HDL

/// The SU-FA end-of-row divider (SOFA-SPEC section 4): O = o / l, rounded and saturated to a small signed
/// output, one quotient bit per clock (restoring division).
///
/// Formats: `numerator` o is signed with `numeratorFraction` fraction bits, `denominator` l unsigned with
/// `denominatorFraction`, `quotient` signed `quotientWidth` bits with `quotientFraction`. So
/// quotient = round(o / l * 2^(Fl + Fq - Fo)), exactly: the rational quotient rounded to nearest, ties away
/// from zero, then saturated to [-2^(W-1), 2^(W-1) - 1]. Defaults: o 32 bits (16 fraction) and l 24 bits
/// (16 fraction) hold the sums of p (<= 1, 16-bit fraction) and p * v (v int8) over up to 255 keys; the
/// int8 output has 0 fraction bits, i.e. the same scale as V: a softmax-weighted mean of int8 values.
///
/// Special cases, all defined: o = 0 gives 0 (0 / 0 included); l = 0 with o != 0 saturates toward the sign
/// of o (what +-infinity would round to).
///
/// Handshake: `start` (when not `busy`) samples the operands; `busy` is high for the next
/// quotientWidth cycles, then `done` is high for one cycle (`latency` = quotientWidth + 1 cycles after the
/// start cycle) and `quotient` holds the result from then until the next accepted start. `start` while busy
/// is ignored; a new start may come in the `done` cycle, so one division takes `latency` cycles. Every
/// register resets to 0, so no output is ever unknown after reset.
///
/// How: the dividend X = |o| * 2^(a + 1) and divisor Y = l * 2^b (a, b >= 0 align the fraction bits)
/// give Q = floor(X / Y) on quotientWidth bits, one bit per cycle; the rounded magnitude is (Q + 1) / 2.
/// X >= Y * 2^quotientWidth (checked at start) means the magnitude is at least 2^(W-1): saturation.
public struct SoftmaxDivider: Module {
    public var numeratorWidth: Int
    public var numeratorFraction: Int
    public var denominatorWidth: Int
    public var denominatorFraction: Int
    public var quotientWidth: Int
    public var quotientFraction: Int

    public init(numeratorWidth: Int = 32, numeratorFraction: Int = 16, denominatorWidth: Int = 24,
                denominatorFraction: Int = 16, quotientWidth: Int = 8, quotientFraction: Int = 0) {
        self.numeratorWidth = numeratorWidth
        self.numeratorFraction = numeratorFraction
        self.denominatorWidth = denominatorWidth
        self.denominatorFraction = denominatorFraction
        self.quotientWidth = quotientWidth
        self.quotientFraction = quotientFraction
    }

    /// Cycles from a start to its `done`; also the cycles per division.
    public var latency: Int { quotientWidth + 1 }

    /// log2 of the factor between o / l and the quotient's integer code: Fl + Fq - Fo.
    public var scaleShift: Int { denominatorFraction + quotientFraction - numeratorFraction }

    /// Left shift of |o| (the +1 makes room for the rounding bit).
    var dividendShift: Int { max(0, scaleShift) + 1 }
    /// Left shift of l.
    var divisorShift: Int { max(0, -scaleShift) }
    var dividendWidth: Int { numeratorWidth + dividendShift }
    var divisorWidth: Int { denominatorWidth + divisorShift }
    /// Without saturation X < Y * 2^W, so the remainder needs no more than divisorWidth + W bits.
    var remainderWidth: Int { min(dividendWidth, divisorWidth + quotientWidth) }
    var shiftedDivisorWidth: Int { divisorWidth + quotientWidth - 1 }
    var counterWidth: Int { bitsFor(quotientWidth) }

    public func validate() throws {
        try validateParameters()
        try require(numeratorWidth + max(0, scaleShift) <= 60,
                    "numeratorWidth + (denominatorFraction + quotientFraction - numeratorFraction) must be <= 60, got \(numeratorWidth + max(0, scaleShift))")
        try require(denominatorWidth + divisorShift <= 60,
                    "denominatorWidth + (numeratorFraction - denominatorFraction - quotientFraction) must be <= 60, got \(denominatorWidth + divisorShift)")
    }

    public struct IO {
        public var start: Bit
        public var numerator: Signed
        public var denominator: Unsigned
        public var busy: Bit
        public var done: Bit
        public var quotient: Signed
    }

    public func ports(_ p: Ports) -> IO {
        IO(start: p.input("start", .bit), numerator: p.input("numerator", .sint(numeratorWidth)),
           denominator: p.input("denominator", .uint(denominatorWidth)),
           busy: p.output("busy", .bit), done: p.output("done", .bit), quotient: p.output("quotient", .sint(quotientWidth)))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let w = quotientWidth
        let busy = m.reg("busy_q", .bit, reset: false)
        let done = m.reg("done_q", .bit, reset: false)
        let count = m.reg("count", .uint(counterWidth), reset: 0)
        let remainder = m.reg("remainder", .uint(remainderWidth), reset: 0)
        let shiftedDivisor = m.reg("shifted_divisor", .uint(shiftedDivisorWidth), reset: 0)
        let quotientBits = m.reg("quotient_bits", .uint(w), reset: 0)
        let negative = m.reg("negative", .bit, reset: false)
        let saturate = m.reg("saturate", .bit, reset: false)
        let zero = m.reg("zero", .bit, reset: false)

        // Operands, aligned: |o| fits numeratorWidth bits unsigned, -2^(Wo-1) included.
        let magnitude = m.named("numerator_magnitude",
                                mux(io.numerator.msb, (-io.numerator).asUnsigned().truncated(to: numeratorWidth), io.numerator.asUnsigned()))
        let dividend = m.named("dividend", magnitude << dividendShift)
        let divisor = m.named("divisor", io.denominator << divisorShift)
        let numeratorIsZero = m.named("numerator_is_zero", magnitude == 0)
        let tooLarge = m.named("too_large", dividend >= divisor << w)
        let accept = m.named("accept", io.start && !busy)

        // One restoring step: subtract the divisor at this bit position when it fits.
        let stepWidth = max(remainderWidth, shiftedDivisorWidth)
        let fits = m.named("fits", remainder >= shiftedDivisor)
        let difference = m.named("difference",
                                 (remainder.extended(to: stepWidth) &- shiftedDivisor.extended(to: stepWidth)).truncated(to: remainderWidth))

        done <== false
        When(accept) {
            busy <== true
            count <== Unsigned(w, width: counterWidth)
            remainder <== dividend.resized(to: remainderWidth)
            shiftedDivisor <== divisor << (w - 1)
            quotientBits <== Unsigned(0, width: w)
            negative <== io.numerator.msb
            saturate <== tooLarge
            zero <== numeratorIsZero
        }.elseWhen(busy) {
            When(fits) { remainder <== difference }
            quotientBits <== concat(quotientBits.truncated(to: w - 1), fits)
            shiftedDivisor <== (shiftedDivisor >> 1).extended(to: shiftedDivisorWidth)
            count <== count &- 1
            When(count == 1) {
                busy <== false
                done <== true
            }
        }

        // Q < 2^W, so (Q + 1) / 2 <= 2^(W-1): only +2^(W-1) needs clamping on the positive side.
        let roundedMagnitude = m.named("rounded_magnitude", (quotientBits + Unsigned(1, width: 1)) >> 1)
        let largest = (1 << (w - 1)) - 1
        let positive = m.named("positive_result", mux(roundedMagnitude > Unsigned(largest, width: w),
                                                      Unsigned(largest, width: w - 1), roundedMagnitude.truncated(to: w - 1)).toSigned())
        let negated = m.named("negative_result", (-roundedMagnitude).truncated(to: w))
        // zero first: 0 / 0 would otherwise look like a saturating division by zero.
        let result = priorityMux([(zero, Signed(0, width: w)),
                                  (saturate && negative, Signed(-(1 << (w - 1)), width: w)),
                                  (saturate, Signed(largest, width: w)),
                                  (negative, negated)],
                                 otherwise: positive)
        io.quotient <== m.named("result", result)
        io.busy <== busy
        io.done <== done
    }
}

extension SoftmaxDivider {
    /// Divisions per cycle in steady state: one every `latency` cycles (a new start is taken in the `done` cycle).
    public var divisionsPerCycle: Double { 1 / Double(latency) }
}

extension SoftmaxDivider: DeclaredGenerator {
    public static var defaults: SoftmaxDivider { SoftmaxDivider() }
    public static let summary = "SU-FA output divider: round(o / l) saturated to a signed quotient, one bit per cycle"
    public static var parameters: [GeneratorParameter<SoftmaxDivider>] {
        [.integer("numerator-width", \.numeratorWidth, 2...48, help: "width of the signed numerator o"),
         .integer("numerator-fraction", \.numeratorFraction, 0...48, help: "fraction bits of o"),
         .integer("denominator-width", \.denominatorWidth, 1...48, help: "width of the unsigned denominator l"),
         .integer("denominator-fraction", \.denominatorFraction, 0...48, help: "fraction bits of l"),
         .integer("quotient-width", \.quotientWidth, 2...32, help: "width of the signed quotient (latency = width + 1)"),
         .integer("quotient-fraction", \.quotientFraction, 0...48, help: "fraction bits of the quotient")]
    }
    public var figures: [GeneratorFigure] {
        [GeneratorFigure("latency", latency), GeneratorFigure("ops_per_cycle", divisionsPerCycle)]
    }
}
