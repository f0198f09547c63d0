/// Batcher's bitonic sorter (Batcher, AFIPS SJCC 1968) in its one-direction form: every comparator sends the
/// preferred element to the lower position, so the hardware needs a single kind of compare-exchange.
///
/// For n = 2^m: stage s = 1...m merges sorted blocks of 2^(s-1) into blocks of 2^s. Its first layer compares
/// each element of a block with its mirror image (position t with 2^s - 1 - t), which makes the block's two
/// halves bitonic; the remaining s - 1 layers are half-cleaners at distances 2^(s-2), ..., 1. Every layer has
/// n/2 comparators: m(m+1)/2 layers, m(m+1) 2^(m-2) comparators (SOFA-SPEC section 3).
///
/// Any other n: the sorter for the next power of two N, with the positions n..<N treated as holding elements
/// that are never preferred. Such an element never leaves its position in a one-direction network (it can
/// only be the `low` side of a comparator, and loses there), so every comparator that touches those
/// positions is a no-op and is removed; the rest sorts n elements. The 0-1 tests prove it for every n <= 16.
enum BitonicSorter {
    static func layers(inputs n: Int) -> [[Comparator]] {
        let size = NetworkSizes.nextPowerOfTwo(n)
        var layers: [[Comparator]] = []
        var block = 2
        while block <= size {
            // Mirror layer: (b + t, b + block - 1 - t).
            var mirror: [Comparator] = []
            for start in stride(from: 0, to: size, by: block) {
                for t in 0..<block / 2 { mirror.append(Comparator(high: start + t, low: start + block - 1 - t)) }
            }
            layers.append(mirror)
            // Half-cleaners.
            var distance = block / 4
            while distance >= 1 {
                var layer: [Comparator] = []
                for i in 0..<size where i & distance == 0 { layer.append(Comparator(high: i, low: i + distance)) }
                layers.append(layer)
                distance /= 2
            }
            block *= 2
        }
        return NetworkSizes.truncated(layers, to: n)
    }
}
