/// A `Valid` stream delayed by `latency` register stages (Chisel's `Pipe`): what enters with `valid` in
/// cycle t leaves with `valid` in cycle t + latency. Only the valid bits are reset; each data stage loads
/// only when the stage before it holds a valid entry, so idle cycles do not toggle the data registers.
/// There is no back-pressure: a pipe never stalls.
public struct Pipe: Module {
    public var width: Int
    public var latency: Int

    public init(width: Int, latency: Int) {
        self.width = width
        self.latency = latency
    }

    public func validate() throws {
        try require((1...4096).contains(width), "width must be 1...4096, got \(width)")
        try require((1...1024).contains(latency), "latency must be 1...1024, got \(latency)")
    }

    public struct IO {
        public var enq: Valid<Unsigned>
        public var deq: Valid<Unsigned>
    }

    public func ports(_ p: Ports) -> IO {
        IO(enq: p.input(.valid(.uint(width))), deq: p.output(.valid(.uint(width))))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        var valid = io.enq.valid, bits = io.enq.bits
        for stage in 0..<latency {
            let previousValid = valid
            valid = m.regNext(previousValid, name: "valid_\(stage)", reset: 0)
            bits = m.regNext(bits, name: "bits_\(stage)", enable: previousValid)
        }
        io.deq.valid <== valid
        io.deq.bits <== bits
    }
}

extension Scope {
    /// `source` delayed by `latency` stages (`Pipe`); latency 0 returns `source` itself.
    public func pipe<P>(_ source: Valid<P>, latency: Int, name: String = "pipe", file: String = #fileID, line: Int = #line) -> Valid<P> {
        let loc = SourceLocation(fileID: file, line: line)
        if latency == 0, let problem = source.direction.problemAsSource(StreamDirection.name(of: source.valid)) {
            addImplicit(Statement(.invalid(problem)).located(loc))
        }
        if latency == 0 { return source }
        return validBlock(source, name: name, at: loc, { Pipe(width: $0, latency: latency) }, ends: { ($0.enq, $0.deq) })
    }
}
