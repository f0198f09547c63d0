/// One query row of stage 3 (SU-FA), bit for bit (docs/SU-FA.md): online softmax over keys in the order they
/// arrive, each as its exact score s_j = q . k_j and its value row v_j (int8).
///
/// State: the running maximum m (an exact score), the sum l and the accumulators o[d], fixed point with F
/// fraction bits. The first key sets m and adds weight 1: l = 2^F, o = v * 2^F. Every later key takes one exp2
/// evaluation of u(|s_j - m|) (`SoftmaxConstant.exponentInput`):
/// - s_j <= m (a hit): p = the exp2 result aligned to F fraction bits (`FixedPoint.align`: rounded, halves up);
///   l += p; o[i] += p * v[i] (exact products).
/// - s_j > m (a miss): r = the exp2 result aligned to F_r fraction bits; l = round(l * r / 2^F_r) + 2^F,
///   o[i] = round(o[i] * r / 2^F_r) + v[i] * 2^F (halves up); m = s_j; one rescale.
/// At the end O[i] = o[i] / l by the divider (`RoundedQuotient`: nearest, ties away from zero, saturated), one
/// division per element.
public struct SUFARowModel: Sendable {
    public let format: SUFAFormat
    public let constant: SoftmaxConstant
    public let headDim: Int
    private let exp2: Exp2Approximation
    private let divider: RoundedQuotient

    /// m: nil until the first key.
    public private(set) var runningMax: Int?
    /// l, with F fraction bits.
    public private(set) var sum = 0
    /// o[0 ..< d], with F fraction bits, in units of the value scale sv.
    public private(set) var accumulators: [Int]
    public private(set) var keys = 0
    public private(set) var rescales = 0
    public private(set) var exp2Evaluations = 0

    public enum Kind: String, Sendable, Hashable {
        /// The row's first key: sets m, weight 1, no exp2.
        case first
        /// s_j <= m: weighted by p = exp2(-(m - s_j) c).
        case hit
        /// s_j > m: the state is rescaled by r = exp2(-(s_j - m) c), the key added with weight 1.
        case miss
    }

    /// What one key did: the values an RTL engineer can probe.
    public struct Step: Sendable, Hashable {
        public var kind: Kind
        public var score: Int
        /// |s_j - m| before the key (0 for the first).
        public var difference: Int
        /// u, the exp2 unit's input (nil for the first key: no evaluation).
        public var exponentInput: Int?
        public var exp2: Exp2Approximation.Result?
        /// The weight added to l: p (hit) or 2^F (first, miss).
        public var weight: Int
        /// r with F_r fraction bits (miss only).
        public var factor: Int?
        /// l after the key.
        public var sum: Int
    }

    public init(format: SUFAFormat, constant: SoftmaxConstant, headDim: Int) throws {
        try format.validate()
        try constant.check(format)
        try require(headDim >= 1, "head dimension must be at least 1, got \(headDim)")
        self.format = format
        self.constant = constant
        self.headDim = headDim
        exp2 = format.exp2
        divider = format.divider
        accumulators = [Int](repeating: 0, count: headDim)
    }

    /// Processes one key: its exact score and its value row (d int8 values, -128...127).
    @discardableResult
    public mutating func push(score: Int, value: [Int]) -> Step {
        precondition(value.count == headDim, "a value row has \(headDim) elements")
        let f = format.weightFraction
        keys += 1
        guard let m = runningMax else {
            runningMax = score
            sum = 1 << f
            for i in 0..<headDim { accumulators[i] = value[i] << f }
            return Step(kind: .first, score: score, difference: 0, weight: 1 << f, sum: sum)
        }
        let difference = score <= m ? m - score : score - m
        let u = constant.exponentInput(difference: difference, format: format)
        let e = exp2.evaluate(u)
        exp2Evaluations += 1
        if score <= m {
            let p = FixedPoint.align(mantissa: e.mantissa, shift: e.shift, mantissaBits: format.exp2MantissaBits, toFraction: f)
            sum += p
            for i in 0..<headDim { accumulators[i] += p * value[i] }
            return Step(kind: .hit, score: score, difference: difference, exponentInput: u, exp2: e, weight: p, sum: sum)
        }
        let fr = format.rescaleFraction
        let r = FixedPoint.align(mantissa: e.mantissa, shift: e.shift, mantissaBits: format.exp2MantissaBits, toFraction: fr)
        sum = FixedPoint.roundShiftRight(Self.product(sum, r), by: fr) + (1 << f)
        for i in 0..<headDim {
            accumulators[i] = FixedPoint.roundShiftRight(Self.product(accumulators[i], r), by: fr) + (value[i] << f)
        }
        runningMax = score
        rescales += 1
        return Step(kind: .miss, score: score, difference: difference, exponentInput: u, exp2: e, weight: 1 << f,
                    factor: r, sum: sum)
    }

    /// O[i] = o[i] / l as the divider computes it: `outputFraction` fraction bits, units of sv. A row without keys
    /// outputs zeros.
    public func output() -> [Int] {
        guard keys > 0 else { return [Int](repeating: 0, count: headDim) }
        return accumulators.map { divider($0, sum) }
    }

    /// Divisions the row's end takes: one per output element.
    public var divisions: Int { keys > 0 ? headDim : 0 }

    /// The widths `AttentionCoreConfiguration.validate` allows keep this far from Int's range; trap rather than wrap.
    private static func product(_ a: Int, _ b: Int) -> Int {
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        precondition(!overflow, "rescale product overflows Int")
        return p
    }
}
