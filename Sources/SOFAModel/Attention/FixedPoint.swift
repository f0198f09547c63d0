/// The two fixed-point operations stage 3 uses, each one adder and a shifter in hardware (docs/SU-FA.md).
enum FixedPoint {
    /// x / 2^t rounded to nearest, halves up (toward +infinity): floor((x + 2^(t-1)) / 2^t), an add then an
    /// arithmetic right shift. t <= 0 multiplies by 2^-t exactly.
    static func roundShiftRight(_ x: Int, by t: Int) -> Int {
        if t <= 0 { return x << -t }
        if t > 60 {
            // |x| < 2^59 < 2^(t-1) here (every code stage 3 forms is far narrower), so x + 2^(t-1) lies in (0, 2^t).
            precondition(x.magnitude < 1 << 59, "fixed-point value out of range")
            return 0
        }
        return (x + (1 << (t - 1))) >> t
    }

    /// An exp2 result (mantissa / 2^P / 2^shift) as an unsigned fixed-point code with `fraction` fraction bits:
    /// mantissa * 2^(fraction - P - shift), rounded to nearest with halves up.
    static func align(mantissa: Int, shift: Int, mantissaBits: Int, toFraction fraction: Int) -> Int {
        roundShiftRight(mantissa, by: mantissaBits + shift - fraction)
    }

    /// Bits of an unsigned number: the position of its leading one plus one (0 for 0).
    static func bitLength(_ x: Int) -> Int { Int.bitWidth - x.leadingZeroBitCount }

    /// ceil(log2 x) for x >= 1.
    static func ceilLog2(_ x: Int) -> Int { x <= 1 ? 0 : bitLength(x - 1) }
}
