import HDL

/// The payloads of a SU-FA row's streams.

/// One beat of a key: L int8 elements of k_j, and whether k_j is the row's last key (read on the key's final beat).
public struct SUFAKeyBeat: Bundle {
    public var data: [Signed]
    public var last: Bit

    static func shape(lanes: Int) -> BundleShape<SUFAKeyBeat> {
        BundleShape { f in SUFAKeyBeat(data: f.field("data", .vec(lanes, .sint(8))), last: f.field("last", .bit)) }
    }
}

/// One output element O[i] of a row: its value (signed, F_out fraction bits), its index i, and whether it is the
/// row's last.
public struct SUFAOutputElement: Bundle {
    public var data: Signed
    public var index: Unsigned
    public var last: Bit

    static func shape(width: Int, indexWidth: Int) -> BundleShape<SUFAOutputElement> {
        BundleShape { f in
            SUFAOutputElement(data: f.field("data", .sint(width)), index: f.field("index", .uint(indexWidth)), last: f.field("last", .bit))
        }
    }
}

/// A finished row's state handed to the output stage: o[0 ..< d], l, and the row's head dimension.
public struct SUFASnapshot: Bundle {
    public var accumulators: [Signed]
    public var sum: Unsigned
    public var dim: Unsigned

    static func shape(headDim: Int, accumulatorWidth: Int, sumWidth: Int, dimWidth: Int) -> BundleShape<SUFASnapshot> {
        BundleShape { f in
            SUFASnapshot(accumulators: f.field("o", .vec(headDim, .sint(accumulatorWidth))), sum: f.field("l", .uint(sumWidth)),
                         dim: f.field("dim", .uint(dimWidth)))
        }
    }
}
