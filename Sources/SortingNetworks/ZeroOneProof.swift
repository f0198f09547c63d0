/// Proofs by the 0-1 principle (Knuth, TAOCP vol. 3, 5.3.4, Theorem Z): a comparator network puts the
/// p-th preferred element at position p for every input iff it does so for every input of 0s and 1s.
/// (Comparators commute with monotone maps, and each threshold map x >= t turns an input into a 0-1 input.)
/// So a network is proven when every 0-1 input comes out with its 1s first on the result positions.
///
/// For a network with `outputs == k` "correct" means: positions 0..<k descending, and all 0 past k - 1 when
/// position k - 1 is 0. Comparators preserve the number of 1s, so that is exactly "the top k, in order".
public enum ZeroOneProof {
    public enum Verdict: Equatable, Sendable {
        case proven
        /// A 0-1 input (position order) on which the network's result positions are wrong.
        case counterexample([Bool])
    }

    /// Tries all 2^n binary inputs, 64 at a time: each position is a bit vector over the inputs, and a
    /// comparator is an OR (preferred side) and an AND (other side). Practical up to n = 24.
    public static func exhaustive(_ network: ComparatorNetwork) throws -> Verdict {
        let n = network.inputs
        guard n <= 24 else { throw NetworkError("\(network.name): exhaustive 0-1 proof needs n <= 24, got \(n)") }
        let words = max(1, (1 << n) / 64)
        var wires = [UInt64](repeating: 0, count: n * words)
        // Bit b of word t is input v = 64 t + b; position w holds bit w of v.
        let lowPatterns: [UInt64] = [0xAAAA_AAAA_AAAA_AAAA, 0xCCCC_CCCC_CCCC_CCCC, 0xF0F0_F0F0_F0F0_F0F0,
                                     0xFF00_FF00_FF00_FF00, 0xFFFF_0000_FFFF_0000, 0xFFFF_FFFF_0000_0000]
        for w in 0..<n {
            for t in 0..<words {
                wires[w * words + t] = w < 6 ? lowPatterns[w] : ((t >> (w - 6)) & 1 == 1 ? ~0 : 0)
            }
        }
        wires.withUnsafeMutableBufferPointer { wire in
            for layer in network.layers {
                for c in layer {
                    let h = c.high * words, l = c.low * words
                    for t in 0..<words {
                        let a = wire[h + t], b = wire[l + t]
                        wire[h + t] = a | b
                        wire[l + t] = a & b
                    }
                }
            }
        }
        let k = network.outputs
        for t in 0..<words {
            var bad: UInt64 = 0
            for p in 0..<(k - 1) { bad |= wires[(p + 1) * words + t] & ~wires[p * words + t] }
            for q in k..<n { bad |= wires[q * words + t] & ~wires[(k - 1) * words + t] }
            if n < 6 { bad &= (1 << UInt64(1 << n)) - 1 }
            if bad != 0 {
                let v = 64 * t + bad.trailingZeroBitCount
                return .counterexample((0..<n).map { (v >> $0) & 1 == 1 })
            }
        }
        return .proven
    }

