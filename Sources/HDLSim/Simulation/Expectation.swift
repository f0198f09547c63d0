import HDL

/// Output values expected in one row (cycle), set through the module's IO values: what `Stimulus.expect`
/// adds to the row being built and what a `Scoreboard` result holds. A value that does not fit its port, or
/// a value that is no output, is reported when the stimulus is streamed.
public struct Expectation {
    let binding: PortBinding?
    let outputs: [PortDescriptor]
    /// (output field, value in the field's signedness), in the order given.
    private(set) var values: [(field: PortField, value: Int)] = []
    var misuse: [String] = []

    init(binding: PortBinding?, outputs: [PortDescriptor]) {
        self.binding = binding
        self.outputs = outputs
    }

    var isEmpty: Bool { values.isEmpty }

    mutating func removeAll() { values.removeAll(keepingCapacity: true) }

    private mutating func output(_ port: some HardwareValue) -> PortField? {
        guard let binding else {
            misuse.append("expect: this simulation runs Verilog text; it has no IO values")
            return nil
        }
        switch binding.output(port) {
        case .success(let f): return f
        case .failure(let e):
            misuse.append("expect: \(e.message)")
            return nil
        }
    }

    mutating func add(_ f: PortField, _ value: Int) {
        if f.width <= 64 && !f.range.contains(value) {
            misuse.append("expect: \(value) can never equal the \(f.width)-bit \(f.signed ? "signed" : "unsigned") output '\(f.name)'")
            return
        }
        values.append((f, value))
    }

    private mutating func lengthsMatch(_ ports: Int, _ values: Int) -> Bool {
        if ports == values { return true }
        misuse.append("expect: \(values) values for a vector of \(ports) ports")
        return false
    }

    /// Expects an `Unsigned` or `Signed` output to equal `value`.
    public mutating func expect<V: IntegerHardwareValue>(_ port: V, _ value: Int) {
        if let f = output(port) { add(f, value) }
    }

    /// Expects a `Bit` output.
    public mutating func expect(_ port: Bit, _ value: Bool) {
        if let f = output(port) { add(f, value ? 1 : 0) }
    }

    /// Expects every element of a vector output; nil elements are not checked.
    public mutating func expect<V: IntegerHardwareValue>(_ ports: [V], _ values: [Int?]) {
        guard lengthsMatch(ports.count, values.count) else { return }
        for (p, v) in zip(ports, values) { if let v { expect(p, v) } }
    }

    /// Expects every element of a vector of `Bit` outputs; nil elements are not checked.
    public mutating func expect(_ ports: [Bit], _ values: [Bool?]) {
        guard lengthsMatch(ports.count, values.count) else { return }
        for (p, v) in zip(ports, values) { if let v { expect(p, v) } }
    }
}
