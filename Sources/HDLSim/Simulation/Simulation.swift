import Foundation
import HDL

/// A running simulation of one design on one backend, driven from Swift.
///
///     try await Simulation.run(design, on: .verilator, in: dir, seed: seed) { sim in
///         sim.reset()
///         sim.poke("enable", 1)
///         sim.step()
///         sim.expect("count", 1)      // checked at the next flush
///         let count = sim.sample("count")
///         try await sim.flush()       // one round trip for everything queued
///         print(try sim.value(of: count))
///     }
///
/// Pokes, steps, samples and expects are queued and sent in one batch at `flush` (or `peek`), so a test pays
/// one process round trip per batch, not per cycle. A poke takes effect immediately (combinational outputs
/// follow at the next sample); `step` is one rising clock edge. Every batch is appended to
/// `<work>/replay.log`; when the body throws (an `expect` mismatch included), the log is replayed on a
/// tracing build and the error names the VCD, the replay log and the seed.
public final class Simulation {
    public let design: VerilogDesign
    public let backend: SimulatorBackend
    public let workDirectory: URL
    public let seed: UInt64?
    /// Rising clock edges so far.
    public private(set) var cycle = 0
    /// Whether the simulator build came from the cache (always false for Icarus, which compiles each run).
    public internal(set) var harnessWasCached = false

    /// Inputs in protocol order (every input but `clk`) and outputs.
    let inputs: [PortDescriptor]
    let outputs: [PortDescriptor]
    private let inputIndex: [String: Int]
    private let outputIndex: [String: Int]

    private var commands = CommandBuffer()
    private enum Pending {
        case sample(Int)
        case expect(output: Int, expected: [UInt64], cycle: Int, message: String)
    }
    private var pending: [(output: Int, what: Pending)] = []
    private var values: [HexToken?] = []
    private var misuse: [String] = []
    private let transport: SimulationTransport
    private let replay: FileHandle

    /// A queued read; its value is available after the next `flush`.
    public struct Sample: Hashable, Sendable {
        let index: Int
        public let port: String
        public let cycle: Int
    }

