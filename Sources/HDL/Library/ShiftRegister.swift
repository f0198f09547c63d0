extension Scope {
    /// `value` delayed by `stages` clock edges through a chain of registers `<name>_0`, `<name>_1`, ...
    /// (Chisel's `ShiftRegister`). The registers have no reset: a delay line of data; carry a valid bit
    /// with `pipe` instead when the consumer must know which outputs are meaningful. With `enable`, the
    /// whole chain shifts only in cycles where it is 1. Zero stages return `value`.
    public func shiftRegister<V: HardwareValue>(_ value: V, stages: Int, name: String, enable: Bit? = nil,
                                                file: String = #fileID, line: Int = #line) -> V {
        if stages < 0 {
            diagnose(.invalidParameter, "a shift register needs 0 or more stages, not \(stages)", at: SourceLocation(fileID: file, line: line))
            return value
        }
        var v = value
        for s in 0..<stages {
            v = regNext(v, name: "\(name)_\(s)", enable: enable, file: file, line: line)
        }
        return v
    }
}
