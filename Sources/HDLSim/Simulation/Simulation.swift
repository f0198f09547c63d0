import Foundation
import HDL

/// A running simulation of one design on one backend, driven from Swift.
///
///     try await Simulation.run(MultiplyAccumulate(), on: .verilator, seed: seed) { sim, io in
///         sim.reset()
///         sim.poke(io.a, -3); sim.poke(io.b, 5); sim.poke(io.enable, true)
///         sim.step()
///         sim.expect(io.acc, -15)         // checked at the next flush
///         try await sim.flush()           // one round trip for everything queued
///         let acc = try await sim.peek(io.acc)
///     }
///
/// Ports are addressed through the `IO` values the module's `ports()` returns (see `Simulation+Ports`); a
/// design given as Verilog text is addressed by port name. Pokes, steps, samples and expects are queued and
/// sent in one batch at `flush` (or `peek`), so a test pays one process round trip per batch, not per cycle.
/// A poke takes effect immediately (combinational outputs follow at the next sample); `step` is one rising
/// clock edge. Long stimulus goes through `stream` (one row per cycle, see `Stimulus`). Every batch is
/// appended to `<work>/replay.log`; when the body throws (an `expect` mismatch included), the log is replayed
/// on a tracing build and the error names the VCD, the replay log and the seed.
///
/// Registers and memories start from random values drawn from the seed on both simulators (Verilator's
/// `--x-initial unique`, and deposits in the Icarus testbench), so a register that needs a reset and has
/// none shows up as a mismatch, whichever simulator runs.
public final class Simulation {
    public let design: VerilogDesign
    public let backend: SimulatorBackend
    public let workDirectory: URL
    /// The run's seed: it also draws the registers' initial values.
    public let seed: UInt64
    /// Rising clock edges so far.
    public private(set) var cycle = 0
    /// Whether the simulator build came from the cache (always false for Icarus, which compiles each run).
    public internal(set) var harnessWasCached = false

    /// Inputs in protocol order (every input but `clk`) and outputs.
    let inputs: [PortDescriptor]
    let outputs: [PortDescriptor]
    private let inputIndex: [String: Int]
    private let outputIndex: [String: Int]
    /// The module's IO values, when the simulation was started from a module.
    let binding: PortBinding?

    /// The bit patterns last applied to each input (by a poke or the last row of a stream), which is what
    /// a monitor reads for an interface signal the testbench drives.
    private(set) var appliedInputs: [[UInt64]]
    private var commands = CommandBuffer()
    private enum Pending {
        case sample(Int)
        case expect(expected: [UInt64], cycle: Int, message: String)
        /// An element of a packed vector port: compares its bits only.
        case expectField(PortField, expected: [UInt64], cycle: Int, message: String)
    }
    private var pending: [(output: Int, what: Pending)] = []
    private var values: [HexToken?] = []
    var misuse: [String] = []
    private let transport: SimulationTransport
    private let replay: FileHandle

    /// A queued read; its value is available after the next `flush`.
    public struct Sample: Hashable, Sendable {
        let index: Int
        let output: Int?
        /// The bits of the output it reads, for an element of a packed vector (nil: all of it).
        let field: PortField?
        public let port: String
        public let cycle: Int
    }

