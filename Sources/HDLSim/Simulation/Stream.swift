import HDL

/// The fast path: one batch of rows, one row per clock cycle, every output sampled in every row, no round
/// trip per cycle (about 3 M cycles/s on Verilator, see the README).
extension Simulation {
    /// Streams `stimulus` (one row per cycle: its inputs applied, every output sampled, then one clock edge)
    /// and checks its expectations and every scoreboard's results. Differences throw
    /// `SimulationError.mismatches` (so `run` leaves a VCD); the result holds every sampled output.
    @discardableResult
    public func stream(_ stimulus: Stimulus, _ scoreboards: Scoreboard...) async throws -> StreamResult {
        try await stream(stimulus, scoreboards: scoreboards)
    }

    /// `stream(_:_:)` with the scoreboards as an array.
    @discardableResult
    public func stream(_ stimulus: Stimulus, scoreboards: [Scoreboard]) async throws -> StreamResult {
        guard stimulus.binding === binding, stimulus.inputs == inputs else {
            throw SimulationError.misuse(["stream: the stimulus was made for another simulation (use this run's sim.stimulus())"])
        }
        let problems = stimulus.misuse + scoreboards.flatMap(\.misuse)
        if !problems.isEmpty { throw SimulationError.misuse(problems) }
        let stride = stimulus.stride, data = stimulus.data
        let offsets = stimulus.offsets, counts = stimulus.counts
        let narrow = inputs.count == stride
        let result = try await stream(rowCount: stimulus.rows, wideInputs: true) { r, buffer in
            let base = r * stride
            if narrow {
                for i in 0..<stride {
                    if i > 0 { buffer.space() }
                    buffer.appendHex(data[base + i])
                }
            } else {
                for i in inputs.indices {
                    if i > 0 { buffer.space() }
                    let o = base + offsets[i]
                    if counts[i] == 1 { buffer.appendHex(data[o]) } else { buffer.appendHex(Array(data[o..<(o + counts[i])]), width: inputs[i].width) }
                }
            }
        }
        if stimulus.rows > 0 {
            let last = (stimulus.rows - 1) * stride
            applied(words: inputs.indices.map { Array(data[(last + offsets[$0])..<(last + offsets[$0] + counts[$0])]) })
        }
        var mismatches: [Mismatch] = []
        for e in stimulus.expectations {
            if let m = result.mismatch(row: e.row, field: e.field, expected: e.value, message: "stimulus row \(e.row)") {
                mismatches.append(m)
            }
        }
        var late: [String] = []
        for board in scoreboards {
            let (m, p) = board.mismatches(in: result, resetRows: stimulus.resetRows)
            mismatches += m
            late += p
        }
        if !late.isEmpty { throw SimulationError.misuse(late) }
        if !mismatches.isEmpty { throw SimulationError.mismatches(mismatches.sorted { $0.cycle < $1.cycle }) }
        return result
    }