    init(design: VerilogDesign, backend: SimulatorBackend, workDirectory: URL, seed: UInt64?, transport: SimulationTransport) throws {
        self.design = design
        self.backend = backend
        self.workDirectory = workDirectory
        self.seed = seed
        self.transport = transport
        inputs = Self.protocolInputs(design)
        outputs = design.outputs
        inputIndex = Dictionary(uniqueKeysWithValues: inputs.enumerated().map { ($1.name, $0) })
        outputIndex = Dictionary(uniqueKeysWithValues: outputs.enumerated().map { ($1.name, $0) })
        let log = workDirectory.appendingPathComponent("replay.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        replay = try FileHandle(forWritingTo: log)
    }

    deinit { try? replay.close() }

    /// Every input except the clock, in port order: what `p <i>` and vector rows address.
    static func protocolInputs(_ design: VerilogDesign) -> [PortDescriptor] {
        design.inputs.filter { !(design.hasClock && $0.name == "clk") }
    }

    // MARK: Driving

    /// Sets an input; `value` must fit the port (two's complement for signed ports).
    public func poke(_ port: String, _ value: Int) {
        guard let i = input(port) else { return }
        let p = inputs[i]
        guard let words = Self.words(value, port: p) else {
            misuse.append("poke: \(value) does not fit the \(p.width)-bit \(p.signed ? "signed" : "unsigned") input '\(port)'")
            return
        }
        commands.poke(i, words, width: p.width)
    }

    /// Sets an input from its raw bit pattern (little-endian 64-bit words), for ports of any width.
    public func poke(_ port: String, words: [UInt64]) {
        guard let i = input(port) else { return }
        commands.poke(i, Self.masked(words, inputs[i].width), width: inputs[i].width)
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

    /// Holds `rst` high for `cycles` edges, then low.
    public func reset(cycles: Int = 1) {
        guard inputIndex["rst"] != nil else { return }
        poke("rst", 1)
        step(cycles)
        poke("rst", 0)
    }

    // MARK: Observing

    /// Queues a read of an output; the value is available from `value(of:)` after the next flush.
    public func sample(_ port: String) -> Sample {
        let index = values.count
        values.append(nil)
        if let o = output(port) {
            commands.sample(o)
            pending.append((o, .sample(index)))
        }
        return Sample(index: index, port: port, cycle: cycle)
    }

    /// Queues a check that an output equals `value` (two's complement for signed ports) now; a mismatch
    /// fails the next flush with the port, cycle, expected and actual values.
    public func expect(_ port: String, _ value: Int, _ message: String = "") {
        guard let o = output(port) else { return }
        guard let words = Self.words(value, port: outputs[o]) else {
            misuse.append("expect: \(value) can never equal the \(outputs[o].width)-bit output '\(port)'")
            return
        }
        commands.sample(o)
        pending.append((o, .expect(output: o, expected: words, cycle: cycle, message: message)))
    }

    /// Queues a check of an output's raw bit pattern (little-endian words).
    public func expect(_ port: String, words: [UInt64], _ message: String = "") {
        guard let o = output(port) else { return }
        commands.sample(o)
        pending.append((o, .expect(output: o, expected: Self.masked(words, outputs[o].width), cycle: cycle, message: message)))
    }

    /// Sends everything queued, waits for the answers, and checks the queued expectations.
    public func flush() async throws {
        if !misuse.isEmpty {
            let problems = misuse
            misuse.removeAll()
            throw SimulationError.misuse(problems)
        }
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
            case .expect(_, let expected, let cycle, let message):
                if token.unknown || token.words != expected {
                    mismatches.append(Mismatch(port: port, cycle: cycle, expected: expected, actual: token, message: message))
                }
            }
        }
        pending.removeAll()
        if !mismatches.isEmpty { throw SimulationError.mismatches(mismatches) }
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

    /// The low 64 bits of a flushed sample.
    public func value(of sample: Sample) throws -> UInt64 { try words(of: sample)[0] }

    /// A flushed sample of a port up to 64 bits, read as two's complement when the port is signed.
    public func signedValue(of sample: Sample) throws -> Int {
        let w = try words(of: sample)
        guard let o = outputIndex[sample.port] else { throw SimulationError.misuse(["unknown output '\(sample.port)'"]) }
        return Self.signedInt(w[0], width: min(64, outputs[o].width), signed: outputs[o].signed)
    }

    /// All words of a flushed sample (little-endian).
    public func words(of sample: Sample) throws -> [UInt64] {
        guard sample.index < values.count, let token = values[sample.index] else {
            throw SimulationError.misuse(["'\(sample.port)' sampled at cycle \(sample.cycle) has no value yet: flush first"])
        }
        if token.unknown { throw SimulationError.unknownValue(port: sample.port, cycle: sample.cycle) }
        return token.words
    }

    // MARK: Streaming

    /// Runs one cycle per row: applies the row's values to every input but `clk` (in port order, as raw bit
    /// patterns of up to 64 bits), samples every output, then clocks once. The fast path for long random
    /// or recorded stimulus: one batch, no per-cycle round trip.
    public func stream(_ rows: [[UInt64]]) async throws -> StreamResult {
        let limits = inputs.map { Self.mask($0.width) }
        return try await stream(rowCount: rows.count) { r, buffer in
            let row = rows[r]
            guard row.count == inputs.count else { throw rowLengthError(r, row.count) }
            for i in 0..<row.count {
                let v = row[i]
                guard v <= limits[i] else {
                    throw SimulationError.misuse(["stream: row \(r): \(v) does not fit the \(inputs[i].width)-bit input '\(inputs[i].name)'"])
                }
                if i > 0 { buffer.space() }
                buffer.appendHex(v)
            }
        }
    }

    /// Streams integer rows (one value per input but `clk`, in port order, in the port's signedness) and
    /// checks every sampled output against `expected` (one row per input row, one entry per output in port
    /// order, nil = don't care). A difference throws `SimulationError.mismatches` (so `run` leaves a VCD).
    @discardableResult
    public func stream(_ rows: [[Int]], expect expected: [[Int?]]) async throws -> StreamResult {
        guard expected.count == rows.count else {
            throw SimulationError.misuse(["stream: \(expected.count) expected rows for \(rows.count) input rows"])
        }
        let ranges = inputs.map(Self.range)
        let masks = inputs.map { Self.mask($0.width) }
        let result = try await stream(rowCount: rows.count) { r, buffer in
            let row = rows[r]
            guard row.count == inputs.count else { throw rowLengthError(r, row.count) }
            for i in 0..<row.count {
                let v = row[i]
                guard ranges[i].contains(v) else {
                    throw SimulationError.misuse(["stream: row \(r): \(v) does not fit the \(inputs[i].width)-bit \(inputs[i].signed ? "signed" : "unsigned") input '\(inputs[i].name)'"])
                }
                if i > 0 { buffer.space() }
                buffer.appendHex(UInt64(bitPattern: Int64(v)) & masks[i])
            }
        }
        let mismatches = result.mismatches(against: expected)
        if !mismatches.isEmpty { throw SimulationError.mismatches(mismatches) }
        return result
    }

    /// The values an input of up to 64 bits accepts, in its signedness.
    static func range(_ p: PortDescriptor) -> ClosedRange<Int> {
        if p.width >= 64 { return p.signed ? Int.min...Int.max : 0...Int.max }
        return p.signed ? -(1 << (p.width - 1))...((1 << (p.width - 1)) - 1) : 0...((1 << p.width) - 1)
    }

    private func rowLengthError(_ r: Int, _ count: Int) -> SimulationError {
        .misuse(["stream: row \(r) has \(count) values for \(inputs.count) inputs (\(inputs.map(\.name).joined(separator: ", ")))"])
    }

    /// One `v` batch of `rowCount` rows, each written by `writeRow` (the inputs in hex, space separated).
    private func stream(rowCount: Int, _ writeRow: (Int, inout CommandBuffer) throws -> Void) async throws -> StreamResult {
        if !pending.isEmpty || !commands.bytes.isEmpty { try await flush() }
        guard inputs.allSatisfy({ $0.width <= 64 }) else {
            throw SimulationError.misuse(["stream: inputs wider than 64 bits need poke(_:words:)"])
        }
        var buffer = CommandBuffer()
        buffer.reserve(rowCount * (inputs.count * 4 + 1) + 32)
        buffer.vectorHeader(rowCount)
        for r in 0..<rowCount {
            try writeRow(r, &buffer)
            buffer.newline()
        }
        buffer.flush()
        let startCycle = cycle
        let response = try await exchange(buffer.bytes)
        if design.hasClock { cycle += rowCount }
        return try StreamResult(response, rows: rowCount, outputs: outputs, startCycle: startCycle)
    }

    /// The inputs a stream row gives values for (every input but `clk`), in order.
    public var inputPorts: [PortDescriptor] { inputs }
    /// The outputs, in the order `stream` samples them.
    public var outputPorts: [PortDescriptor] { outputs }

    // MARK: Plumbing

    private func exchange(_ bytes: [UInt8]) async throws -> [UInt8] {
        replay.write(Data(bytes))
        return try await transport.exchange(bytes)
    }

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

/// Every output sampled in every cycle of a `Simulation.stream` call.
public struct StreamResult: Sendable {
    public let rows: Int
    public let outputs: [PortDescriptor]
    /// The cycle of the first row.
    public let startCycle: Int
    private let wordOffsets: [Int]
    private let stride: Int
    private let storage: [UInt64]
    /// (row * outputs.count + output) of every sample with x/z bits (Icarus); their words read as 0 there.
    private let unknown: Set<Int>

    init(_ response: [UInt8], rows: Int, outputs: [PortDescriptor], startCycle: Int) throws {
        self.rows = rows
        self.outputs = outputs
        self.startCycle = startCycle
        var offsets: [Int] = []
        var total = 0
        for o in outputs {
            offsets.append(total)
            total += (o.width + 63) / 64
        }
        wordOffsets = offsets
        stride = total
        var storage = [UInt64](repeating: 0, count: rows * total)
        var unknown = Set<Int>()
        var parser = ResponseParser(response)
        if outputs.allSatisfy({ $0.width <= 64 }) {
            // The common case: one word per output, parsed in place.
            var k = 0
            for r in 0..<rows {
                for o in outputs.indices {
                    guard let (word, isUnknown) = parser.nextWord() else {
                        throw SimulationError.protocolViolation("stream: row \(r) is missing output '\(outputs[o].name)'")
                    }
                    if isUnknown { unknown.insert(r * outputs.count + o) } else { storage[k] = word }
                    k += 1
                }
                parser.endLine()
            }
        } else {
            for r in 0..<rows {
                for (k, o) in outputs.enumerated() {
                    guard let t = parser.nextToken(wordCount: (o.width + 63) / 64) else {
                        throw SimulationError.protocolViolation("stream: row \(r) is missing output '\(o.name)'")
                    }
                    if t.unknown {
                        unknown.insert(r * outputs.count + k)
                        continue
                    }
                    for (j, w) in t.words.enumerated() { storage[r * total + offsets[k] + j] = w }
                }
                parser.endLine()
            }
        }
        self.storage = storage
        self.unknown = unknown
    }

    /// Whether output `output` had x/z bits in row `row` (only Icarus produces them).
    public func isUnknown(_ row: Int, _ output: Int) -> Bool { unknown.contains(row * outputs.count + output) }

    /// The low 64 bits of output `output` (index in `outputs`) in row `row`.
    public func value(_ row: Int, _ output: Int) -> UInt64 { storage[row * stride + wordOffsets[output]] }

    /// The same, as two's complement for signed outputs.
    public func signedValue(_ row: Int, _ output: Int) -> Int {
        Simulation.signedInt(value(row, output), width: min(64, outputs[output].width), signed: outputs[output].signed)
    }

    /// All words of an output in a row.
    public func words(_ row: Int, _ output: Int) -> ArraySlice<UInt64> {
        let start = row * stride + wordOffsets[output]
        return storage[start..<start + (outputs[output].width + 63) / 64]
    }

    /// The index of the output named `name`.
    public func index(of name: String) -> Int? { outputs.firstIndex { $0.name == name } }

    /// Compares every row with `expected` (one entry per output, in port order, as integers in the port's
    /// signedness; nil = don't care) and returns the differences, an unknown value counting as one.
    public func mismatches(against expected: [[Int?]]) -> [Mismatch] {
        var found: [Mismatch] = []
        let narrow = outputs.map { $0.width <= 64 }
        let masks = outputs.map { Simulation.mask($0.width) }
        for r in 0..<min(expected.count, rows) {
            let row = expected[r]
            for o in 0..<min(row.count, outputs.count) {
                guard let value = row[o] else { continue }
                let port = outputs[o]
                if narrow[o], !isUnknown(r, o), Simulation.range(port).contains(value),
                   storage[r * stride + wordOffsets[o]] == UInt64(bitPattern: Int64(value)) & masks[o] {
                    continue
                }
                let want = Simulation.words(value, port: port) ?? Simulation.masked([UInt64(bitPattern: Int64(value))], port.width)
                if isUnknown(r, o) {
                    found.append(Mismatch(port: port, cycle: startCycle + r, expected: want,
                                          actual: HexToken(words: want, unknown: true), message: "stream row \(r)"))
                } else if Array(words(r, o)) != want {
                    found.append(Mismatch(port: port, cycle: startCycle + r, expected: want,
                                          actual: HexToken(words: Array(words(r, o)), unknown: false), message: "stream row \(r)"))
                }
            }
        }
        return found
    }
}
