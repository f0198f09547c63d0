// Bitwise operators. Operands of different widths are extended (by their signedness) to the wider width.

func bitwise(_ op: BinaryOp, _ a: Node, _ b: Node) -> Node {
    let w = max(a.width, b.width)
    return binaryNode(op, a, b, width: w, signed: a.signed)
}

func complement(_ a: Node) -> Node {
    if let c = a.constantValue {
        return .constant(Constant(words: c.words.map { ~$0 }, width: c.width), signed: a.signed)
    }
    return Node(.unary(.not, a), a.type)
}

extension Unsigned {
    public static func & (a: Unsigned, b: Unsigned) -> Unsigned { Unsigned(node: bitwise(.and, a.node, b.node)) }
    public static func | (a: Unsigned, b: Unsigned) -> Unsigned { Unsigned(node: bitwise(.or, a.node, b.node)) }
    public static func ^ (a: Unsigned, b: Unsigned) -> Unsigned { Unsigned(node: bitwise(.xor, a.node, b.node)) }
    public static prefix func ~ (a: Unsigned) -> Unsigned { Unsigned(node: complement(a.node)) }
}

extension Signed {
    public static func & (a: Signed, b: Signed) -> Signed { Signed(node: bitwise(.and, a.node, b.node)) }
    public static func | (a: Signed, b: Signed) -> Signed { Signed(node: bitwise(.or, a.node, b.node)) }
    public static func ^ (a: Signed, b: Signed) -> Signed { Signed(node: bitwise(.xor, a.node, b.node)) }
    public static prefix func ~ (a: Signed) -> Signed { Signed(node: complement(a.node)) }
}

extension Bit {
    public static func & (a: Bit, b: Bit) -> Bit { Bit(node: bitwise(.and, a.node, b.node)) }
    public static func | (a: Bit, b: Bit) -> Bit { Bit(node: bitwise(.or, a.node, b.node)) }
    public static func ^ (a: Bit, b: Bit) -> Bit { Bit(node: bitwise(.xor, a.node, b.node)) }
    public static prefix func ~ (a: Bit) -> Bit { Bit(node: complement(a.node)) }

    public static func && (a: Bit, b: Bit) -> Bit { a & b }
    public static func || (a: Bit, b: Bit) -> Bit { a | b }
    public static prefix func ! (a: Bit) -> Bit { ~a }
}

extension Array where Element == Bit {
    /// True when any element is 1 (an OR tree).
    public func any() -> Bit { balancedReduce(self, |) ?? false }
    /// True when every element is 1 (an AND tree).
    public func all() -> Bit { balancedReduce(self, &) ?? true }
}
