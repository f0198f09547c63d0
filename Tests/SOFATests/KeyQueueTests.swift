import HDL
import HDLSim
import SOFA
import Testing

/// `KeyQueue`'s behaviour from its documentation: entries pushed whole, a key head and a value head draining beats.
struct KeyQueueModel {
    let queue: KeyQueue
    var entries: [(k: [Int], v: [Int], last: Bool)] = []
    var keyTaken = 0      // entries whose k has been given out completely (from the front of `entries` + freed)
    var freedCount = 0
    var keyBeat = 0, valueBeat = 0

    init(_ queue: KeyQueue) { self.queue = queue }

    var held: Int { entries.count }
    var keyAhead: Int { entries.count - (keyTaken - freedCount) }

    /// Outputs this cycle: freed, key_valid, key_data..., key_last, value_valid, value_data...
    func outputs(beats: Int, freed: Bool) -> [Int?] {
        var out: [Int?] = [freed ? 1 : 0]
        let l = queue.lanes
        let keyIndex = keyTaken - freedCount
        if keyIndex < entries.count {
            let e = entries[keyIndex]
            out += [1] + (0..<l).map { e.k[keyBeat * l + $0] } + [keyBeat == beats - 1 && e.last ? 1 : 0]
        } else {
            out += [0] + Array(repeating: nil, count: l) + [nil]
        }
        if keyTaken > freedCount, let e = entries.first {
            out += [1] + (0..<l).map { e.v[valueBeat * l + $0] }
        } else {
            out += [0] + Array(repeating: nil, count: l)
        }
        return out
    }

    /// The edge: the key and value heads take a beat when ready (and valid), then the push.
    mutating func step(beats: Int, keyReady: Bool, valueReady: Bool, push: (k: [Int], v: [Int], last: Bool)?) -> (freed: Bool, keyFire: Bool, valueFire: Bool) {
        let keyFire = keyReady && keyTaken - freedCount < entries.count
        let valueFire = valueReady && keyTaken > freedCount
        var freed = false
        if keyFire {
            if keyBeat == beats - 1 { keyBeat = 0; keyTaken += 1 } else { keyBeat += 1 }
        }
        if valueFire {
            if valueBeat == beats - 1 {
                valueBeat = 0
                entries.removeFirst()
                freedCount += 1
                freed = true
            } else { valueBeat += 1 }
        }
        if let p = push { entries.append(p) }
        return (freed, keyFire, valueFire)
    }
}

