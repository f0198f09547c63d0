import HDL

/// One MAC lane of a SU-FA row: a single signed multiplier that serves both passes of a key, so the lanes are
/// shared and a rescale costs no extra cycle (docs/SU-FA.md section 4). Two stages: the beat's multiply, then (one
/// clock edge later) the shift and the add.
///
/// In the beat's cycle the lane multiplies `data` (k[i] or v[i]) by `factor` (q[i] or an aligned mantissa), or on a
/// miss the accumulator o[i] (`accumulator`) by the mantissa of r. One cycle later it gives
/// - `score`: `term` = k[i] * q[i] (exact in 16 bits);
/// - `first`: `next` = v[i] * 2^F;
/// - `hit`: `next` = `current` + (v[i] * factor) << shift, with `current` the accumulator read in that later cycle
///   (p = factor << shift);
/// - `miss`: `next` = round((o[i] * factor) << shift / 2^F_r) + v[i] * 2^F, halves up (r = factor << shift; the shift
///   moves the rounding point, so the rounding constant is fixed).
///
/// The multiplier is accumulator-wide by weight-mantissa-wide (W_o x (min(P, max(F, F_r)) + 2) bits): the aligned
/// exp2 result keeps at most P + 1 significant bits, so o * r needs no F_r-bit multiplier. Every `next` fits the
/// accumulator by docs/SU-FA.md section 6, so the wrapping adds are exact.
public struct SUFALane: Module, Sendable {
    /// W_o: bits of o[i].
    public var accumulatorWidth: Int
    /// Bits of the signed `factor` (q[i], or an aligned mantissa zero-extended).
    public var factorWidth: Int
    public var shiftWidth: Int
    /// F: fraction bits of p and o.
    public var weightFraction: Int
    /// F_r: fraction bits of r.
    public var rescaleFraction: Int

    public init(accumulatorWidth: Int, factorWidth: Int, shiftWidth: Int, weightFraction: Int, rescaleFraction: Int) {
        self.accumulatorWidth = accumulatorWidth
        self.factorWidth = factorWidth
        self.shiftWidth = shiftWidth
        self.weightFraction = weightFraction
        self.rescaleFraction = rescaleFraction
    }

    public func validate() throws {
        try require(accumulatorWidth >= weightFraction + 8, "the accumulator must hold v * 2^F")
        try require(factorWidth >= 8, "the factor must hold q")
        try require((1...16).contains(shiftWidth), "shift width must be 1...16, got \(shiftWidth)")
        try require(weightFraction >= 1 && rescaleFraction >= 1, "fractions must be at least 1 bit")
    }

    /// o * r is at most |o| * 2^F_r: one bit more than that holds it with its sign.
    var rescaledWidth: Int { accumulatorWidth + rescaleFraction + 1 }

    public struct IO {
        public var operation: EnumValue<SUFALaneOperation>
        public var data: Signed
        public var factor: Signed
        public var shift: Unsigned
        /// o[i] in the beat's cycle (the multiplicand of a miss).
        public var accumulator: Signed
        /// o[i] in the cycle after (the addend of a hit).
        public var current: Signed
        public var term: Signed
        public var next: Signed
    }

    public func ports(_ p: Ports) -> IO {
        IO(operation: p.input("operation", .enumeration(SUFALaneOperation.self)), data: p.input("data", .sint(8)),
           factor: p.input("factor", .sint(factorWidth)), shift: p.input("shift", .uint(shiftWidth)),
           accumulator: p.input("accumulator", .sint(accumulatorWidth)), current: p.input("current", .sint(accumulatorWidth)),
           term: p.output("term", .sint(16)), next: p.output("next", .sint(accumulatorWidth)))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let w = accumulatorWidth
        // Stage 1: the one multiplier: o * r' on a miss, otherwise the 8-bit data (k or v) times q or p'.
        let multiplicand = m.named("multiplicand", mux(io.operation == SUFALaneOperation.miss, io.accumulator, io.data.extended(to: w)))
        let product = m.regNext(m.named("product", multiplicand * io.factor), name: "product_q")
        let operation = m.regNext(io.operation, name: "operation_q")
        let data = m.regNext(io.data, name: "data_q")
        let shift = m.regNext(io.shift, name: "shift_q")

        // Stage 2: the shift, the rounding of a miss, the add of a hit.
        let isMiss = m.named("is_miss", operation == SUFALaneOperation.miss)
        let shifted = m.named("shifted", product.resized(to: rescaledWidth) &<< shift)
        let weighted = m.named("weighted", data << weightFraction)
        let hitNext = io.current &+ shifted.truncated(to: w)
        let rounded = m.named("rescaled", (shifted + Signed(1 << (rescaleFraction - 1), width: rescaleFraction + 1)) >> rescaleFraction)
        let missNext = (rounded + weighted).resized(to: w)
        io.term <== product.resized(to: 16)
        io.next <== m.named("next_value", priorityMux([(isMiss, missNext), (operation == SUFALaneOperation.hit, hitNext)],
                                                      otherwise: weighted.extended(to: w)))
    }
}
