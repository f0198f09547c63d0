/// Small helpers the constructions share.
enum NetworkSizes {
    /// The smallest power of two >= n (n >= 1).
    static func nextPowerOfTwo(_ n: Int) -> Int {
        n <= 1 ? 1 : 1 << (Int.bitWidth - (n - 1).leadingZeroBitCount)
    }

    /// Removes the comparators that touch positions >= n and the layers left empty (see `BitonicSorter`
    /// for why that is exact for one-direction networks).
    static func truncated(_ layers: [[Comparator]], to n: Int) -> [[Comparator]] {
        layers.map { $0.filter { $0.high < n && $0.low < n } }.filter { !$0.isEmpty }
    }
}
