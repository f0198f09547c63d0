/// ceil(log2 n): the number of address bits that tell `n` things apart, and the exponent of the smallest
/// power of two >= n. 0 for n <= 1 (2^0 = 1 already covers them).
///
///     log2Ceil(1) == 0, log2Ceil(2) == 1, log2Ceil(5) == 3, log2Ceil(8) == 3, log2Ceil(Int.max) == 63
public func log2Ceil(_ n: Int) -> Int {
    n <= 1 ? 0 : Int.bitWidth - (n - 1).leadingZeroBitCount
}

/// Bits of an unsigned number that holds every value in 0...maxValue, and at least 1 (a signal needs a bit
/// even when it is always 0). Values below 0 count as 0.
///
///     bitsFor(0) == 1, bitsFor(1) == 1, bitsFor(2) == 2, bitsFor(255) == 8, bitsFor(256) == 9
///
/// The index of one of `count` items needs `bitsFor(count - 1)` bits; a counter that reaches `count`
/// needs `bitsFor(count)`.
public func bitsFor(_ maxValue: Int) -> Int {
    maxValue <= 1 ? 1 : Int.bitWidth - maxValue.leadingZeroBitCount
}
