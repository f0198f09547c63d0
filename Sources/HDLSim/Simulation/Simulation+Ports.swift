import HDL

/// Driving and checking a simulation through the module's IO values: `sim.poke(io.a, -3)`,
/// `sim.expect(io.acc, -15)`, `sim.peek(io.scores)`. `Bit` ports take `Bool`s, `Unsigned` and `Signed` ports
/// take `Int`s in their own signedness, vectors (`[Signed]`, ...) take arrays; a bundle is its fields. A value
/// that does not fit, a port of the wrong direction or a value that is no port fails the next flush with a
/// message naming the port.
extension Simulation {
    // MARK: Resolving

    func inputField(_ port: some HardwareValue, _ what: String) -> PortField? {
        guard let binding else {
            misuse.append("\(what): this simulation runs Verilog text; address its ports by name")
            return nil
        }
        switch binding.input(port) {
        case .success(let f): return f
        case .failure(let e):
            misuse.append("\(what): \(e.message)")
            return nil
        }
    }

    func outputField(_ port: some HardwareValue, _ what: String) -> PortField? {
        guard let binding else {
            misuse.append("\(what): this simulation runs Verilog text; address its ports by name")
            return nil
        }
        switch binding.output(port) {
        case .success(let f): return f
        case .failure(let e):
            misuse.append("\(what): \(e.message)")
            return nil
        }
    }

    private func lengthsMatch(_ what: String, _ ports: Int, _ values: Int) -> Bool {
        if ports == values { return true }
        misuse.append("\(what): \(values) values for a vector of \(ports) ports")
        return false
    }

    // MARK: Driving

    /// Sets an `Unsigned` or `Signed` input; `value` must fit the port in its signedness.
    public func poke<V: IntegerHardwareValue>(_ port: V, _ value: Int) {
        if let f = inputField(port, "poke") { poke(field: f, value) }
    }

    /// Sets a `Bit` input.
    public func poke(_ port: Bit, _ value: Bool) {
        if let f = inputField(port, "poke") { poke(field: f, value ? 1 : 0) }
    }

    /// Sets every element of a vector input.
    public func poke<V: IntegerHardwareValue>(_ ports: [V], _ values: [Int]) {
        guard lengthsMatch("poke", ports.count, values.count) else { return }
        for (p, v) in zip(ports, values) { poke(p, v) }
    }

    /// Sets every element of a vector of `Bit` inputs.
    public func poke(_ ports: [Bit], _ values: [Bool]) {
        guard lengthsMatch("poke", ports.count, values.count) else { return }
        for (p, v) in zip(ports, values) { poke(p, v) }
    }

    /// Sets an input of any width from its raw bit pattern (little-endian 64-bit words).
    public func poke(_ port: some HardwareValue, words: [UInt64]) {
        guard let f = inputField(port, "poke") else { return }
        if f.whole { return poke(input: f.index, words: words) }
        var all = ArraySlice(appliedInputs[f.index])
        BitField.insert(Simulation.masked(words, f.width), into: &all, lsb: f.lsb, width: f.width)
        poke(input: f.index, words: Array(all))
    }

    // MARK: Checking

    /// Queues a check that an `Unsigned` or `Signed` output equals `value` now (checked at the next flush).
    public func expect<V: IntegerHardwareValue>(_ port: V, _ value: Int, _ message: String = "") {
        if let f = outputField(port, "expect") { expect(field: f, value, message) }
    }

    /// Queues a check of a `Bit` output.
    public func expect(_ port: Bit, _ value: Bool, _ message: String = "") {
        if let f = outputField(port, "expect") { expect(field: f, value ? 1 : 0, message) }
    }

    /// Queues a check of every element of a vector output; nil elements are not checked.
    public func expect<V: IntegerHardwareValue>(_ ports: [V], _ values: [Int?], _ message: String = "") {
        guard lengthsMatch("expect", ports.count, values.count) else { return }
        for (p, v) in zip(ports, values) { if let v { expect(p, v, message) } }
    }

    /// Queues a check of every element of a vector of `Bit` outputs; nil elements are not checked.
    public func expect(_ ports: [Bit], _ values: [Bool?], _ message: String = "") {
        guard lengthsMatch("expect", ports.count, values.count) else { return }
        for (p, v) in zip(ports, values) { if let v { expect(p, v, message) } }
    }

    /// Queues a check of an output's raw bit pattern (little-endian words), for ports of any width.
    public func expect(_ port: some HardwareValue, words: [UInt64], _ message: String = "") {
        guard let f = outputField(port, "expect") else { return }
        if f.whole { return expect(output: f.index, words: words, message) }
        misuse.append("expect(words:) on '\(f.name)', an element of a packed vector: expect its integer value")
    }

    // MARK: Reading

    /// Queues a read of an output; read it with `value(of:)` / `signedValue(of:)` after the next flush.
    public func sample(_ port: some HardwareValue) -> Sample {
        let f = outputField(port, "sample")
        return sample(output: f?.index, port: f?.name ?? "?", field: f)
    }

    /// An `Unsigned` or `Signed` output now, in its signedness (a sample and a flush).
    public func peek<V: IntegerHardwareValue>(_ port: V) async throws -> Int {
        let s = sample(port)
        try await flush()
        return try signedValue(of: s)
    }

    /// A `Bit` output now.
    public func peek(_ port: Bit) async throws -> Bool {
        let s = sample(port)
        try await flush()
        return try value(of: s) != 0
    }

    /// Every element of a vector output now (one round trip).
    public func peek<V: IntegerHardwareValue>(_ ports: [V]) async throws -> [Int] {
        let samples = ports.map { sample($0) }
        try await flush()
        return try samples.map { try signedValue(of: $0) }
    }

    /// Every element of a vector of `Bit` outputs now.
    public func peek(_ ports: [Bit]) async throws -> [Bool] {
        let samples = ports.map { sample($0) }
        try await flush()
        return try samples.map { try value(of: $0) != 0 }
    }

    // MARK: Batches

    /// An empty stimulus for `stream`, rows built by assigning to this run's IO values.
    public func stimulus() -> Stimulus { Stimulus(self) }

    /// A scoreboard for results due `latency` cycles after the stimulus row that causes them; with `valid`,
    /// that output must be high exactly where a result is due (see `Scoreboard`).
    public func scoreboard(latency: Int, valid: Bit? = nil) -> Scoreboard { Scoreboard(self, latency: latency, valid: valid) }
}