    init(design: VerilogDesign, backend: SimulatorBackend, workDirectory: URL, seed: UInt64, binding: PortBinding?,
         transport: SimulationTransport) throws {
        self.design = design
        self.backend = backend
        self.workDirectory = workDirectory
        self.seed = seed
        self.binding = binding
        self.transport = transport
        inputs = Self.protocolInputs(design)
        outputs = design.outputs
        inputIndex = Dictionary(uniqueKeysWithValues: inputs.enumerated().map { ($1.name, $0) })
        outputIndex = Dictionary(uniqueKeysWithValues: outputs.enumerated().map { ($1.name, $0) })
        appliedInputs = inputs.map { Array(repeating: 0, count: ($0.width + 63) / 64) }
        let log = workDirectory.appendingPathComponent("replay.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        replay = try FileHandle(forWritingTo: log)
    }

    deinit { try? replay.close() }

    /// Every input except the clock, in port order: what `p <i>` and vector rows address.
    static func protocolInputs(_ design: VerilogDesign) -> [PortDescriptor] {
        design.inputs.filter { !(design.hasClock && $0.name == "clk") }
    }

    /// The inputs a stream row gives values for (every input but `clk`), in order.
    public var inputPorts: [PortDescriptor] { inputs }
    /// The outputs, in the order `stream` samples them.
    public var outputPorts: [PortDescriptor] { outputs }

    // MARK: Driving by port index (what the named and typed front ends resolve to)

    func poke(input i: Int, _ value: Int) {
        let p = inputs[i]
        guard let words = Self.words(value, port: p) else {
            misuse.append("poke: \(value) does not fit the \(p.width)-bit \(p.signed ? "signed" : "unsigned") input '\(p.name)'")
            return
        }
        commands.poke(i, words, width: p.width)
        appliedInputs[i] = words
    }

    func poke(input i: Int, words: [UInt64]) {
        let masked = Self.masked(words, inputs[i].width)
        commands.poke(i, masked, width: inputs[i].width)
        appliedInputs[i] = masked
    }

    /// Records the inputs a `stream` left applied (its last row).
    func applied(lastRow: [UInt64]) {
        for (i, v) in lastRow.enumerated() where i < appliedInputs.count { appliedInputs[i] = Self.masked([v], inputs[i].width) }
    }

    /// The same, each input as its words.
    func applied(words: [[UInt64]]) {
        for (i, w) in words.enumerated() where i < appliedInputs.count { appliedInputs[i] = w }
    }

    func sample(output o: Int?, port: String, field: PortField? = nil) -> Sample {
        let index = values.count
        values.append(nil)
        if let o {
            commands.sample(o)
            pending.append((o, .sample(index)))
        }
        return Sample(index: index, output: o, field: field.flatMap { $0.whole ? nil : $0 }, port: port, cycle: cycle)
    }

    /// Sets an input field (a whole port, or an element of a packed vector) to `value`.
    func poke(field f: PortField, _ value: Int) {
        if f.whole { return poke(input: f.index, value) }
        guard let bits = f.words(value) else {
            misuse.append("poke: \(value) does not fit the \(f.width)-bit \(f.signed ? "signed" : "unsigned") input '\(f.name)'")
            return
        }
        var words = ArraySlice(appliedInputs[f.index])
        BitField.insert(bits, into: &words, lsb: f.lsb, width: f.width)
        poke(input: f.index, words: Array(words))
    }

    /// Queues a check of an output field (a whole port, or an element of a packed vector).
    func expect(field f: PortField, _ value: Int, _ message: String) {
        if f.whole { return expect(output: f.index, value, message) }
        guard let bits = f.words(value) else {
            misuse.append("expect: \(value) can never equal the \(f.width)-bit output '\(f.name)'")
            return
        }
        commands.sample(f.index)
        pending.append((f.index, .expectField(f, expected: bits, cycle: cycle, message: message)))
    }

    func expect(output o: Int, _ value: Int, _ message: String) {
        guard let words = Self.words(value, port: outputs[o]) else {
            misuse.append("expect: \(value) can never equal the \(outputs[o].width)-bit output '\(outputs[o].name)'")
            return
        }
        expect(output: o, words: words, message)
    }

    func expect(output o: Int, words: [UInt64], _ message: String) {
        commands.sample(o)
        pending.append((o, .expect(expected: Self.masked(words, outputs[o].width), cycle: cycle, message: message)))
    }

    // MARK: Driving by port name (designs given as Verilog text)

    /// Sets an input; `value` must fit the port (two's complement for signed ports).
    public func poke(_ port: String, _ value: Int) {
        guard let i = input(port) else { return }
        poke(input: i, value)
    }

    /// Sets an input from its raw bit pattern (little-endian 64-bit words), for ports of any width.
    public func poke(_ port: String, words: [UInt64]) {
        guard let i = input(port) else { return }
        poke(input: i, words: words)
    }

    /// Sets an input to 1 or 0.
    public func poke(_ port: String, _ value: Bool) { poke(port, value ? 1 : 0) }

    /// `cycles` rising clock edges.
    public func step(_ cycles: Int = 1) {
        guard cycles > 0 else { return }
        guard design.hasClock else {
            misuse.append("step: the design has no clock")
            return
        }
        commands.step(cycles)
        cycle += cycles
    }

    /// Holds `rst` high for `cycles` edges, then low (nothing happens for a design without `rst`).
    public func reset(cycles: Int = 1) {
        guard let r = inputIndex["rst"] else { return }
        poke(input: r, 1)
        step(cycles)
        poke(input: r, 0)
    }

    // MARK: Observing by port name

    /// Queues a read of an output; the value is available from `value(of:)` after the next flush.
    public func sample(_ port: String) -> Sample { sample(output: output(port), port: port) }

    /// Queues a check that an output equals `value` (two's complement for signed ports) now; a mismatch
    /// fails the next flush with the port, cycle, expected and actual values.
    public func expect(_ port: String, _ value: Int, _ message: String = "") {
        guard let o = output(port) else { return }
        expect(output: o, value, message)
    }

    /// Queues a check of an output's raw bit pattern (little-endian words).
    public func expect(_ port: String, words: [UInt64], _ message: String = "") {
        guard let o = output(port) else { return }
        expect(output: o, words: words, message)
    }

    /// The value of an output now (a sample and a flush).
    public func peek(_ port: String) async throws -> UInt64 {
        let s = sample(port)
        try await flush()
        return try value(of: s)
    }

    /// The value of a signed output now, sign-extended.
    public func peekSigned(_ port: String) async throws -> Int {
        let s = sample(port)
        try await flush()
        return try signedValue(of: s)
    }

    // MARK: Flushing and reading samples

    /// Sends everything queued, waits for the answers, and checks the queued expectations.
    public func flush() async throws {
        try throwMisuse()
        commands.flush()
        let response = try await exchange(commands.bytes)
        commands.removeAll()
        var parser = ResponseParser(response)
        var mismatches: [Mismatch] = []
        for (o, what) in pending {
            let port = outputs[o]
            guard let token = parser.nextToken(wordCount: (port.width + 63) / 64) else {
                throw SimulationError.protocolViolation("missing answer for output '\(port.name)'")
            }
            parser.endLine()
            switch what {
            case .sample(let index):
                values[index] = token
            case .expect(let expected, let cycle, let message):
                if token.unknown || token.words != expected {
                    mismatches.append(Mismatch(port: port, cycle: cycle, expected: expected, actual: token, message: message))
                }
            case .expectField(let f, let expected, let cycle, let message):
                let bits = f.extract(token.words[...])
                if token.unknown || bits != expected {
                    mismatches.append(Mismatch(port: f.descriptor(.output), cycle: cycle, expected: expected,
                                               actual: HexToken(words: bits, unknown: token.unknown), message: message))
                }
            }
        }
        pending.removeAll()
        if !mismatches.isEmpty { throw SimulationError.mismatches(mismatches) }
    }

    func throwMisuse() throws {
        guard !misuse.isEmpty else { return }
        let problems = misuse
        misuse.removeAll()
        throw SimulationError.misuse(problems)
    }

    /// The low 64 bits of a flushed sample.
    public func value(of sample: Sample) throws -> UInt64 { try words(of: sample)[0] }

    /// A flushed sample of a port up to 64 bits, read as two's complement when the port is signed.
    public func signedValue(of sample: Sample) throws -> Int {
        let w = try words(of: sample)
        if let f = sample.field { return f.integer(w) }
        guard let o = sample.output else { throw SimulationError.misuse(["unknown output '\(sample.port)'"]) }
        return Self.signedInt(w[0], width: min(64, outputs[o].width), signed: outputs[o].signed)
    }

    /// All words of a flushed sample (little-endian); for an element of a packed vector, its own bits.
    public func words(of sample: Sample) throws -> [UInt64] {
        guard sample.index < values.count, let token = values[sample.index] else {
            throw SimulationError.misuse(["'\(sample.port)' sampled at cycle \(sample.cycle) has no value yet: flush first"])
        }
        if token.unknown { throw SimulationError.unknownValue(port: sample.port, cycle: sample.cycle) }
        return sample.field.map { $0.extract(token.words[...]) } ?? token.words
    }

    // MARK: Plumbing

    /// Sends queued commands ahead of a batch that bypasses the queue (`stream`).
    func flushIfQueued() async throws {
        if !pending.isEmpty || !commands.bytes.isEmpty || !misuse.isEmpty { try await flush() }
    }

    func exchange(_ bytes: [UInt8]) async throws -> [UInt8] {
        replay.write(Data(bytes))
        return try await transport.exchange(bytes)
    }

    /// Counts the cycles a `stream` batch ran.
    func advance(_ cycles: Int) { if design.hasClock { cycle += cycles } }

    func finish() async throws {
        var q = CommandBuffer()
        q.quit()
        replay.write(Data(q.bytes))
        try await transport.close(q.bytes)
    }

    private func input(_ port: String) -> Int? {
        if let i = inputIndex[port] { return i }
        misuse.append(port == "clk" ? "the clock is driven by step(), not poke" : "no input named '\(port)' (inputs: \(inputs.map(\.name).joined(separator: ", ")))")
        return nil
    }

    private func output(_ port: String) -> Int? {
        if let o = outputIndex[port] { return o }
        misuse.append("no output named '\(port)' (outputs: \(outputs.map(\.name).joined(separator: ", ")))")
        return nil
    }

    // MARK: Values and bit patterns

    /// The values a port of up to 64 bits holds, in its signedness.
    static func range(_ p: PortDescriptor) -> ClosedRange<Int> {
        if p.width >= 64 { return p.signed ? Int.min...Int.max : 0...Int.max }
        return p.signed ? -(1 << (p.width - 1))...((1 << (p.width - 1)) - 1) : 0...((1 << p.width) - 1)
    }

    static func masked(_ words: [UInt64], _ width: Int) -> [UInt64] {
        var w = Array(words.prefix((width + 63) / 64))
        while w.count < (width + 63) / 64 { w.append(0) }
        if width % 64 != 0 { w[w.count - 1] &= (1 << UInt64(width % 64)) - 1 }
        return w
    }

    /// The low `width` bits set (all 64 from 64 bits up).
    static func mask(_ width: Int) -> UInt64 { width >= 64 ? .max : (1 << UInt64(width)) - 1 }

    /// The bit pattern of `value` in the port's width, or nil when it does not fit its signedness.
    static func words(_ value: Int, port: PortDescriptor) -> [UInt64]? {
        guard range(port).contains(value) else { return nil }
        let w = port.width
        let fill: UInt64 = value < 0 ? ~0 : 0
        var words = [UInt64](repeating: fill, count: (w + 63) / 64)
        words[0] = UInt64(bitPattern: Int64(value))
        return masked(words, w)
    }

    static func signedInt(_ raw: UInt64, width: Int, signed: Bool) -> Int {
        guard signed, width < 64 else { return Int(truncatingIfNeeded: raw) }
        let v = Int(raw)
        return v >= 1 << (width - 1) ? v - (1 << width) : v
    }
}
