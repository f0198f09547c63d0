import HDL

/// The exact MAC array's lanes: each stores its q as is and is a `MultiplyPE` (the full q * k product).
public enum MACLane: ScoreLane {
    public static var rowName: String { "MACRow" }
    public static var elementName: String { "q" }
    /// The row holds "q" (all of it), not "qs".
    public static var storageName: String { "q" }

    public static func element(_ shape: ScoreArrayShape) -> SignedShape { .sint(shape.dataWidth) }

    public static func beat(_ m: Scope, _ shape: ScoreArrayShape, elements: [Signed], k: [Signed]) -> (sum: Signed, wiring: Block) {
        let pes = (0..<shape.lanes).map { m.instance("pe_\($0)", MultiplyPE(dataWidth: shape.dataWidth)) }
        return (pes.map(\.product).sum(), wire(pes, elements, k))
    }

    @HardwareBuilder
    static func wire(_ pes: [MultiplyPE.IO], _ q: [Signed], _ k: [Signed]) -> Block {
        for (l, pe) in pes.enumerated() {
            pe.q <== q[l]
            pe.k <== k[l]
        }
    }
}

/// One exact row (one query) of the MAC array: its q, multiplier lanes.
public typealias MACRow = ScoreArrayRow<MACLane>
