import HDL
import HDLSim
import SOFA
import Testing

/// The serializer alone, against the plainest model of what it must do: a loaded result's kept entries are marked
/// in lane order, one per cycle, from the load cycle on, while the producer holds the result on the inputs. The
/// loads follow the selector's arrival pattern at its tightest: a row's segments of L scores with S cycles per
/// score, each result keeping c <= min(entries, L) (c = L often, so a result's last mark is the cycle before the
/// next load), then a last segment of l <= L scores whose result comes max(S l, c_prev) cycles after the previous
/// one (the last key's hold). Between rows: `clear` with other values on the held inputs (a new tile's masks),
/// and resets in the middle of rows.
struct SerializerScenario {
    let serializer: KeptKeySerializer
    var inputs: [[Int]] = []
    var expected: [[Int?]] = []
    /// The model: the loaded result's entries not yet marked.
    private var remaining: [Int] = []
    /// What the producer holds on `keep` / `index`.
    private var held: (keep: Int, index: Int) = (0, 0)
    private var rng: SeededGenerator

    init(_ serializer: KeptKeySerializer, seed: UInt64) {
        self.serializer = serializer
        rng = SeededGenerator(seed: seed)
        cycle(reset: true)
    }

    /// One cycle: rst, load, clear, keep (packed), index (packed); outputs mark_valid, mark_index.
    private mutating func cycle(reset: Bool = false, load entries: [Int]? = nil, clear: Bool = false) {
        let n = serializer.entries, w = serializer.indexWidth
        if let entries {
            let lanes = (0..<n).map { $0 < entries.count ? entries[$0] : Int(rng.bits(w)) }
            held = ((0..<entries.count).reduce(0) { $0 | 1 << $1 }, lanes.enumerated().reduce(0) { $0 | $1.element << (w * $1.offset) })
            precondition(remaining.isEmpty, "the stimulus breaks the contract: a load before the previous result is out")
            remaining = entries
        }
        inputs.append([reset ? 1 : 0, entries == nil ? 0 : 1, clear ? 1 : 0, held.keep, held.index])
        if reset {
            remaining = []
            expected.append([nil, nil])
        } else if remaining.isEmpty {
            expected.append([0, nil])
        } else {
            expected.append([1, remaining.removeFirst()])
        }
        if clear {
            remaining = []
            // A new tile: the masks on the held result change.
            held = (Int(rng.bits(n)), Int(rng.bits(n * w)))
        }
    }

    /// A row of `keys` scores in segments of `length`, `beat` cycles per score; each segment keeps `full` ? min(entries,
    /// L) : a random count.
    mutating func row(keys: Int, length: Int, beat: Int, full: Bool) {
        var start = 0, previous = 0
        while start < keys {
            let l = min(length, keys - start)
            let isLast = start + l == keys
            let most = min(serializer.entries, l)
            let c = full ? most : Int(rng.next() % UInt64(most + 1))
            // Cycles since the previous result: l scores, or the last key's hold.
            let gap = isLast && start > 0 ? max(l * beat, previous) : l * beat
            for _ in 0..<(gap - 1) { cycle() }
            cycle(load: (0..<c).map { _ in Int(rng.bits(serializer.indexWidth)) })
            previous = c
            start += l
        }
        for _ in 0..<(previous + Int(rng.next() % 3)) { cycle() }
        if rng.next() % 3 == 0 { cycle(clear: true) }
        // Sometimes a reset in the middle of the next row.
        if rng.next() % 10 == 0 {
            cycle(load: [Int(rng.bits(serializer.indexWidth))])
            cycle(reset: true)
            held = (0, held.index)
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
