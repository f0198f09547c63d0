import HDL

/// Stimulus for `Simulation.stream`, one row per clock cycle, built by assigning to the module's IO values:
///
///     var s = sim.stimulus()
///     s.reset()
///     for (a, b) in operands {
///         s[io.a] = a; s[io.b] = b; s[io.enable] = true
///         s.expect(io.acc, model.acc)          // sampled in this row, before its clock edge
///         model.step(a, b)
///         s.step()                             // ends the row
///     }
///     try await sim.stream(s)
///
/// Inputs start at 0 and hold their value from row to row, like pokes; expectations apply to the row being
/// built only (results due later go on a `Scoreboard`). Rows are stored as raw bit patterns, so a stimulus of
/// millions of rows streams at the simulator's speed. `coverageGaps()` says which inputs never reached their
/// minimum or maximum, which bits never toggled, and whether a reset came in the middle of operation.
public struct Stimulus {
    let binding: PortBinding?
    let inputs: [PortDescriptor]
    let outputs: [PortDescriptor]
    private let resetInput: Int?
    /// Each input's words in a row: `offsets[i] ..< offsets[i] + counts[i]` (inputs of any width).
    let offsets: [Int]
    let counts: [Int]
    /// Words per row.
    let stride: Int
    /// The inputs of the row being built (held from row to row), as bit patterns.
    private var held: [UInt64]
    /// Every finished row's inputs, row after row.
    private(set) var data: [UInt64] = []
    private var current: Expectation
    /// Every finished row's expectations, in row order: (row, output field, value in its signedness).
    private(set) var expectations: [(row: Int, field: PortField, value: Int)] = []
    /// Rows finished so far; the row being built has this index.
    public private(set) var rows = 0
    /// The rows with `rst` high.
    public private(set) var resetRows: [Int] = []
    private(set) var misuse: [String] = []
    // Coverage, per input field of up to 64 bits (each IO leaf, or each whole input for Verilog text): whether
    // its minimum and maximum were driven, and which bits were ever 1 and 0.
    private let covered: [PortField]
    private let minimumPattern: [UInt64], maximumPattern: [UInt64]
    private var sawMinimum: [Bool], sawMaximum: [Bool]
    private var ones: [UInt64], zeros: [UInt64]

    init(_ sim: Simulation) {
        binding = sim.binding
        inputs = sim.inputs
        outputs = sim.outputs
        resetInput = inputs.firstIndex { $0.name == "rst" && sim.design.hasClock }
        counts = inputs.map { ($0.width + 63) / 64 }
        var offsets: [Int] = [], total = 0
        for c in counts {
            offsets.append(total)
            total += c
        }
        self.offsets = offsets
        stride = total
        held = Array(repeating: 0, count: total)
        current = Expectation(binding: sim.binding, outputs: sim.outputs)
        let whole = inputs.enumerated().map { i, p in
            PortField(index: i, lsb: 0, width: p.width, signed: p.signed, whole: true, name: p.name)
        }
        let resetInput = self.resetInput
        covered = (sim.binding?.inputFields ?? whole).filter { $0.width <= 64 && $0.index != resetInput }
        minimumPattern = covered.map { f in f.signed ? Simulation.mask(f.width) & ~(Simulation.mask(f.width) >> 1) : 0 }
        maximumPattern = covered.map { f in f.signed ? Simulation.mask(f.width) >> 1 : Simulation.mask(f.width) }
        sawMinimum = Array(repeating: false, count: covered.count)
        sawMaximum = Array(repeating: false, count: covered.count)
        ones = Array(repeating: 0, count: covered.count)
        zeros = Array(repeating: 0, count: covered.count)
    }

    /// The index of the row being built (the number of rows finished).
    public var row: Int { rows }

    // MARK: Inputs

    private mutating func input(_ port: some HardwareValue) -> PortField? {
        guard let binding else {
            misuse.append("stimulus: this simulation runs Verilog text; it has no IO values")
            return nil
        }
        switch binding.input(port) {
        case .success(let f): return f
        case .failure(let e):
            misuse.append("stimulus: \(e.message)")
            return nil
        }
    }

