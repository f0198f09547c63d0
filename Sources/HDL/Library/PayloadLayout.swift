/// How a payload of any shape (a ground value, a vector, a user bundle) lies in one flat bit vector, so a
/// library block is one Verilog module per payload width rather than one per Swift type: the payload is
/// flattened into the block's `bits` input and rebuilt, as a value of its own type, from the block's output.
///
/// Layout: the leaves in declaration order (the order `Mirror` sees the stored properties, the order `<==`
/// connects bundles in), the first in the most significant bits, as Verilog's `{a, b, c}` and Chisel's
/// `asUInt`. Rebuilt leaves are slices of the flat vector, cast back to their signedness.
public struct PayloadLayout<Value> {
    let make: (SignalMaker, String) -> Value

    public init<S: Shape>(_ shape: S) where S.Value == Value {
        make = shape.make
    }

    /// A value of the shape built from stand-in nodes: which leaves the shape makes (in the order it makes
    /// them), and where they sit among the value's leaves in declaration order.
    private struct Probe {
        /// Stand-in leaves in the order the shape made them, and whether any was flipped.
        var made: [Node] = []
        var flipped = false
        /// Every leaf of the probe value in declaration order (stored constants included).
        var leaves: [Node] = []
        /// For each position of `leaves`: its rank among the made leaves in declaration order, or nil (a constant).
        var rank: [Int?] = []
        /// Types of the made leaves in declaration order.
        var types: [HWType] = []
        /// Made leaf (by make order) -> declaration rank; nil when the value does not store it.
        var rankOfMade: [Int?] = []
        var storedTwice = false

        var width: Int { types.reduce(0) { $0 + $1.width } }
    }

    private func probe() -> Probe {
        var p = Probe()
        let value = make(SignalMaker { _, type, isFlipped in
            if isFlipped { p.flipped = true }
            let n = Node(.invalid("payload probe", nil), type)
            p.made.append(n)
            return n
        }, "")
        var madeIndex: [ObjectIdentifier: Int] = [:]
        for (i, n) in p.made.enumerated() { madeIndex[ObjectIdentifier(n)] = i }
        p.leaves = bundleLeaves(value)
        p.rankOfMade = [Int?](repeating: nil, count: p.made.count)
        for n in p.leaves {
            guard let i = madeIndex[ObjectIdentifier(n)] else {
                p.rank.append(nil)
                continue
            }
            if p.rankOfMade[i] != nil { p.storedTwice = true }
            p.rankOfMade[i] = p.types.count
            p.rank.append(p.types.count)
            p.types.append(n.type)
        }
        return p
    }

    /// Total bits of the payload.
    public var width: Int { probe().width }

    /// Why the payload cannot travel through a flat bit vector, or nil when it can.
    public var problem: String? {
        let p = probe()
        if p.types.isEmpty { return "the payload has no bits" }
        if p.flipped { return "the payload has a flipped field (a payload flows one way)" }
        if p.rankOfMade.contains(where: { $0 == nil }) { return "the payload's value does not store every field its shape declares" }
        if p.storedTwice { return "the payload's value stores a field twice" }
        return nil
    }

    /// The payload's leaves concatenated, the first declared most significant.
    public func flatten(_ value: Value) -> Unsigned {
        let p = probe()
        let leaves = bundleLeaves(value)
        guard leaves.count == p.leaves.count, p.width > 0 else {
            return Unsigned(node: .invalid("the payload value has \(leaves.count) leaves where its shape has \(p.leaves.count)",
                                           .unsigned(max(1, p.width)), nil))
        }
        let parts = zip(leaves, p.rank).compactMap { leaf, rank in rank == nil ? nil : leaf }
        if let whole = Self.wholeVector(sliced: parts) { return Unsigned(node: whole) }
        return concat(parts.map { Unsigned(node: $0.cast(signed: false)) as any HardwareValue })
    }

    /// The vector `parts` were cut from, when they are its slices in order, most significant first, covering
    /// all of it: a payload rebuilt by one block and flattened into the next stays one wire (`queue_deq_bits`,
    /// not `{queue_deq_bits[23:8], queue_deq_bits[7:0]}`).
    private static func wholeVector(sliced parts: [Node]) -> Node? {
        var base: Node?
        var expectedTop = 0
        for part in parts {
            var n = part
            if case .cast(let inner) = n.op { n = inner }
            guard case .slice(let b, let lo) = n.op, base == nil || b === base else { return nil }
            if base == nil {
                base = b
                expectedTop = b.width
            }
            guard lo + n.width == expectedTop else { return nil }
            expectedTop = lo
        }
        guard let b = base, expectedTop == 0, !b.signed else { return nil }
        return b
    }

    /// A payload value whose leaves are slices of `bits`, laid out as `flatten` lays them.
    public func rebuild(_ bits: Unsigned) -> Value {
        let p = probe()
        var offsets: [Int] = []
        var lo = p.width
        for t in p.types {
            lo -= t.width
            offsets.append(lo)
        }
        var k = 0
        return make(SignalMaker { _, type, _ in
            defer { k += 1 }
            guard k < p.rankOfMade.count, let r = p.rankOfMade[k], bits.width == p.width else {
                return .invalid("cannot rebuild a \(p.width)-bit payload from \(bits.width) bits", type, nil)
            }
            return bits.node.slice(lo: offsets[r], width: type.width).cast(signed: type.signed)
        }, "")
    }
}