    /// Follows the set of 0-1 vectors that can occur, instead of all 2^n inputs: positions start as
    /// independent blocks ({0, 1} each); a comparator joining two blocks forms their product, and every
    /// comparator maps its block's set (which can only shrink). A position that is not a result position is
    /// dropped from the vectors after its last comparator, keeping only how many 1s it took away (up to the
    /// number of outputs, which is all the final check needs), so pruned networks stay small too.
    ///
    /// For the usual sorters the sets stay small: two sorted halves of 16 give 17 x 17 vectors, the
    /// 32-input published network 168 x 168 (the monotone Boolean functions of 4 variables, after its first
    /// four layers). Works for n <= 64; throws when a set would exceed `limit` vectors.
    public static func reachable(_ network: ComparatorNetwork, limit: Int = 1 << 22) throws -> Verdict {
        let n = network.inputs, k = network.outputs
        guard n <= 64 else { throw NetworkError("\(network.name): reachable-set 0-1 proof needs n <= 64, got \(n)") }
        let comparators = network.layers.flatMap { $0 }
        var lastUse = [Int](repeating: -1, count: n)
        for (t, c) in comparators.enumerated() {
            lastUse[c.high] = t
            lastUse[c.low] = t
        }
        // Each block: its vectors, each with the smallest input (bit p = position p) that leads to it.
        var blockOf = Array(0..<n)
        var blocks: [Int: [ZeroOneVector: UInt64]] = [:]
        for p in 0..<n {
            blocks[p] = [ZeroOneVector(bits: 0, dropped: 0): 0, ZeroOneVector(bits: 1 << UInt64(p), dropped: 0): 1 << UInt64(p)]
            if p >= k && lastUse[p] < 0 { drop(p, in: p) }
        }

        func drop(_ p: Int, in block: Int) {
            let bit = UInt64(1) << UInt64(p)
            var mapped: [ZeroOneVector: UInt64] = [:]
            for (v, input) in blocks[block]! {
                let w = ZeroOneVector(bits: v.bits & ~bit, dropped: min(k, v.dropped + (v.bits & bit == 0 ? 0 : 1)))
                if let known = mapped[w], known <= input { continue }
                mapped[w] = input
            }
            blocks[block] = mapped
        }

        func merge(_ a: Int, _ b: Int) throws -> Int {
            let x = blocks[a]!, y = blocks[b]!
            guard x.count * y.count <= limit else {
                throw NetworkError("\(network.name): more than \(limit) reachable 0-1 vectors; the proof is impractical")
            }
            var product: [ZeroOneVector: UInt64] = [:]
            product.reserveCapacity(x.count * y.count)
            for (u, ui) in x {
                for (v, vi) in y {
                    let w = ZeroOneVector(bits: u.bits | v.bits, dropped: min(k, u.dropped + v.dropped))
                    if let known = product[w], known <= ui | vi { continue }
                    product[w] = ui | vi
                }
            }
            blocks[a] = product
            blocks[b] = nil
            for p in 0..<n where blockOf[p] == b { blockOf[p] = a }
            return a
        }

        for (t, c) in comparators.enumerated() {
            var block = blockOf[c.high]
            if blockOf[c.low] != block { block = try merge(block, blockOf[c.low]) }
            let h = UInt64(1) << UInt64(c.high), l = UInt64(1) << UInt64(c.low)
            var mapped: [ZeroOneVector: UInt64] = [:]
            mapped.reserveCapacity(blocks[block]!.count)
            for (v, input) in blocks[block]! {
                // The preferred side gets the 1: exchange when only the low side has it.
                var w = v
                if v.bits & h == 0 && v.bits & l != 0 { w.bits ^= h | l }
                // Keep the smallest witness, so the counterexample does not depend on hashing order.
                if let known = mapped[w], known <= input { continue }
                mapped[w] = input
            }
            blocks[block] = mapped
            for p in [c.high, c.low] where p >= k && lastUse[p] == t { drop(p, in: block) }
        }
        // Positions the network never connects are independent: combine whatever is left.
        var remaining = blocks.keys.sorted()
        while remaining.count > 1 {
            let b = remaining.removeLast()
            _ = try merge(remaining[0], b)
        }
        let topMask: UInt64 = k == 64 ? ~0 : (1 << UInt64(k)) - 1
        // Deterministic counterexample: the smallest failing input.
        var worst: UInt64?
        for (v, input) in blocks[remaining[0]]! {
            let ones = min(v.bits.nonzeroBitCount + v.dropped, k)
            let expected: UInt64 = ones == 64 ? ~0 : (1 << UInt64(ones)) - 1
            if v.bits & topMask != expected, worst.map({ input < $0 }) ?? true { worst = input }
        }
        if let input = worst { return .counterexample((0..<n).map { (input >> UInt64($0)) & 1 == 1 }) }
        return .proven
    }
}

/// A reachable 0-1 vector: the live positions' bits and how many 1s dropped positions took (capped).
private struct ZeroOneVector: Hashable {
    var bits: UInt64
    var dropped: Int
}