    private mutating func set(_ f: PortField, _ value: Int) {
        guard f.width > 64 || f.range.contains(value) else {
            misuse.append("stimulus row \(rows): \(value) does not fit the \(f.width)-bit \(f.signed ? "signed" : "unsigned") input '\(f.name)'")
            return
        }
        if f.whole && counts[f.index] == 1 {
            held[offsets[f.index]] = UInt64(bitPattern: Int64(value)) & Simulation.mask(f.width)
            return
        }
        set(f, bits: f.words(value) ?? Simulation.masked([UInt64(bitPattern: Int64(value))], f.width))
    }

    private mutating func set(_ f: PortField, bits: [UInt64]) {
        let o = offsets[f.index], n = counts[f.index]
        if f.whole {
            for k in 0..<n { held[o + k] = k < bits.count ? bits[k] : 0 }
            return
        }
        var words = held[o..<(o + n)]
        BitField.insert(bits, into: &words, lsb: f.lsb, width: f.width)
        held.replaceSubrange(o..<(o + n), with: words)
    }

    private func get(_ f: PortField) -> Int {
        let o = offsets[f.index]
        if f.whole && counts[f.index] == 1 { return f.integer([held[o]]) }
        return f.integer(f.extract(held[o..<(o + counts[f.index])]))
    }

    private func peekField(_ port: some HardwareValue) -> PortField? {
        if case .success(let f)? = binding?.input(port) { return f }
        return nil
    }

    /// An `Unsigned` or `Signed` input in this row and the rows after it (until set again).
    public subscript<V: IntegerHardwareValue>(port: V) -> Int {
        get { peekField(port).map(get) ?? 0 }
        set { if let f = input(port) { set(f, newValue) } }
    }

    /// A `Bit` input in this row and the rows after it.
    public subscript(port: Bit) -> Bool {
        get { peekField(port).map { get($0) != 0 } ?? false }
        set { if let f = input(port) { set(f, newValue ? 1 : 0) } }
    }

    /// Every element of a vector input.
    public subscript<V: IntegerHardwareValue>(ports: [V]) -> [Int] {
        get { ports.map { self[$0] } }
        set {
            guard newValue.count == ports.count else {
                misuse.append("stimulus row \(rows): \(newValue.count) values for a vector of \(ports.count) inputs")
                return
            }
            for (p, v) in zip(ports, newValue) { self[p] = v }
        }
    }

    /// Every element of a vector of `Bit` inputs.
    public subscript(ports: [Bit]) -> [Bool] {
        get { ports.map { self[$0] } }
        set {
            guard newValue.count == ports.count else {
                misuse.append("stimulus row \(rows): \(newValue.count) values for a vector of \(ports.count) inputs")
                return
            }
            for (p, v) in zip(ports, newValue) { self[p] = v }
        }
    }

    /// Sets an input (of any kind, a vector, or a bundle's leaves) to random values over its whole range:
    /// what idle ports carry, so a block that reads data it should ignore is caught.
    public mutating func randomize(_ ports: Any, _ rng: inout SeededGenerator) {
        for leaf in hardwareLeaves(of: ports) {
            guard let f = input(leaf) else { continue }
            var bits: [UInt64] = []
            var left = f.width
            while left > 0 {
                bits.append(rng.bits(min(64, left)))
                left -= 64
            }
            set(f, bits: bits)
        }
    }

    // MARK: Expectations

    /// Expects an `Unsigned` or `Signed` output in this row.
    public mutating func expect<V: IntegerHardwareValue>(_ port: V, _ value: Int) { current.expect(port, value) }
    /// Expects a `Bit` output in this row.
    public mutating func expect(_ port: Bit, _ value: Bool) { current.expect(port, value) }
    /// Expects every element of a vector output in this row; nil elements are not checked.
    public mutating func expect<V: IntegerHardwareValue>(_ ports: [V], _ values: [Int?]) { current.expect(ports, values) }
    /// Expects every element of a vector of `Bit` outputs in this row; nil elements are not checked.
    public mutating func expect(_ ports: [Bit], _ values: [Bool?]) { current.expect(ports, values) }

