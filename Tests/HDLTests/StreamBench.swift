import HDL
import HDLSim
import Testing

// Seeded random ready/valid stimulus for a design with one flat input stream (`enq_valid`, `enq_ready`,
// `enq_bits`) and one flat output stream (`deq_*`), checked two ways: cycle by cycle against a reference
// model, and by a scoreboard that only looks at the transfers on the design's ports (no loss, no
// duplication, order kept, `count` = entries in minus entries out).

/// A cycle model of a ready/valid block, written from its documented behaviour.
protocol StreamModel {
    /// The outputs during a cycle with these inputs (before the clock edge).
    func outputs(enqValid: Bool, enqBits: Int, deqReady: Bool) -> StreamOutputs
    /// Advances across the clock edge.
    mutating func clock(enqValid: Bool, enqBits: Int, deqReady: Bool)
    mutating func reset()
}

struct StreamOutputs {
    var enqReady: Bool
    var deqValid: Bool
    /// nil when `deq_valid` is 0 (the data is a don't care then).
    var deqBits: Int?
    /// nil for blocks without a `count` output.
    var count: Int?
}

/// Chisel `Queue` semantics, from the documented behaviour: a list of entries, `enq.ready` while fewer than
/// `depth` are held (`pipe`: or when `deq` is ready), `deq` offers the oldest (`flow`: an empty queue offers
/// the entry being enqueued, which is then not stored).
struct QueueModel: StreamModel {
    let depth: Int
    let pipe: Bool
    let flow: Bool
    var held: [Int] = []

    init(depth: Int, pipe: Bool = false, flow: Bool = false) {
        self.depth = depth
        self.pipe = pipe
        self.flow = flow
    }

    func outputs(enqValid: Bool, enqBits: Int, deqReady: Bool) -> StreamOutputs {
        let enqReady = held.count < depth || (pipe && deqReady)
        let deqValid = !held.isEmpty || (flow && enqValid)
        let deqBits = held.first ?? (deqValid ? enqBits : nil)
        return StreamOutputs(enqReady: enqReady, deqValid: deqValid, deqBits: deqValid ? deqBits : nil, count: held.count)
    }

    mutating func clock(enqValid: Bool, enqBits: Int, deqReady: Bool) {
        let o = outputs(enqValid: enqValid, enqBits: enqBits, deqReady: deqReady)
        let enqFire = enqValid && o.enqReady, deqFire = o.deqValid && deqReady
        if held.isEmpty && enqFire && deqFire { return }  // flowed straight through
        if deqFire { held.removeFirst() }
        if enqFire { held.append(enqBits) }
        precondition(held.count <= depth, "model overflow")
    }

    mutating func reset() { held.removeAll() }
}

/// One phase of stimulus: how often the producer offers and the consumer accepts.
struct StreamPhase {
    var cycles: Int
    /// Chance (in 1/16) that `enq_valid` is 1 in a cycle, and that `deq_ready` is 1.
    var valid: UInt64
    var ready: UInt64
    /// A well-behaved producer holds `valid` and `bits` until the entry is taken; otherwise both are drawn
    /// afresh every cycle (an offer may be withdrawn).
    var holdsOffer: Bool

    /// Filling, draining, balanced, full rate in and out, and bursts; with and without a producer that holds.
    static func standard(depth: Int) -> [StreamPhase] {
        let n = max(40, 12 * depth)
        return [
            StreamPhase(cycles: n, valid: 15, ready: 2, holdsOffer: true),
            StreamPhase(cycles: n, valid: 2, ready: 15, holdsOffer: false),
            StreamPhase(cycles: 3 * n, valid: 8, ready: 8, holdsOffer: false),
            StreamPhase(cycles: n, valid: 16, ready: 16, holdsOffer: true),
            StreamPhase(cycles: 2 * n, valid: 12, ready: 5, holdsOffer: true),
            StreamPhase(cycles: 2 * n, valid: 5, ready: 12, holdsOffer: false),
            StreamPhase(cycles: n, valid: 16, ready: 0, holdsOffer: true),
            StreamPhase(cycles: n, valid: 0, ready: 16, holdsOffer: false),
            StreamPhase(cycles: 2 * n, valid: 14, ready: 14, holdsOffer: false),
        ]
    }
}

/// A run of stimulus with the model's expected outputs.
struct StreamStimulus {
    struct Cycle {
        var reset: Bool
        var enqValid: Bool
        var enqBits: Int
        var deqReady: Bool
        /// nil for the first cycle (state unknown before the first reset).
        var expected: StreamOutputs?
    }

    var cycles: [Cycle] = []