    /// Runs one cycle per row: applies the row's values to every input but `clk` (in port order, as raw bit
    /// patterns of up to 64 bits), samples every output, then clocks once. The positional form, for designs
    /// given as Verilog text; modules use `Stimulus`.
    public func stream(_ rows: [[UInt64]]) async throws -> StreamResult {
        let limits = inputs.map { Self.mask($0.width) }
        defer { if let last = rows.last, last.count == inputs.count { applied(lastRow: last) } }
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
    /// order, nil = don't care). The positional form, for designs given as Verilog text; modules use
    /// `Stimulus`.
    @discardableResult
    public func stream(_ rows: [[Int]], expect expected: [[Int?]]) async throws -> StreamResult {
        guard expected.count == rows.count else {
            throw SimulationError.misuse(["stream: \(expected.count) expected rows for \(rows.count) input rows"])
        }
        let ranges = inputs.map(Self.range)
        let masks = inputs.map { Self.mask($0.width) }
        defer {
            if let last = rows.last, last.count == inputs.count {
                applied(lastRow: zip(last, masks).map { UInt64(bitPattern: Int64($0)) & $1 })
            }
        }
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

    private func rowLengthError(_ r: Int, _ count: Int) -> SimulationError {
        .misuse(["stream: row \(r) has \(count) values for \(inputs.count) inputs (\(inputs.map(\.name).joined(separator: ", ")))"])
    }

    /// One `v` batch of `rowCount` rows, each written by `writeRow` (the inputs in hex, space separated).
    private func stream(rowCount: Int, wideInputs: Bool = false, _ writeRow: (Int, inout CommandBuffer) throws -> Void) async throws -> StreamResult {
        try await flushIfQueued()
        guard wideInputs || inputs.allSatisfy({ $0.width <= 64 }) else {
            throw SimulationError.misuse(["stream: positional rows carry inputs of up to 64 bits; use a Stimulus (or poke(_:words:))"])
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
        advance(rowCount)
        return try StreamResult(response, rows: rowCount, outputs: outputs, startCycle: startCycle, binding: binding)
    }
}

/// Every output sampled in every cycle of a `Simulation.stream` call.
public struct StreamResult: Sendable {
    public let rows: Int
    public let outputs: [PortDescriptor]
    /// The cycle of the first row.
    public let startCycle: Int
    let binding: PortBinding?
    private let wordOffsets: [Int]
    private let stride: Int
    private let storage: [UInt64]
    /// (row * outputs.count + output) of every sample with x/z bits (Icarus); their words read as 0 there.
    private let unknown: Set<Int>

    init(_ response: [UInt8], rows: Int, outputs: [PortDescriptor], startCycle: Int, binding: PortBinding?) throws {
        self.rows = rows
        self.outputs = outputs
        self.startCycle = startCycle
        self.binding = binding
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

    // MARK: Typed reads

    private func output(_ port: some HardwareValue) throws -> PortField {
        guard let binding else { throw SimulationError.misuse(["stream result: this simulation runs Verilog text; read outputs by index"]) }
        switch binding.output(port) {
        case .success(let f): return f
        case .failure(let e): throw SimulationError.misuse(["stream result: \(e.message)"])
        }
    }

    /// The field's value in `row` (its low 64 bits, in its signedness).
    private func known(_ row: Int, _ f: PortField) throws -> Int {
        guard (0..<rows).contains(row) else { throw SimulationError.misuse(["stream result: row \(row) of \(rows)"]) }
        if isUnknown(row, f.index) { throw SimulationError.unknownValue(port: f.name, cycle: startCycle + row) }
        return f.integer(f.extract(words(row, f.index)))
    }

    /// An `Unsigned` or `Signed` output in row `row`, in its signedness (the low 64 bits).
    public func value<V: IntegerHardwareValue>(_ port: V, row: Int) throws -> Int { try known(row, output(port)) }

    /// A `Bit` output in row `row`.
    public func value(_ port: Bit, row: Int) throws -> Bool { try known(row, output(port)) != 0 }

    /// Every element of a vector output in row `row`.
    public func value<V: IntegerHardwareValue>(_ ports: [V], row: Int) throws -> [Int] { try ports.map { try value($0, row: row) } }

    /// Every element of a vector of `Bit` outputs in row `row`.
    public func value(_ ports: [Bit], row: Int) throws -> [Bool] { try ports.map { try value($0, row: row) } }

    // MARK: Comparing

    /// The mismatch of output `o` in `row` against `expected` (an integer in the port's signedness), if any.
    func mismatch(row r: Int, output o: Int, expected value: Int, message: String) -> Mismatch? {
        let port = outputs[o]
        if port.width <= 64, !isUnknown(r, o), Simulation.range(port).contains(value),
           storage[r * stride + wordOffsets[o]] == UInt64(bitPattern: Int64(value)) & Simulation.mask(port.width) {
            return nil
        }
        let want = Simulation.words(value, port: port) ?? Simulation.masked([UInt64(bitPattern: Int64(value))], port.width)
        if isUnknown(r, o) {
            return Mismatch(port: port, cycle: startCycle + r, expected: want, actual: HexToken(words: want, unknown: true), message: message)
        }
        let actual = Array(words(r, o))
        return actual == want ? nil : Mismatch(port: port, cycle: startCycle + r, expected: want,
                                               actual: HexToken(words: actual, unknown: false), message: message)
    }

    /// The mismatch of an output field (a whole port or an element of a packed vector) in `row`, if any.
    func mismatch(row r: Int, field f: PortField, expected value: Int, message: String) -> Mismatch? {
        if f.whole { return mismatch(row: r, output: f.index, expected: value, message: message) }
        let want = f.words(value) ?? Simulation.masked([UInt64(bitPattern: Int64(value))], f.width)
        let actual = f.extract(words(r, f.index))
        if isUnknown(r, f.index) {
            return Mismatch(port: f.descriptor(.output), cycle: startCycle + r, expected: want,
                            actual: HexToken(words: actual, unknown: true), message: message)
        }
        return actual == want ? nil : Mismatch(port: f.descriptor(.output), cycle: startCycle + r, expected: want,
                                               actual: HexToken(words: actual, unknown: false), message: message)
    }

    /// Compares every row with `expected` (one entry per output, in port order, as integers in the port's
    /// signedness; nil = don't care) and returns the differences, an unknown value counting as one.
    public func mismatches(against expected: [[Int?]]) -> [Mismatch] {
        var found: [Mismatch] = []
        for r in 0..<min(expected.count, rows) {
            let row = expected[r]
            for o in 0..<min(row.count, outputs.count) {
                guard let value = row[o] else { continue }
                if let m = mismatch(row: r, output: o, expected: value, message: "stream row \(r)") { found.append(m) }
            }
        }
        return found
    }
}
