/// Batcher's odd-even merge sort (K. E. Batcher, "Sorting networks and their applications", AFIPS SJCC 1968;
/// Knuth, TAOCP vol. 3, section 5.3.4).
///
/// For n = 2^m the layers are indexed by (p, d): p = 1, 2, 4, ..., n/2 merges sorted runs of p into runs
/// of 2p, in layers d = p, p/2, ..., 1. Layer (p, d) compares i with i + d for the groups of d positions
/// that start at d mod p and repeat every 2d, keeping only pairs inside one run of 2p (Batcher's merge:
/// first the two runs elementwise, then ever closer odd/even neighbours).
/// m(m+1)/2 layers and (m^2 - m + 4) 2^(m-2) - 1 comparators (SOFA-SPEC section 3): fewer than bitonic,
/// at the cost of an irregular pattern. All comparators send the preferred element to the lower position.
///
/// Any other n: truncated from the next power of two exactly like `BitonicSorter` (the never-preferred
/// padding argument holds for every one-direction network).
enum OddEvenMergeSorter {
    static func layers(inputs n: Int) -> [[Comparator]] {
        let size = NetworkSizes.nextPowerOfTwo(n)
        var layers: [[Comparator]] = []
        var p = 1
        while p < size {
            var d = p
            while d >= 1 {
                var layer: [Comparator] = []
                var j = d % p
                while j + d < size {
                    for i in 0..<min(d, size - j - d) where (i + j) / (2 * p) == (i + j + d) / (2 * p) {
                        layer.append(Comparator(high: i + j, low: i + j + d))
                    }
                    j += 2 * d
                }
                layers.append(layer)
                d /= 2
            }
            p *= 2
        }
        return NetworkSizes.truncated(layers, to: n)
    }
}
