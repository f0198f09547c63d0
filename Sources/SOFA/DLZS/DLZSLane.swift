import HDL

/// The DLZS predictor's lanes: each stores the LZ code of its q (sign, zero flag, exponent, most significant
/// first) and is a `ShiftAddPE`. The PEs' inversions are not completed per lane: the row adds every lane's
/// `negate` into the sum (-x = ~x + 1), so there is no incrementer per lane.
public enum DLZSLane: ScoreLane {
    public static var rowName: String { "DLZSRow" }
    public static var elementName: String { "code" }

    static func pe(_ shape: ScoreArrayShape) -> ShiftAddPE { ShiftAddPE(dataWidth: shape.dataWidth) }

    /// A code: sign, zero flag, exponent.
    public static func element(_ shape: ScoreArrayShape) -> UnsignedShape { .uint(2 + pe(shape).exponentWidth) }

    public static func beat(_ m: Scope, _ shape: ScoreArrayShape, elements: [Unsigned], k: [Signed]) -> (sum: Signed, wiring: Block) {
        let ew = pe(shape).exponentWidth
        let pes = (0..<shape.lanes).map { m.instance("pe_\($0)", pe(shape)) }
        // Inverted terms plus the count of inversions = the exact sum of the signed terms.
        let corrections = pes.map { $0.negate.asUnsignedValue() }.sum()
        let sum = pes.map(\.term).sum() + corrections.toSigned()
        return (sum, wire(pes, elements, k, ew))
    }

    @HardwareBuilder
    static func wire(_ pes: [ShiftAddPE.IO], _ codes: [Unsigned], _ k: [Signed], _ ew: Int) -> Block {
        for (l, pe) in pes.enumerated() {
            pe.sign <== codes[l][ew + 1]
            pe.zero <== codes[l][ew]
            pe.exponent <== codes[l][ew - 1, 0]
            pe.k <== k[l]
        }
    }
}

/// One predictor row (one query): LZ codes of its q, shift-add lanes.
public typealias DLZSRow = ScoreArrayRow<DLZSLane>
