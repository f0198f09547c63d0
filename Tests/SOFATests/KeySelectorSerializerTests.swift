import HDL
import HDLSim
import SOFA
import Testing

/// The serializer alone, against the plainest model of what it must do: every pushed entry is marked, in push
/// and lane order, one per cycle, the earliest the cycle after its push. The pushes follow the selector's
/// arrival pattern at its tightest: a row's segments of L scores with S cycles per score, each result keeping
/// c <= min(entries, L) (c = L often, so one result ends the cycle the next arrives), then a last segment of l <= L
/// scores, whose result can come S cycles after a full one. Rows follow each other once the serializer is empty
/// (as `KeySelector` waits for), with resets in the middle.
struct SerializerScenario {
    let serializer: KeptKeySerializer
    var inputs: [[Int]] = []
    var expected: [[Int?]] = []
    /// Entries pushed but not yet marked (the model).
    private var pending: [Int] = []
    private var rng: SeededGenerator

    init(_ serializer: KeptKeySerializer, seed: UInt64) {
        self.serializer = serializer
        rng = SeededGenerator(seed: seed)
        cycle(reset: true)
    }

    /// One cycle: rst, push, keep (packed), index (packed); outputs mark_valid, mark_index, empty.
    private mutating func cycle(reset: Bool = false, push kept: [Int]? = nil) {
        let n = serializer.entries, w = serializer.indexWidth
        let junk = (0..<n).map { _ in Int(rng.bits(w)) }
        let lanes = (0..<n).map { $0 < (kept?.count ?? 0) ? kept![$0] : junk[$0] }
        let keep = (0..<(kept?.count ?? 0)).reduce(0) { $0 | 1 << $1 }
        let index = lanes.enumerated().reduce(0) { $0 | $1.element << (w * $1.offset) }
        let pushJunk = kept == nil ? Int(rng.bits(n)) : keep
        inputs.append([reset ? 1 : 0, kept == nil ? 0 : 1, pushJunk, index])
        if reset {
            pending = []
            expected.append([nil, nil, nil])
            return
        }
        // Outputs this cycle (before this cycle's push takes effect).
        if let next = pending.first {
            expected.append([1, next, 0])
            pending.removeFirst()
        } else {
            expected.append([0, nil, 1])
        }
        if let kept { pending += kept }
    }

    /// A row of `keys` scores in segments of `length`, `beat` cycles per score, each segment keeping `kept(L_i)`.
    mutating func row(keys: Int, length: Int, beat: Int, full: Bool) {
        var start = 0
        while start < keys {
            let l = min(length, keys - start)
            let most = min(serializer.entries, l)
            let c = full ? most : Int(rng.next() % UInt64(most + 1))
            for i in 0..<(l * beat) {
                let last = i == l * beat - 1
                cycle(push: last && c > 0 ? (0..<c).map { _ in Int(rng.bits(serializer.indexWidth)) } : nil)
            }
            start += l
        }
        while !pending.isEmpty { cycle() }
        for _ in 0..<Int(rng.next() % 3) { cycle() }
        // Sometimes a reset in the middle of the next row.
        if rng.next() % 10 == 0 {
            for _ in 0..<Int(rng.next() % 3) { cycle(push: [Int(rng.bits(serializer.indexWidth))]) }
            cycle(reset: true)
        }
    }

    static func standard(_ serializer: KeptKeySerializer, seed: UInt64) -> SerializerScenario {
        var s = SerializerScenario(serializer, seed: seed)
        let k = serializer.entries
        // Directed: L = 1; L = 2 with a last of 1; L = k_s full with a last of 1; one segment (L = N).
        s.row(keys: 9, length: 1, beat: 1, full: true)
        s.row(keys: 9, length: 2, beat: 1, full: true)
        s.row(keys: 3 * k + 1, length: k, beat: 1, full: true)
        s.row(keys: 2 * k + 1, length: k, beat: 2, full: true)
        s.row(keys: 3 * k, length: 3 * k, beat: 1, full: true)
        for _ in 0..<300 {
            let length = 1 + Int(s.rng.next() % UInt64(2 * k))
            let keys = 1 + Int(s.rng.next() % UInt64(4 * length))
            s.row(keys: keys, length: length, beat: 1 + Int(s.rng.next() % 2), full: s.rng.next() % 2 == 0)
        }
        s.cycle()
        return s
    }
}

@Suite struct KeptKeySerializerTests {
    static let shapes = [KeptKeySerializer(entries: 1, indexWidth: 3), KeptKeySerializer(entries: 4, indexWidth: 5),
                         KeptKeySerializer(entries: 8, indexWidth: 6)]

    @Test(arguments: SimulatorBackend.allCases, shapes.indices)
    func marksEveryEntryInOrder(_ backend: SimulatorBackend, shape: Int) async throws {
        let serializer = Self.shapes[shape]
        let seed = SeededGenerator.seed(default: UInt64(12_100 + shape))
        let scenario = SerializerScenario.standard(serializer, seed: seed)
        try await Simulation.run(serializer, on: backend, name: "kept-key-serializer-\(serializer.entries)-\(backend)", seed: seed) { sim in
            try await sim.stream(scenario.inputs, expect: scenario.expected)
        }
    }

    @Test func lintClean() async throws {
        for entries in [1, 2, 64] {
            try await Lint.check(KeptKeySerializer(entries: entries, indexWidth: 8), name: "kept-key-serializer-\(entries)")
        }
    }
}