@Suite struct KeyQueueTests {
    /// Inputs after clk: rst, beats, push_valid, push_k (packed), push_v (packed), push_last, key_ready, value_ready.
    /// Outputs: freed, key_valid, key_data (packed), key_last, value_valid, value_data (packed).
    static func run(_ queue: KeyQueue, beats: Int, cycles: Int, seed: UInt64, on backend: SimulatorBackend) async throws {
        var rng = SeededGenerator(seed: seed)
        var model = KeyQueueModel(queue)
        let d = queue.headDim, l = queue.lanes
        var rows: [[UInt64]] = [], expected: [[Int?]] = []
        func pack(_ values: [Int]) -> UInt64 {
            values.enumerated().reduce(0) { $0 | (UInt64(bitPattern: Int64($1.element)) & 0xFF) << UInt64(8 * $1.offset) }
        }
        var freedLast = false
        for cycle in 0..<cycles {
            // Push when there is room for the dispatcher's credit (held < depth), at random.
            let push: (k: [Int], v: [Int], last: Bool)? = cycle > 0 && model.held < queue.depth && rng.next() % 3 != 0
                ? ((0..<d).map { _ in Int(rng.signedBits(8)) }, (0..<d).map { _ in Int(rng.signedBits(8)) }, rng.next() % 5 == 0) : nil
            let keyReady = cycle > 0 && rng.next() % 4 != 0, valueReady = cycle > 0 && rng.next() % 3 != 0
            let out = model.outputs(beats: beats, freed: freedLast)
            expected.append(cycle == 0 ? out.map { _ in nil } : out.enumerated().map { $0.offset == 0 ? nil : $0.element })
            rows.append([cycle == 0 ? 1 : 0, UInt64(beats), push == nil ? 0 : 1, pack(push?.k ?? Array(repeating: 0, count: d)),
                         pack(push?.v ?? Array(repeating: 0, count: d)), push?.last == true ? 1 : 0, keyReady ? 1 : 0, valueReady ? 1 : 0])
            let r = model.step(beats: beats, keyReady: keyReady, valueReady: valueReady, push: push)
            freedLast = r.freed
        }
        _ = freedLast
        try await Simulation.run(queue, on: backend, name: "key-queue-\(queue.depth)-\(queue.headDim)-\(queue.lanes)-\(beats)-\(backend)", seed: seed) { sim in
            let result = try await sim.stream(rows)
            // Compare every sampled output (packed vectors unpacked per lane).
            for (row, want) in expected.enumerated() {
                var k = 0
                for (o, port) in result.outputs.enumerated() {
                    if let packing = port.packing {
                        let word = result.value(row, o)
                        for lane in 0..<packing.count {
                            if let w = want[k], Int(Int8(truncatingIfNeeded: word >> UInt64(8 * lane))) != w {
                                Issue.record("seed \(seed) cycle \(row): \(port.name)[\(lane)] expected \(w), got \(Int8(truncatingIfNeeded: word >> UInt64(8 * lane)))")
                            }
                            k += 1
                        }
                    } else {
                        if let w = want[k], Int(result.value(row, o)) != w {
                            Issue.record("seed \(seed) cycle \(row): \(port.name) expected \(w), got \(result.value(row, o))")
                        }
                        k += 1
                    }
                }
                if k != want.count { Issue.record("output count mismatch") ; return }
            }
        }
    }

    @Test(arguments: SimulatorBackend.allCases, [(4, 8, 4, 2), (5, 8, 2, 3), (1, 4, 4, 1), (16, 8, 8, 1)])
    func drainsLikeTheModel(_ backend: SimulatorBackend, shape: (Int, Int, Int, Int)) async throws {
        let queue = KeyQueue(depth: shape.0, headDim: shape.1, lanes: shape.2)
        let seed = SeededGenerator.seed(default: UInt64(shape.0 * 1000 + shape.1 * 10 + shape.3))
        try await Self.run(queue, beats: shape.3, cycles: backend == .icarus ? 800 : 3000, seed: seed, on: backend)
    }
}

/// The core's plumbing modules are clean in the three lint tools over a few shapes (the whole core is co-simulated in
/// `AttentionCoreTests`).
@Suite struct CorePlumbingLintTests {
    static var matrix: [(String, any Module)] { [
        ("queue-16-32-4", KeyQueue()), ("queue-1-4-4", KeyQueue(depth: 1, headDim: 4, lanes: 4)), ("queue-5-8-2", KeyQueue(depth: 5, headDim: 8, lanes: 2)),
        ("bitmaps-16-256", KeptBitmaps()), ("bitmaps-1-1", KeptBitmaps(rows: 1, maxKeys: 1)), ("bitmaps-3-33", KeptBitmaps(rows: 3, maxKeys: 33)),
        ("dispatcher-16", KeyDispatcher()), ("dispatcher-1", KeyDispatcher(rows: 1, maxKeys: 1, headDim: 1, queueDepth: 1)),
        ("dispatcher-3", KeyDispatcher(rows: 3, maxKeys: 33, headDim: 8, queueDepth: 5)),
        ("tensor-256-32-2", TensorMemory(depth: 256, headDim: 32, readers: 2)), ("tensor-1-1-1", TensorMemory(depth: 1, headDim: 1, readers: 1)),
    ] }

    @Test(arguments: matrix.map(\.0))
    func lintClean(_ name: String) async throws {
        let module = try #require(Self.matrix.first { $0.0 == name }?.1)
        try await Lint.check(module, name: "core-plumbing-\(name)")
    }
}
