/// The SU-FA output division O = o / l (SOFA-SPEC section 4) in exact integer arithmetic.
///
/// o is a signed fixed-point number with `numeratorFraction` fraction bits, l an unsigned one with
/// `denominatorFraction`; the result is the integer code of o / l on `quotientFraction` fraction bits:
/// the exact rational o * 2^(Fl + Fq - Fo) / l rounded to nearest with ties away from zero, then clamped
/// to the signed `quotientWidth`-bit range. o = 0 gives 0; l = 0 with o != 0 gives the end of the range
/// on o's side.
public struct RoundedQuotient: Sendable, Hashable {
    public let numeratorFraction: Int
    public let denominatorFraction: Int
    public let quotientWidth: Int
    public let quotientFraction: Int

    public init(numeratorFraction: Int = 16, denominatorFraction: Int = 16, quotientWidth: Int = 8, quotientFraction: Int = 0) {
        self.numeratorFraction = numeratorFraction
        self.denominatorFraction = denominatorFraction
        self.quotientWidth = quotientWidth
        self.quotientFraction = quotientFraction
    }

    public var largest: Int { (1 << (quotientWidth - 1)) - 1 }
    public var smallest: Int { -(1 << (quotientWidth - 1)) }

    /// The quotient code for numerator code `o` and denominator code `l` (l >= 0). |o| and l, each shifted
    /// left by its side of the fraction alignment, must stay below 2^60 (the divider generator's limit).
    public func callAsFunction(_ o: Int, _ l: Int) -> Int {
        if o == 0 { return 0 }
        if l == 0 { return o > 0 ? largest : smallest }
        let k = denominatorFraction + quotientFraction - numeratorFraction
        // |o| / l * 2^k as the fraction n / d.
        let n = o.magnitude << UInt(max(k, 0))
        let d = UInt(l) << UInt(max(-k, 0))
        // Nearest integer to n / d, halves up: floor((2n + d) / 2d).
        let nearest = (2 * n + d) / (2 * d)
        let limit = UInt(o > 0 ? largest : -smallest)
        let magnitude = Int(min(nearest, limit))
        return o > 0 ? magnitude : -magnitude
    }
}
