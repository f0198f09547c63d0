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
    private let masks: [UInt64]
    /// Per input: the values it takes (in its signedness), and whether it is too wide for a row.
    private let ranges: [ClosedRange<Int>]
    private let tooWide: [Bool]
    /// The inputs of the row being built (held from row to row), as bit patterns.
    private var held: [UInt64]
    /// Every finished row's inputs, row after row.
    private(set) var data: [UInt64] = []
    private var current: Expectation
    /// Every finished row's expectations, in row order: (row, output index, value in the port's signedness).
    private(set) var expectations: [(row: Int, output: Int, value: Int)] = []
    /// Rows finished so far; the row being built has this index.
    public private(set) var rows = 0
    /// The rows with `rst` high.
    public private(set) var resetRows: [Int] = []
    private(set) var misuse: [String] = []
    // Coverage: per input, whether its minimum and maximum were driven, and which bits were ever 1 and 0.
    private let minimumPattern: [UInt64], maximumPattern: [UInt64]
    private var sawMinimum: [Bool], sawMaximum: [Bool]
    private var ones: [UInt64], zeros: [UInt64]

    init(_ sim: Simulation) {
        binding = sim.binding
        inputs = sim.inputs
        outputs = sim.outputs
        resetInput = inputs.firstIndex { $0.name == "rst" && sim.design.hasClock }
        masks = inputs.map { Simulation.mask($0.width) }
        ranges = inputs.map(Simulation.range)
        tooWide = inputs.map { $0.width > 64 }
        held = Array(repeating: 0, count: inputs.count)
        current = Expectation(binding: sim.binding, outputs: sim.outputs)
        minimumPattern = inputs.map { p in p.signed ? Simulation.mask(p.width) & ~(Simulation.mask(p.width) >> 1) : 0 }
        maximumPattern = inputs.map { p in p.signed ? Simulation.mask(p.width) >> 1 : Simulation.mask(p.width) }
        sawMinimum = Array(repeating: false, count: inputs.count)
        sawMaximum = Array(repeating: false, count: inputs.count)
        ones = Array(repeating: 0, count: inputs.count)
        zeros = Array(repeating: 0, count: inputs.count)
    }

    /// The index of the row being built (the number of rows finished).
    public var row: Int { rows }

    // MARK: Inputs

    private mutating func input(_ port: some HardwareValue) -> Int? {
        guard let binding else {
            misuse.append("stimulus: this simulation runs Verilog text; it has no IO values")
            return nil
        }
        switch binding.input(port) {
        case .success(let i):
            if tooWide[i] {
                misuse.append("stimulus: '\(inputs[i].name)' is \(inputs[i].width) bits wide; stream rows carry inputs of up to 64 bits (use poke(_:words:))")
                return nil
            }
            return i
        case .failure(let e):
            misuse.append("stimulus: \(e.message)")
            return nil
        }
    }

    private mutating func set(_ i: Int, _ value: Int) {
        guard ranges[i].contains(value) else {
            let p = inputs[i]
            misuse.append("stimulus row \(rows): \(value) does not fit the \(p.width)-bit \(p.signed ? "signed" : "unsigned") input '\(p.name)'")
            return
        }
        held[i] = UInt64(bitPattern: Int64(value)) & masks[i]
    }

    private func get(_ i: Int) -> Int { Simulation.signedInt(held[i], width: min(64, inputs[i].width), signed: inputs[i].signed) }

    /// An `Unsigned` or `Signed` input in this row and the rows after it (until set again).
    public subscript<V: IntegerHardwareValue>(port: V) -> Int {
        get { inputIndexWithoutRecording(port).map(get) ?? 0 }
        set { if let i = input(port) { set(i, newValue) } }
    }

    /// A `Bit` input in this row and the rows after it.
    public subscript(port: Bit) -> Bool {
        get { inputIndexWithoutRecording(port).map { held[$0] != 0 } ?? false }
        set { if let i = input(port) { held[i] = newValue ? 1 : 0 } }
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

    private func inputIndexWithoutRecording(_ port: some HardwareValue) -> Int? {
        if case .success(let i)? = binding?.input(port), inputs[i].width <= 64 { return i }
        return nil
    }

    /// Sets an input (of any kind, a vector, or a bundle's leaves) to random values over its whole range:
    /// what idle ports carry, so a block that reads data it should ignore is caught.
    public mutating func randomize(_ ports: Any, _ rng: inout SeededGenerator) {
        for leaf in hardwareLeaves(of: ports) {
            if let i = input(leaf) { held[i] = rng.bits(inputs[i].width) }
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
        for (o, v) in current.values { expectations.append((rows, o, v)) }
        for _ in 0..<count {
            data.append(contentsOf: held)
            if let r = resetInput, held[r] != 0 { resetRows.append(rows) }
            rows += 1
        }
        if !current.misuse.isEmpty {
            misuse += current.misuse
            current.misuse.removeAll()
        }
        if !current.isEmpty { current.removeAll() }
        // Rows in reset do not count: the design ignores what its inputs carry there.
        if let r = resetInput, held[r] != 0 { return }
        for i in held.indices {
            let v = held[i]
            ones[i] |= v
            zeros[i] |= ~v & masks[i]
            if v == minimumPattern[i] { sawMinimum[i] = true }
            if v == maximumPattern[i] { sawMaximum[i] = true }
        }
    }

    /// `cycles` rows with `rst` high (the other inputs held), then `rst` low again. Nothing for a design
    /// without a reset.
    public mutating func reset(cycles: Int = 1) {
        guard let r = resetInput, cycles > 0 else { return }
        held[r] = 1
        step(cycles)
        held[r] = 0
    }

    // MARK: Coverage

    /// What the stimulus leaves untested: inputs never driven to their minimum or maximum, bits never 0 or
    /// never 1 (rows in reset do not count), and no reset after the first row of operation. Empty when every input was driven over its
    /// full range and a reset came in the middle of operation.
    public func coverageGaps() -> [String] {
        var gaps: [String] = []
        for (i, p) in inputs.enumerated() where i != resetInput && p.width <= 64 {
            var missing: [String] = []
            if !sawMinimum[i] { missing.append("its minimum \(Simulation.signedInt(minimumPattern[i], width: p.width, signed: p.signed))") }
            if !sawMaximum[i] { missing.append("its maximum \(Simulation.signedInt(maximumPattern[i], width: p.width, signed: p.signed))") }
            let neverOne = ~ones[i] & masks[i], neverZero = ~zeros[i] & masks[i]
            if neverOne != 0 { missing.append("1 on bits \(Self.bits(neverOne))") }
            if neverZero != 0 { missing.append("0 on bits \(Self.bits(neverZero))") }
            if !missing.isEmpty { gaps.append("input '\(p.name)' never took \(missing.joined(separator: ", "))") }
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
