// Comparisons yield a `Bit`. Operands are extended to the wider width first, so `x == 300` on an 8-bit
// `x` is simply false rather than a truncated comparison.

func compare(_ op: BinaryOp, _ a: Node, _ b: Node) -> Bit {
    let w = max(a.width, b.width)
    if let ca = a.constantValue, let cb = b.constantValue, let result = foldCompare(op, ca, cb, w, a.signed) {
        return Bit(booleanLiteral: result)
    }
    if let result = foldUnsignedBound(op, a, b) { return Bit(booleanLiteral: result) }
    return Bit(node: Node(.binary(op, a.extended(to: w), b.extended(to: w)), .bit))
}

/// Comparisons an unsigned value always passes or fails (`x >= 0`, `x < 0`, `x <= max`, `max >= x` for the
/// largest value of x's width): folded, so the Verilog never holds a comparison that lint tools flag as constant.
private func foldUnsignedBound(_ op: BinaryOp, _ a: Node, _ b: Node) -> Bool? {
    guard !a.signed, !b.signed else { return nil }
    if let cb = b.constantValue, a.constantValue == nil, cb.width >= a.width,
       cb == Constant.ones(width: a.width).extended(to: cb.width, signed: false) {
        if op == .le { return true }
        if op == .gt { return false }
    }
    if let ca = a.constantValue, b.constantValue == nil, ca.width >= b.width,
       ca == Constant.ones(width: b.width).extended(to: ca.width, signed: false) {
        if op == .ge { return true }
        if op == .lt { return false }
    }
    if let cb = b.constantValue, cb.isZero {
        if op == .ge { return true }
        if op == .lt { return false }
    }
    if let ca = a.constantValue, ca.isZero {
        if op == .le { return true }
        if op == .gt { return false }
    }
    return nil
}

private func foldCompare(_ op: BinaryOp, _ a: Constant, _ b: Constant, _ w: Int, _ signed: Bool) -> Bool? {
    let x = a.extended(to: w, signed: signed), y = b.extended(to: w, signed: signed)
    switch op {
    case .eq: return x == y
    case .ne: return x != y
    default: return nil
    }
}

extension Unsigned {
    public static func == (a: Unsigned, b: Unsigned) -> Bit { compare(.eq, a.node, b.node) }
    public static func != (a: Unsigned, b: Unsigned) -> Bit { compare(.ne, a.node, b.node) }
    public static func < (a: Unsigned, b: Unsigned) -> Bit { compare(.lt, a.node, b.node) }
    public static func <= (a: Unsigned, b: Unsigned) -> Bit { compare(.le, a.node, b.node) }
    public static func > (a: Unsigned, b: Unsigned) -> Bit { compare(.gt, a.node, b.node) }
    public static func >= (a: Unsigned, b: Unsigned) -> Bit { compare(.ge, a.node, b.node) }
}

extension Signed {
    public static func == (a: Signed, b: Signed) -> Bit { compare(.eq, a.node, b.node) }
    public static func != (a: Signed, b: Signed) -> Bit { compare(.ne, a.node, b.node) }
    public static func < (a: Signed, b: Signed) -> Bit { compare(.lt, a.node, b.node) }
    public static func <= (a: Signed, b: Signed) -> Bit { compare(.le, a.node, b.node) }
    public static func > (a: Signed, b: Signed) -> Bit { compare(.gt, a.node, b.node) }
    public static func >= (a: Signed, b: Signed) -> Bit { compare(.ge, a.node, b.node) }
}

extension Bit {
    public static func == (a: Bit, b: Bit) -> Bit { compare(.eq, a.node, b.node) }
    public static func != (a: Bit, b: Bit) -> Bit { compare(.ne, a.node, b.node) }
}
