// Shifts. Static shifts change the width (`x << 3` is 3 bits wider, `x >> 3` 3 bits narrower, at least 1);
// `&<<` keeps the width and drops the bits shifted out. Dynamic shifts take an `Unsigned` amount:
// `x << n` widens by 2^width(n) - 1 bits; `x >> n` keeps the width (arithmetic for `Signed`).

func shiftLeft(_ a: Node, by n: Int, keepWidth: Bool, location: SourceLocation) -> Node {
    if n < 0 { return .invalid("negative shift amount \(n)", a.type, location) }
    if n == 0 { return a }
    let zeros = Node.constant(.zero(width: n), signed: false)
    let shifted = Node(.concat([a, zeros]), .unsigned(a.width + n))
    if keepWidth { return shifted.slice(lo: 0, width: a.width).cast(signed: a.signed) }
    return shifted.cast(signed: a.signed)
}

func shiftRight(_ a: Node, by n: Int, location: SourceLocation) -> Node {
    if n < 0 { return .invalid("negative shift amount \(n)", a.type, location) }
    if n == 0 { return a }
    if n >= a.width {
        // Only the sign (or zero) remains.
        return a.signed ? a.slice(lo: a.width - 1, width: 1).cast(signed: true) : .constant(.zero(width: 1), signed: false)
    }
    return a.slice(lo: n, width: a.width - n).cast(signed: a.signed)
}

func dynamicShiftLeft(_ a: Node, _ amount: Node, keepWidth: Bool, location: SourceLocation) -> Node {
    guard amount.width <= 16 else {
        return .invalid("dynamic shift amount of \(amount.width) bits is too wide (at most 16)", a.type, location)
    }
    let grow = keepWidth ? 0 : (1 << amount.width) - 1
    let w = a.width + grow
    return Node(.binary(.shl, a.extended(to: w), amount), HWType(width: w, signed: a.signed))
}

func dynamicShiftRight(_ a: Node, _ amount: Node) -> Node {
    Node(.binary(.shr, a, amount), a.type)
}

extension Unsigned {
    public static func << (a: Unsigned, n: Int) -> Unsigned {
        Unsigned(node: shiftLeft(a.node, by: n, keepWidth: false, location: .unknown))
    }
    public static func &<< (a: Unsigned, n: Int) -> Unsigned {
        Unsigned(node: shiftLeft(a.node, by: n, keepWidth: true, location: .unknown))
    }
    public static func >> (a: Unsigned, n: Int) -> Unsigned {
        Unsigned(node: shiftRight(a.node, by: n, location: .unknown))
    }
    public static func << (a: Unsigned, n: Unsigned) -> Unsigned {
        Unsigned(node: dynamicShiftLeft(a.node, n.node, keepWidth: false, location: .unknown))
    }
    public static func &<< (a: Unsigned, n: Unsigned) -> Unsigned {
        Unsigned(node: dynamicShiftLeft(a.node, n.node, keepWidth: true, location: .unknown))
    }
    public static func >> (a: Unsigned, n: Unsigned) -> Unsigned {
        Unsigned(node: dynamicShiftRight(a.node, n.node))
    }
}

extension Signed {
    public static func << (a: Signed, n: Int) -> Signed {
        Signed(node: shiftLeft(a.node, by: n, keepWidth: false, location: .unknown))
    }
    public static func &<< (a: Signed, n: Int) -> Signed {
        Signed(node: shiftLeft(a.node, by: n, keepWidth: true, location: .unknown))
    }
    /// Arithmetic shift right (the sign is kept).
    public static func >> (a: Signed, n: Int) -> Signed {
        Signed(node: shiftRight(a.node, by: n, location: .unknown))
    }
    public static func << (a: Signed, n: Unsigned) -> Signed {
        Signed(node: dynamicShiftLeft(a.node, n.node, keepWidth: false, location: .unknown))
    }
    public static func &<< (a: Signed, n: Unsigned) -> Signed {
        Signed(node: dynamicShiftLeft(a.node, n.node, keepWidth: true, location: .unknown))
    }
    /// Arithmetic shift right by a dynamic amount.
    public static func >> (a: Signed, n: Unsigned) -> Signed {
        Signed(node: dynamicShiftRight(a.node, n.node))
    }
}
