/// How the LZ encoder turns |q| into a power of two (SOFA-SPEC section 2).
public enum LZRounding: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// e = floor(log2 |q|): the position of the leading one.
    case floor
    /// e + 1 when the bit just below the leading one is 1 (|q| rounded to the nearer power of two, ties up).
    case nearest

    public var description: String { rawValue }
}
