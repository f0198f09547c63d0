import HDLSim
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

    /// What a port of the core carries, so rows can be built without a lookup per value.
    enum Column {
        case reset, valid, key(Int), index(Int)

        init(_ port: String) {
            let position = Int(port.split(separator: "_").last ?? "") ?? 0
            self = port == "rst" ? .reset : port.hasPrefix("valid") ? .valid : port.hasPrefix("key") ? .key(position) : .index(position)
        }
    }

    /// Streams `vectors` (then `latency` idle cycles to drain the pipeline) and checks every output.
    func run(_ vectors: [Vector], on sim: Simulation) async throws {
        let n = core.inputs, latency = core.latency
        let clocked = latency > 0
        let inputColumns = sim.inputPorts.map { Column($0.name) }
        func row(reset: Bool, _ v: Vector) -> [Int] {
            inputColumns.map { column in
                switch column {
                case .reset: reset ? 1 : 0
                case .valid: v.valid ? 1 : 0
                case .key(let p): v.entries[p].key
                case .index(let p): v.entries[p].index
                }
            }
        }
        let idle = Vector(valid: false, entries: (0..<n).map { RankedKey(key: 0, index: $0 % (1 << min(core.indexWidth, 20))) })
        let applied = vectors + Array(repeating: idle, count: latency)
        var rows: [[Int]] = []
        if clocked { rows.append(row(reset: true, idle)) }
        rows += applied.map { row(reset: false, $0) }

        // Expected outputs: the model's result for the input `latency` rows earlier.
        let outputColumns = sim.outputPorts.map { Column($0.name) }
        var expected: [[Int?]] = []
        if clocked { expected.append(outputColumns.map { _ in nil }) }  // the reset row: nothing defined yet
        for r in applied.indices {
            let source = r - latency
            guard source >= 0 else {
                // Pipeline still empty after reset: valid_out is 0, the data registers hold nothing meaningful.
                expected.append(outputColumns.map { if case .valid = $0 { 0 } else { nil } })
                continue
            }
            let v = applied[source]
            let result = try model.run(v.entries)
            expected.append(outputColumns.map { column -> Int? in
                switch column {
                case .reset: nil
                case .valid: v.valid ? 1 : 0
                case .key(let p): result[p].key
                case .index(let p): result[p].index
                }
            })
        }
        try await sim.stream(rows, expect: expected)
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
