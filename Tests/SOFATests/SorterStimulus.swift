import HDLSim
import Testing
import SOFA
import SOFAModel
import SortingNetworks

/// Drives a `SortingNetworkCore` with one vector of n (key, index) entries per cycle and expects, `latency`
/// cycles later, the model's result positions: the stream compares every cycle, bit for bit.
struct SorterStimulus {
    let core: SortingNetworkCore
    let model: ComparatorNetworkModel

    init(_ core: SortingNetworkCore) throws {
        self.core = core
        model = try ComparatorNetworkModel(inputs: core.inputs, layers: core.network.pairs)
    }

    /// One input vector with its valid bit.
    struct Vector {
        var valid: Bool
        var entries: [RankedKey]
    }

    /// Streams `vectors` (then `latency` idle cycles to drain the pipeline) and checks, `latency` cycles
    /// after each vector, the model's result positions bit for bit (for invalid vectors too: the data path
    /// runs regardless) and that `valid_out` is high exactly for the valid ones. A pipelined core is reset
    /// every `resetEvery` vectors (its results in flight are lost).
    func run(_ vectors: [Vector], on sim: Simulation, _ io: SortingNetworkCore.IO, resetEvery: Int = 250,
             checkCoverage: Bool = true) async throws {
        let latency = core.latency
        var s = sim.stimulus()
        var results = sim.scoreboard(latency: latency)
        var valid = sim.scoreboard(latency: latency, valid: io.validOut)
        s.reset()
        for (n, v) in vectors.enumerated() {
            if latency > 0 && n % resetEvery == resetEvery - 1 { s.reset(cycles: 1 + n % 2) }
            s[io.validIn] = v.valid
            s[io.keyIn] = v.entries.map(\.key)
            s[io.indexIn] = v.entries.map(\.index)
            let result = try model.run(v.entries)
            results.expect(resultOf: s.row) { e in
                e.expect(io.keyOut, result.prefix(core.outputs).map(\.key))
                e.expect(io.indexOut, result.prefix(core.outputs).map(\.index))
            }
            if v.valid { valid.expect(resultOf: s.row) { _ in } }
            s.step()
        }
        s[io.validIn] = false
        s.step(latency)
        if checkCoverage {
            #expect(s.coverageGaps().filter { latency > 0 || !$0.hasPrefix("no reset") }.isEmpty, "\(s.coverageGaps())")
        }
        try await sim.stream(s, results, valid)
    }

    /// Directed corner cases: all equal (ties decided by index alone), extreme keys, duplicates of the
    /// extremes, already sorted and reversed inputs, equal (key, index) pairs.
    func directedVectors() -> [Vector] {
        let n = core.inputs
        let minKey = core.keyWidth >= 64 ? Int.min : -(1 << (core.keyWidth - 1))
        let maxKey = core.keyWidth >= 64 ? Int.max : (1 << (core.keyWidth - 1)) - 1
        let maxIndex = core.indexWidth >= 63 ? Int.max : (1 << core.indexWidth) - 1
        let lanes = Array(0..<n).map { $0 & maxIndex }
        func vector(_ keys: [Int], _ indices: [Int]) -> Vector {
            Vector(valid: true, entries: zip(keys, indices).map { RankedKey(key: $0, index: $1) })
        }
        let reversed = Array(lanes.reversed())
        return [
            vector(Array(repeating: 0, count: n), reversed),
            vector(Array(repeating: minKey, count: n), lanes),
            vector(Array(repeating: maxKey, count: n), reversed),
            vector((0..<n).map { $0 % 2 == 0 ? minKey : maxKey }, lanes),
            vector((0..<n).map { $0 % 3 == 0 ? maxKey : minKey }, reversed),
            vector((0..<n).map { $0 == n - 1 ? maxKey : minKey }, lanes),
            vector((0..<n).map { $0 == 0 ? minKey : maxKey }, Array(repeating: maxIndex, count: n)),
            vector((0..<n).map { max(minKey, min(maxKey, n - $0)) }, lanes),
            vector((0..<n).map { max(minKey, min(maxKey, $0 - n / 2)) }, lanes),
            vector((0..<n).map { [minKey, -1, 0, 1, maxKey][$0 % 5] }, Array(repeating: 0, count: n)),
        ]
    }

    /// Seeded random vectors: full-range keys, then a handful of distinct keys (ties everywhere), then keys
    /// from the extremes only; indices random (repeats allowed), valid random.
    func randomVectors(_ count: Int, _ rng: inout SeededGenerator) -> [Vector] {
        let n = core.inputs
        let minKey = core.keyWidth >= 64 ? Int.min : -(1 << (core.keyWidth - 1))
        let maxKey = core.keyWidth >= 64 ? Int.max : (1 << (core.keyWidth - 1)) - 1
        return (0..<count).map { t in
            let entries = (0..<n).map { _ in
                let key: Int
                switch t % 3 {
                case 0: key = rng.signedBits(core.keyWidth)
                case 1: key = Int(rng.next() % 4) - 2
                default: key = rng.next() % 2 == 0 ? minKey : maxKey
                }
                return RankedKey(key: key, index: Int(rng.bits(min(core.indexWidth, 62))))
            }
            return Vector(valid: rng.next() % 4 != 0, entries: entries)
        }
    }
}