    // MARK: Rows

    /// Ends the row being built and repeats it `count - 1` more times (inputs held, this row's expectations
    /// on the first only): `count` clock cycles.
    public mutating func step(_ count: Int = 1) {
        guard count > 0 else { return }
        for (f, v) in current.values { expectations.append((rows, f, v)) }
        let inReset = resetInput.map { held[offsets[$0]] != 0 } ?? false
        for _ in 0..<count {
            data.append(contentsOf: held)
            if inReset { resetRows.append(rows) }
            rows += 1
        }
        if !current.misuse.isEmpty {
            misuse += current.misuse
            current.misuse.removeAll()
        }
        if !current.isEmpty { current.removeAll() }
        // Rows in reset do not count: the design ignores what its inputs carry there.
        if inReset { return }
        for (k, f) in covered.enumerated() {
            let o = offsets[f.index]
            let v = f.whole ? held[o] : BitField.extract(held[o..<(o + counts[f.index])], lsb: f.lsb, width: f.width)[0]
            ones[k] |= v
            zeros[k] |= ~v & Simulation.mask(f.width)
            if v == minimumPattern[k] { sawMinimum[k] = true }
            if v == maximumPattern[k] { sawMaximum[k] = true }
        }
    }

    /// `cycles` rows with `rst` high (the other inputs held), then `rst` low again. Nothing for a design
    /// without a reset.
    public mutating func reset(cycles: Int = 1) {
        guard let r = resetInput, cycles > 0 else { return }
        held[offsets[r]] = 1
        step(cycles)
        held[offsets[r]] = 0
    }

    // MARK: Coverage

    /// What the stimulus leaves untested: inputs (each IO leaf, packed vector elements included) never driven
    /// to their minimum or maximum, bits never 0 or never 1 (rows in reset do not count), and no reset after
    /// the first row of operation. Empty when every input was driven over its full range and a reset came in
    /// the middle of operation.
    public func coverageGaps() -> [String] {
        var gaps: [String] = []
        for (k, f) in covered.enumerated() {
            var missing: [String] = []
            if !sawMinimum[k] { missing.append("its minimum \(Simulation.signedInt(minimumPattern[k], width: f.width, signed: f.signed))") }
            if !sawMaximum[k] { missing.append("its maximum \(Simulation.signedInt(maximumPattern[k], width: f.width, signed: f.signed))") }
            let neverOne = ~ones[k] & Simulation.mask(f.width), neverZero = ~zeros[k] & Simulation.mask(f.width)
            if neverOne != 0 { missing.append("1 on bits \(Self.bits(neverOne))") }
            if neverZero != 0 { missing.append("0 on bits \(Self.bits(neverZero))") }
            if !missing.isEmpty { gaps.append("input '\(f.name)' never took \(missing.joined(separator: ", "))") }
        }
        if resetInput != nil {
            let operating = resetRows.isEmpty ? nil : (0..<rows).first { !resetRows.contains($0) && $0 > resetRows[0] }
            if !resetRows.contains(where: { r in operating.map { r > $0 } ?? false }) {
                gaps.append("no reset in the middle of operation (rst is high only before the first operating row)")
            }
        }
        return gaps
    }

    private static func bits(_ mask: UInt64) -> String {
        var positions: [String] = []
        for bit in 0..<64 where (mask >> UInt64(bit)) & 1 != 0 { positions.append(String(bit)) }
        return positions.joined(separator: ",")
    }
}

/// The ports in `value`: the value itself when it is one, the elements of an array, the fields of a bundle
/// or tuple (in declaration order), recursively. How drivers and `Stimulus.randomize` take a payload of any
/// shape.
public func hardwareLeaves(of value: Any) -> [any HardwareValue] {
    if let v = value as? any HardwareValue { return [v] }
    return Mirror(reflecting: value).children.flatMap { hardwareLeaves(of: $0.value) }
}
