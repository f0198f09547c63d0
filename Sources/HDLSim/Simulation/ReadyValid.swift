import HDL

/// One transfer on a ready/valid interface: the cycle of the handshake (`valid && ready`) and the payload's
/// values, one per leaf of the payload in declaration order (`Bit`s as 0 and 1, others in their signedness).
public struct Handshake: Equatable, Hashable, Sendable, CustomStringConvertible {
    public let cycle: Int
    public let values: [Int]

    public init(cycle: Int, values: [Int]) {
        self.cycle = cycle
        self.values = values
    }

    public var description: String { "cycle \(cycle): \(values)" }
}

/// A testbench component that `Simulation.drive` runs once per clock cycle: it sets the inputs it drives, queues
/// the samples it needs, and reads them back after the cycle's one round trip (so the next cycle can react).
public protocol CycleAgent: AnyObject {
    /// Sets this cycle's inputs.
    func drive(_ sim: Simulation)
    /// Queues the samples `observe` reads.
    func sample(_ sim: Simulation)
    /// Reads this cycle's samples (flushed), before the clock edge.
    func observe(_ sim: Simulation) throws
}

extension Simulation {
    /// Runs `cycles` clock cycles lock-step with `agents`: each cycle, every agent drives its inputs, the
    /// outputs they need are sampled (one round trip), every agent observes, then the clock ticks. For
    /// ready/valid traffic whose timing depends on the design (about 10 k cycles/s on Verilator; stimulus that
    /// does not react to the design goes faster through `stream`).
    public func drive(cycles: Int, _ agents: any CycleAgent...) async throws {
        try await drive(cycles: cycles, agents: agents)
    }

    /// `drive(cycles:_:)` with the agents as an array.
    public func drive(cycles: Int, agents: [any CycleAgent]) async throws {
        for _ in 0..<cycles { try await driveOneCycle(agents) }
        try await flush()
    }

    /// Runs cycles lock-step with `agents` until `done()` holds (checked after each cycle); throws when it
    /// does not within `limit` cycles (a design that stalls).
    public func drive(until done: () -> Bool, within limit: Int, _ agents: any CycleAgent...) async throws {
        for _ in 0..<limit {
            if done() { return try await flush() }
            try await driveOneCycle(agents)
        }
        try await flush()
        if !done() { throw SimulationError.misuse(["drive: not done after \(limit) cycles (at cycle \(cycle))"]) }
    }

    private func driveOneCycle(_ agents: [any CycleAgent]) async throws {
        for a in agents { a.drive(self) }
        for a in agents { a.sample(self) }
        try await flush()
        for a in agents { try a.observe(self) }
        step()
    }

    // MARK: Interface signals of either direction, by leaf

    /// Sets an input leaf from an integer (a `Bit` from 0 or 1).
    func poke(leaf: any HardwareValue, _ value: Int) {
        if let f = inputField(leaf, "drive") { poke(field: f, value) }
    }

    /// Queues a read of a leaf: an output is sampled now; an input is read from what was applied.
    func read(leaf: any HardwareValue) -> LeafRead {
        guard let binding else {
            misuse.append("drive: this simulation runs Verilog text; it has no IO values")
            return .none
        }
        switch binding.slot(leaf) {
        case .input(let f)?: return .input(f)
        case .output(let f)?: return .output(sample(output: f.index, port: f.name, field: f))
        case nil:
            misuse.append("drive: \(PortBinding.notAPort(design.top))")
            return .none
        }
    }

    /// A leaf's value this cycle (after the flush), in its signedness.
    func value(of read: LeafRead) throws -> Int {
        switch read {
        case .input(let f): return f.integer(f.extract(appliedInputs[f.index][...]))
        case .output(let s): return try signedValue(of: s)
        case .none: return 0
        }
    }

    /// The field of an input leaf, for junk values of its width.
    func inputPort(leaf: any HardwareValue) -> PortField? {
        if case .input(let f)? = binding?.slot(leaf) { return f }
        return nil
    }

    enum LeafRead {
        case input(PortField)
        case output(Sample)
        case none
    }
}

/// Offers transactions on a ready/valid input of the design: `valid` goes high on a seeded fraction of the
/// cycles while transactions wait (`gapProbability` is the chance of holding back each cycle) and then stays
/// high, with the payload steady, until `ready`; while `valid` is low the payload carries random values (the
/// design must ignore them). Works from a (valid, ready, payload) triple: the payload is any input, vector or
/// bundle of inputs, each transaction one value per leaf.
public final class ReadyValidSource: CycleAgent {
    public let valid: Bit
    public let ready: Bit
    let payload: [any HardwareValue]
    public var gapProbability: Double
    private var rng: SeededGenerator
    private var queue: [[Int]] = []
    private var head = 0
    private var offering = false
    private var readyRead: Simulation.LeafRead = .none
    /// Every transaction the design accepted, with the cycle.
    public private(set) var handshakes: [Handshake] = []

