// Bit-level access: part selects, single bits, concatenation, replication, extension, truncation,
// reinterpretation between signed and unsigned, and reductions. Every method that can fail takes the
// caller's source line, so a bad index is reported where it was written.

extension HardwareValue {
    /// Bits `hi` down to `lo` (inclusive, Verilog order) as an `Unsigned` of width `hi - lo + 1`.
    public subscript(hi: Int, lo: Int, file: String = #fileID, line: Int = #line) -> Unsigned {
        guard lo >= 0, hi >= lo, hi < width else {
            return Unsigned(node: .invalid("bit range [\(hi):\(lo)] is outside this \(width)-bit value",
                                           .unsigned(max(1, hi - lo + 1)), SourceLocation(fileID: file, line: line)))
        }
        return Unsigned(node: node.slice(lo: lo, width: hi - lo + 1))
    }

    /// Bit `i` (0 = least significant).
    public subscript(i: Int, file: String = #fileID, line: Int = #line) -> Bit {
        guard i >= 0, i < width else {
            return Bit(node: .invalid("bit \(i) is outside this \(width)-bit value", .bit, SourceLocation(fileID: file, line: line)))
        }
        return Bit(node: node.slice(lo: i, width: 1))
    }

    /// The most significant bit (the sign of a `Signed`).
    public var msb: Bit { Bit(node: node.slice(lo: width - 1, width: 1)) }

    /// All bits, least significant first.
    public var bits: [Bit] { (0..<width).map { Bit(node: node.slice(lo: $0, width: 1)) } }

    /// The raw bits as `Unsigned` (no change for `Unsigned`, a reinterpretation for `Signed`).
    public func asUnsigned() -> Unsigned { Unsigned(node: node.cast(signed: false)) }

    /// The raw bits as `Signed` (a reinterpretation: the top bit becomes the sign).
    public func asSigned() -> Signed { Signed(node: node.cast(signed: true)) }

    /// OR of all bits.
    public func reduceOr() -> Bit { Bit(node: reduction(.reduceOr)) }
    /// AND of all bits.
    public func reduceAnd() -> Bit { Bit(node: reduction(.reduceAnd)) }
    /// XOR of all bits (parity).
    public func reduceXor() -> Bit { Bit(node: reduction(.reduceXor)) }

    private func reduction(_ op: UnaryOp) -> Node {
        if width == 1 { return node.cast(signed: false) }
        return Node(.unary(op, node), .bit)
    }

    /// `count` copies side by side.
    public func replicated(_ count: Int, file: String = #fileID, line: Int = #line) -> Unsigned {
        guard count >= 1 else {
            return Unsigned(node: .invalid("replication count must be at least 1, got \(count)", .unsigned(width),
                                           SourceLocation(fileID: file, line: line)))
        }
        return Unsigned(node: Node(.concat(Array(repeating: node, count: count)), .unsigned(width * count)))
    }
}

extension IntegerHardwareValue {
    /// Extends to `newWidth` bits: zero-extension for `Unsigned`, sign-extension for `Signed`.
    public func extended(to newWidth: Int, file: String = #fileID, line: Int = #line) -> Self {
        guard newWidth >= width else {
            return Self(node: .invalid("cannot extend a \(width)-bit value to \(newWidth) bits (use truncated(to:))",
                                       HWType(width: newWidth, signed: Self.isSigned), SourceLocation(fileID: file, line: line)))
        }
        return Self(node: node.extended(to: newWidth))
    }

    /// Keeps the low `newWidth` bits: the explicit way to drop bits (connects never truncate).
    public func truncated(to newWidth: Int, file: String = #fileID, line: Int = #line) -> Self {
        guard newWidth >= 1, newWidth <= width else {
            return Self(node: .invalid("cannot truncate a \(width)-bit value to \(newWidth) bits",
                                       HWType(width: max(1, newWidth), signed: Self.isSigned), SourceLocation(fileID: file, line: line)))
        }
        return Self(node: node.slice(lo: 0, width: newWidth).cast(signed: Self.isSigned))
    }

    /// Extends or truncates to exactly `newWidth` bits.
    public func resized(to newWidth: Int, file: String = #fileID, line: Int = #line) -> Self {
        newWidth >= width ? extended(to: newWidth, file: file, line: line) : truncated(to: newWidth, file: file, line: line)
    }
}

extension Unsigned {
    /// The same value as `Signed` (one bit wider, so it never turns negative).
    public func toSigned() -> Signed { Signed(node: node.extended(to: width + 1).cast(signed: true)) }
}

extension Bit {
    /// The bit as a 1-bit `Unsigned`.
    public func asUnsignedValue() -> Unsigned { Unsigned(node: node) }
}

extension Unsigned {
    /// A 1-bit value as a `Bit` condition; other widths are an error at this line (use `reduceOr()` or `!= 0`).
    public func asBit(file: String = #fileID, line: Int = #line) -> Bit {
        guard width == 1 else {
            return Bit(node: .invalid("asBit() needs a 1-bit value, this one has \(width) bits", .bit,
                                      SourceLocation(fileID: file, line: line)))
        }
        return Bit(node: node)
    }
}

/// Concatenation, most significant part first (as in Verilog `{a, b, c}`).
public func concat(_ parts: any HardwareValue...) -> Unsigned {
    concat(parts)
}

/// Concatenation, most significant part first.
public func concat(_ parts: [any HardwareValue]) -> Unsigned {
    guard !parts.isEmpty else { return Unsigned(node: .invalid("concat of nothing", .unsigned(1), nil)) }
    if parts.count == 1 { return parts[0].asUnsigned() }
    let nodes = parts.map(\.node)
    return Unsigned(node: Node(.concat(nodes), .unsigned(nodes.reduce(0) { $0 + $1.width })))
}

extension Array where Element == Bit {
    /// Packs bits into an `Unsigned`, element 0 as the least significant bit.
    public func packed() -> Unsigned {
        concat(reversed().map { $0 as any HardwareValue })
    }
}
