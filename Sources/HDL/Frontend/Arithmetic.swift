// Arithmetic with defined result widths, in the spirit of Swift's own integers:
//   a + b, a - b   widen by one bit and never overflow (Unsigned - Unsigned is Signed)
//   a &+ b, a &- b wrap at the wider operand's width
//   a * b          full product (width wa + wb); a &* b wraps at the wider operand's width
// Operands narrower than the result are zero- or sign-extended first.

func binaryNode(_ op: BinaryOp, _ a: Node, _ b: Node, width: Int, signed: Bool) -> Node {
    Node(.binary(op, a.extended(to: width).cast(signed: signed), b.extended(to: width).cast(signed: signed)),
         HWType(width: width, signed: signed))
}

extension Unsigned {
    public static func + (a: Unsigned, b: Unsigned) -> Unsigned {
        Unsigned(node: binaryNode(.add, a.node, b.node, width: max(a.width, b.width) + 1, signed: false))
    }

    public static func &+ (a: Unsigned, b: Unsigned) -> Unsigned {
        Unsigned(node: binaryNode(.add, a.node, b.node, width: max(a.width, b.width), signed: false))
    }

    /// Exact difference: one bit wider than the wider operand, signed.
    public static func - (a: Unsigned, b: Unsigned) -> Signed {
        let w = max(a.width, b.width) + 1
        return Signed(node: binaryNode(.sub, a.node.extended(to: w).cast(signed: true),
                                       b.node.extended(to: w).cast(signed: true), width: w, signed: true))
    }

    public static func &- (a: Unsigned, b: Unsigned) -> Unsigned {
        Unsigned(node: binaryNode(.sub, a.node, b.node, width: max(a.width, b.width), signed: false))
    }

    public static func * (a: Unsigned, b: Unsigned) -> Unsigned {
        Unsigned(node: Node(.binary(.mul, a.node, b.node), .unsigned(a.width + b.width)))
    }

    public static func &* (a: Unsigned, b: Unsigned) -> Unsigned {
        (a * b).truncatedNode(to: max(a.width, b.width))
    }

    /// Exact negation (signed, one bit wider).
    public static prefix func - (a: Unsigned) -> Signed {
        let w = a.width + 1
        return Signed(node: binaryNode(.sub, Signed(0, width: 1).node, a.node.extended(to: w).cast(signed: true),
                                       width: w, signed: true))
    }
}

extension Signed {
    public static func + (a: Signed, b: Signed) -> Signed {
        Signed(node: binaryNode(.add, a.node, b.node, width: max(a.width, b.width) + 1, signed: true))
    }

    public static func &+ (a: Signed, b: Signed) -> Signed {
        Signed(node: binaryNode(.add, a.node, b.node, width: max(a.width, b.width), signed: true))
    }

    public static func - (a: Signed, b: Signed) -> Signed {
        Signed(node: binaryNode(.sub, a.node, b.node, width: max(a.width, b.width) + 1, signed: true))
    }

    public static func &- (a: Signed, b: Signed) -> Signed {
        Signed(node: binaryNode(.sub, a.node, b.node, width: max(a.width, b.width), signed: true))
    }

    public static func * (a: Signed, b: Signed) -> Signed {
        Signed(node: Node(.binary(.mul, a.node, b.node), .signed(a.width + b.width)))
    }

    public static func &* (a: Signed, b: Signed) -> Signed {
        Signed(node: (a * b).node.slice(lo: 0, width: max(a.width, b.width)).cast(signed: true))
    }

    /// Exact negation (one bit wider, so -(-128) fits).
    public static prefix func - (a: Signed) -> Signed {
        Signed(0, width: 1) - a
    }
}

extension Unsigned {
    fileprivate func truncatedNode(to w: Int) -> Unsigned {
        Unsigned(node: node.slice(lo: 0, width: w))
    }
}

extension Array where Element == Unsigned {
    /// Sum of all elements as a balanced adder tree; the result is wide enough never to overflow.
    public func sum() -> Unsigned {
        HDL.balancedReduce(self, +) ?? Unsigned(0, width: 1)
    }
}

extension Array where Element == Signed {
    /// Sum of all elements as a balanced adder tree; the result is wide enough never to overflow.
    public func sum() -> Signed {
        HDL.balancedReduce(self, +) ?? Signed(0, width: 1)
    }
}

/// Combines values pairwise in a balanced tree (log depth), preserving order; nil for an empty array.
public func balancedReduce<T>(_ items: [T], _ combine: (T, T) -> T) -> T? {
    guard !items.isEmpty else { return nil }
    var level = items
    while level.count > 1 {
        var next: [T] = []
        next.reserveCapacity((level.count + 1) / 2)
        var i = 0
        while i + 1 < level.count {
            next.append(combine(level[i], level[i + 1]))
            i += 2
        }
        if i < level.count { next.append(level[i]) }
        level = next
    }
    return level[0]
}