    public init(valid: Bit, ready: Bit, payload: Any, gapProbability: Double = 0.3, seed: UInt64) {
        self.valid = valid
        self.ready = ready
        self.payload = hardwareLeaves(of: payload)
        self.gapProbability = gapProbability
        rng = SeededGenerator(seed: seed ^ 0x50_0CE)
    }

    /// Queues one transaction (one value per payload leaf).
    public func send(_ values: [Int]) { queue.append(values) }

    /// Queues transactions in order.
    public func send<S: Sequence>(contentsOf transactions: S) where S.Element == [Int] { queue += transactions }

    /// Transactions not yet accepted.
    public var pending: Int { queue.count - head }

    public func drive(_ sim: Simulation) {
        if !offering && head < queue.count && !rng.chance(gapProbability) { offering = true }
        sim.poke(leaf: valid, offering ? 1 : 0)
        if offering {
            guard queue[head].count == payload.count else {
                sim.misuse.append("source: a transaction of \(queue[head].count) values for a payload of \(payload.count) ports")
                return
            }
            for (leaf, v) in zip(payload, queue[head]) { sim.poke(leaf: leaf, v) }
        } else {
            for leaf in payload {
                if let p = sim.inputPort(leaf: leaf) { sim.poke(leaf: leaf, Simulation.signedInt(rng.bits(p.width), width: p.width, signed: p.signed)) }
            }
        }
    }

    public func sample(_ sim: Simulation) { readyRead = sim.read(leaf: ready) }

    public func observe(_ sim: Simulation) throws {
        guard offering, try sim.value(of: readyRead) != 0 else { return }
        handshakes.append(Handshake(cycle: sim.cycle, values: queue[head]))
        head += 1
        offering = false
    }
}

/// Takes transactions from a ready/valid output of the design, applying seeded random back-pressure: `ready`
/// is low on a `backPressure` fraction of the cycles, independently of `valid` (a `HandshakeMonitor` on the
/// same interface records what was taken).
public final class ReadyValidSink: CycleAgent {
    public let ready: Bit
    public var backPressure: Double
    private var rng: SeededGenerator

    public init(ready: Bit, backPressure: Double = 0.3, seed: UInt64) {
        self.ready = ready
        self.backPressure = backPressure
        rng = SeededGenerator(seed: seed ^ 0x51_4C)
    }

    public func drive(_ sim: Simulation) { sim.poke(leaf: ready, rng.chance(backPressure) ? 0 : 1) }
    public func sample(_ sim: Simulation) {}
    public func observe(_ sim: Simulation) throws {}
}

/// Records every handshake (`valid && ready`) on a ready/valid interface with its cycle and payload, on either
/// side of the design: signals the design drives are sampled, signals the testbench drives are read from
/// what was applied.
public final class HandshakeMonitor: CycleAgent {
    public let valid: Bit
    public let ready: Bit
    let payload: [any HardwareValue]
    private var reads: [Simulation.LeafRead] = []
    public private(set) var handshakes: [Handshake] = []

    public init(valid: Bit, ready: Bit, payload: Any) {
        self.valid = valid
        self.ready = ready
        self.payload = hardwareLeaves(of: payload)
    }

    /// The payloads in the order they were transferred.
    public var transactions: [[Int]] { handshakes.map(\.values) }

    public func drive(_ sim: Simulation) {}

    public func sample(_ sim: Simulation) {
        reads = [sim.read(leaf: valid), sim.read(leaf: ready)] + payload.map { sim.read(leaf: $0) }
    }

    public func observe(_ sim: Simulation) throws {
        guard try sim.value(of: reads[0]) != 0, try sim.value(of: reads[1]) != 0 else { return }
        handshakes.append(Handshake(cycle: sim.cycle, values: try reads.dropFirst(2).map { try sim.value(of: $0) }))
    }
}

extension SeededGenerator {
    /// True with probability `p` (0...1).
    public mutating func chance(_ p: Double) -> Bool {
        p > 0 && Double(next() >> 11) * 0x1p-53 < p
    }
}

// The drivers on the DSL's ready/valid stream bundle: its (valid, ready, bits) triple.
extension ReadyValidSource {
    /// A source offering transactions on a `Decoupled` input of the design (one value per leaf of `bits`).
    public convenience init<P>(_ stream: Decoupled<P>, gapProbability: Double = 0.3, seed: UInt64) {
        self.init(valid: stream.valid, ready: stream.ready, payload: stream.bits, gapProbability: gapProbability, seed: seed)
    }
}

extension ReadyValidSink {
    /// A sink with random back-pressure on a `Decoupled` output of the design.
    public convenience init<P>(_ stream: Decoupled<P>, backPressure: Double = 0.3, seed: UInt64) {
        self.init(ready: stream.ready, backPressure: backPressure, seed: seed)
    }
}

extension HandshakeMonitor {
    /// A monitor of every transfer on a `Decoupled` port of the design (either direction).
    public convenience init<P>(_ stream: Decoupled<P>) {
        self.init(valid: stream.valid, ready: stream.ready, payload: stream.bits)
    }
}