    /// Reset, the phases with `resets` resets at random points in between, then a drain (nothing offered,
    /// everything accepted) long enough to empty the block.
    init<M: StreamModel>(model: M, width: Int, phases: [StreamPhase], resets: Int, drain: Int, rng: inout SeededGenerator) {
        var model = model
        let total = phases.reduce(0) { $0 + $1.cycles }
        let resetAt = Set((0..<resets).map { _ in 1 + Int(rng.next() % UInt64(max(1, total - 1))) })
        var offer: Int?
        var k = 0
        func cycle(reset: Bool, valid: Bool, bits: Int, ready: Bool, known: Bool = true) {
            let o = model.outputs(enqValid: valid, enqBits: bits, deqReady: ready)
            cycles.append(Cycle(reset: reset, enqValid: valid, enqBits: bits, deqReady: ready, expected: known ? o : nil))
            if reset { model.reset() } else { model.clock(enqValid: valid, enqBits: bits, deqReady: ready) }
            if reset || (valid && o.enqReady) { offer = nil }
        }
        cycle(reset: true, valid: rng.next() % 2 == 0, bits: Int(rng.bits(width)), ready: rng.next() % 2 == 0, known: false)
        for phase in phases {
            for _ in 0..<phase.cycles {
                k += 1
                let ready = rng.next() % 16 < phase.ready
                if resetAt.contains(k) {
                    cycle(reset: true, valid: rng.next() % 2 == 0, bits: Int(rng.bits(width)), ready: ready)
                    continue
                }
                if phase.holdsOffer, let held = offer {
                    cycle(reset: false, valid: true, bits: held, ready: ready)
                    continue
                }
                let valid = rng.next() % 16 < phase.valid
                let bits = Int(rng.bits(width))
                offer = valid && phase.holdsOffer ? bits : nil
                cycle(reset: false, valid: valid, bits: bits, ready: ready)
            }
        }
        for _ in 0..<drain { cycle(reset: false, valid: false, bits: Int(rng.bits(width)), ready: true) }
    }

    /// Rows for `Simulation.stream` (rst, enq_valid, enq_bits, deq_ready in the design's input order) and
    /// the expected outputs (enq_ready, deq_valid, deq_bits, count in its output order).
    func rows(inputs: [PortDescriptor], outputs: [PortDescriptor]) -> (rows: [[Int]], expected: [[Int?]]) {
        let rows = cycles.map { c in
            inputs.map { p -> Int in
                switch p.name {
                case "rst": c.reset ? 1 : 0
                case "enq_valid": c.enqValid ? 1 : 0
                case "enq_bits": c.enqBits
                case "deq_ready": c.deqReady ? 1 : 0
                default: preconditionFailure("unexpected input \(p.name)")
                }
            }
        }
        let expected = cycles.map { c in
            outputs.map { p -> Int? in
                guard let e = c.expected else { return nil }
                switch p.name {
                case "enq_ready": return e.enqReady ? 1 : 0
                case "deq_valid": return e.deqValid ? 1 : 0
                case "deq_bits": return e.deqBits
                case "count": return e.count
                default: preconditionFailure("unexpected output \(p.name)")
                }
            }
        }
        return (rows, expected)
    }

    /// How many entries went in and out (by the model), to show the run exercised the block.
    var transfers: Int {
        cycles.filter { c in c.enqValid && c.expected?.enqReady == true && !c.reset }.count
    }
}

/// Checks the transfers seen on a design's ports: every entry that leaves is the oldest entry that went in
/// and has not left (no loss, no duplication, order kept), `count` (when present) is the number inside,
/// and after the drain everything that went in since the last reset has come out.
struct StreamScoreboard {
    var problems: [String] = []
    private var inside: [Int] = []
    private var delivered = 0

    mutating func check(_ run: StreamResult, _ stimulus: StreamStimulus) {
        let o = { (name: String) in run.index(of: name)! }
        let enqReady = o("enq_ready"), deqValid = o("deq_valid"), deqBits = o("deq_bits")
        let count = run.index(of: "count")
        for (r, c) in stimulus.cycles.enumerated() where r > 0 {
            if c.reset {
                inside.removeAll()
                continue
            }
            if let count, run.value(r, count) != UInt64(inside.count) {
                problems.append("cycle \(r): count is \(run.value(r, count)) with \(inside.count) entries inside")
            }
            // An entry offered and taken this cycle may leave in the same cycle (a flow-through queue).
            if c.enqValid && run.value(r, enqReady) == 1 { inside.append(c.enqBits) }
            if run.value(r, deqValid) == 1 && c.deqReady {
                let out = Int(run.value(r, deqBits))
                if inside.isEmpty {
                    problems.append("cycle \(r): entry \(out) left but none was inside (duplicated or invented)")
                } else if inside[0] != out {
                    problems.append("cycle \(r): entry \(out) left where \(inside[0]) was the oldest inside (lost or reordered)")
                    inside.removeFirst()
                } else {
                    inside.removeFirst()
                    delivered += 1
                }
            }
            if problems.count > 10 { return }
        }
        if !inside.isEmpty { problems.append("after the drain \(inside.count) entries never came out") }
        if delivered == 0 { problems.append("no entry went through: the stimulus exercised nothing") }
    }
}

struct ScoreboardFailure: Error, CustomStringConvertible {
    var problems: [String]
    var description: String { "stream scoreboard:\n" + problems.joined(separator: "\n") }
}

extension Simulation {
    /// Streams `stimulus`, checks every output against the model, then the transfers on the ports with the
    /// scoreboard; a failure throws (so the run is replayed into a VCD and the error names the seed).
    func checkStream(_ stimulus: StreamStimulus) async throws {
        let (rows, expected) = stimulus.rows(inputs: inputPorts, outputs: outputPorts)
        let run = try await stream(rows, expect: expected)
        var board = StreamScoreboard()
        board.check(run, stimulus)
        if !board.problems.isEmpty { throw ScoreboardFailure(problems: board.problems) }
    }
}
