/// The plumbing the stream helpers (`m.queue`, `m.skidBuffer`, `m.pipe`) share: a payload of any shape is
/// flattened into a flat block's `bits`, and the block's output is rebuilt as the payload's own type, so one
/// Verilog module serves every payload of the same width.
extension Scope {
    /// Instantiates the flat block `make(width)`, drives its input stream from `source` and returns its
    /// output stream with the payload rebuilt. A source this module drives, or a payload that cannot be
    /// flattened, is an error at the helper's line.
    func decoupledBlock<P, M: Module>(_ source: Decoupled<P>, name: String, at loc: SourceLocation,
                                      _ make: (Int) -> M,
                                      ends: (M.IO) -> (input: Decoupled<Unsigned>, output: Decoupled<Unsigned>)) -> Decoupled<P> {
        let layout = source.layout
        let problem = source.direction.problemAsSource(StreamDirection.name(of: source.valid)) ?? layout.problem
        let io = instance(name, make(max(1, layout.width)), file: loc.fileID, line: loc.line)
        let (input, output) = ends(io)
        if let problem {
            addImplicit(Statement(.invalid(problem)).located(loc))
        } else {
            addImplicit(Statement(.group([input.valid <== source.valid, input.bits <== layout.flatten(source.bits),
                                          source.ready <== input.ready])).located(loc))
        }
        return Decoupled(valid: output.valid, ready: output.ready, bits: layout.rebuild(output.bits), layout: layout,
                         direction: .arriving)
    }

    /// `decoupledBlock` for a `Valid` stream.
    func validBlock<P, M: Module>(_ source: Valid<P>, name: String, at loc: SourceLocation, _ make: (Int) -> M,
                                  ends: (M.IO) -> (input: Valid<Unsigned>, output: Valid<Unsigned>)) -> Valid<P> {
        let layout = source.layout
        let problem = source.direction.problemAsSource(StreamDirection.name(of: source.valid)) ?? layout.problem
        let io = instance(name, make(max(1, layout.width)), file: loc.fileID, line: loc.line)
        let (input, output) = ends(io)
        if let problem {
            addImplicit(Statement(.invalid(problem)).located(loc))
        } else {
            addImplicit(Statement(.group([input.valid <== source.valid, input.bits <== layout.flatten(source.bits)])).located(loc))
        }
        return Valid(valid: output.valid, bits: layout.rebuild(output.bits), layout: layout, direction: .arriving)
    }
}
