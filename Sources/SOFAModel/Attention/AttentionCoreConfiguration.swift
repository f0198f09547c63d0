/// The attention core the model mirrors (ATTENTION-CORE 4): the generator parameters that change what it
/// computes or accepts. Defaults are those of the default core (R = 16, d = 32, N_max = 256).
public struct AttentionCoreConfiguration: Sendable, Hashable {
    /// R: query rows per tile (they share one pass of the keys through the predictor).
    public var rows: Int
    /// N_max: keys the K/V memories hold.
    public var maxKeys: Int
    /// d_max: the widest head.
    public var maxHeadDim: Int
    /// SADS entries held per segment: the runtime's k_s = ceil(keep * L) must not exceed it.
    public var winners: Int
    /// DLZS exponent rounding (SOFA-SPEC 2).
    public var rounding: LZCode.Rounding
    /// Stage 3's number formats.
    public var format: SUFAFormat

    public init(rows: Int = 16, maxKeys: Int = 256, maxHeadDim: Int = 32, winners: Int = 64,
                rounding: LZCode.Rounding = .floor, format: SUFAFormat = SUFAFormat()) {
        self.rows = rows
        self.maxKeys = maxKeys
        self.maxHeadDim = maxHeadDim
        self.winners = winners
        self.rounding = rounding
        self.format = format
    }

    public func validate() throws {
        try require((1...4096).contains(rows), "rows must be 1...4096, got \(rows)")
        try require((1...(1 << 16)).contains(maxKeys), "max keys must be 1...65536, got \(maxKeys)")
        try require((1...128).contains(maxHeadDim), "max head dimension must be 1...128, got \(maxHeadDim)")
        try require((1...maxKeys).contains(winners), "winners must be 1...max keys (\(maxKeys)), got \(winners)")
        try format.validate()
        // The divider takes at most 48-bit operands (SoftmaxDivider.validate).
        try require(accumulatorWidth <= 48, "o needs \(accumulatorWidth) bits (more than the divider's 48): lower the weight fraction or max keys")
        try require(sumWidth <= 48, "l needs \(sumWidth) bits (more than the divider's 48): lower the weight fraction or max keys")
        // The model's products stay within Int: o * r and diff * c_m.
        try require(accumulatorWidth + format.rescaleWidth <= 62,
                    "o * r needs \(accumulatorWidth + format.rescaleWidth) bits: lower the rescale fraction")
        try require(format.exponentProductWidth(headDim: maxHeadDim) <= 60, "diff * c needs more than 60 bits")
    }

    /// Widths of the core's stage-3 registers for this configuration (docs/SU-FA.md proves them).
    public var scoreWidth: Int { SUFAFormat.scoreWidth(headDim: maxHeadDim) }
    public var differenceWidth: Int { SUFAFormat.differenceWidth(headDim: maxHeadDim) }
    public var sumWidth: Int { format.sumWidth(maxKeys: maxKeys) }
    public var accumulatorWidth: Int { format.accumulatorWidth(maxKeys: maxKeys) }
}
