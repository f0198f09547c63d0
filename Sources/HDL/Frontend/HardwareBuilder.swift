/// Collects the statements of a module body or branch. Each statement gets the `#fileID`/`#line` of the
/// line it is written on (operators like `<==` cannot take source locations; `buildExpression` can).
/// Swift `if`, `for` and `let` work inside as elaboration-time control flow.
@resultBuilder
public enum HardwareBuilder {
    public static func buildExpression(_ s: Statement, file: String = #fileID, line: Int = #line) -> [Statement] {
        [s.located(SourceLocation(fileID: file, line: line))]
    }

    public static func buildExpression(_ w: When, file: String = #fileID, line: Int = #line) -> [Statement] {
        [Statement(.when(w), location: w.location)]
    }

    public static func buildExpression(_ w: CompletedWhen, file: String = #fileID, line: Int = #line) -> [Statement] {
        [Statement(.when(w.chain), location: w.chain.location)]
    }

    public static func buildExpression(_ s: Switch, file: String = #fileID, line: Int = #line) -> [Statement] {
        [Statement(.switchCase(s), location: s.location)]
    }

    /// A helper function's statements (`func stage(...) -> Block`), stamped where they are used unless
    /// they carry their own lines.
    public static func buildExpression(_ b: Block, file: String = #fileID, line: Int = #line) -> [Statement] {
        let loc = SourceLocation(fileID: file, line: line)
        return b.statements.map { $0.located(loc) }
    }

    /// Lets elaboration-time calls that return nothing (e.g. `precondition`, logging) sit in a body.
    public static func buildExpression(_ v: Void) -> [Statement] { [] }

    // Statements accumulate in place, one part at a time (`buildPartialBlock`), rather than as a list of parts
    // flattened at the end: a body of millions of connects builds its array once, not twice.
    public static func buildBlock() -> [Statement] { [] }
    public static func buildPartialBlock(first: consuming [Statement]) -> [Statement] { first }
    public static func buildPartialBlock(accumulated: consuming [Statement], next: consuming [Statement]) -> [Statement] {
        var all = accumulated
        all.append(contentsOf: next)
        return all
    }
    public static func buildArray(_ parts: [[Statement]]) -> [Statement] {
        var all: [Statement] = []
        all.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for p in parts { all.append(contentsOf: p) }
        return all
    }
    public static func buildOptional(_ part: [Statement]?) -> [Statement] { part ?? [] }
    public static func buildEither(first part: [Statement]) -> [Statement] { part }
    public static func buildEither(second part: [Statement]) -> [Statement] { part }
    public static func buildLimitedAvailability(_ part: [Statement]) -> [Statement] { part }
    public static func buildFinalResult(_ parts: [Statement]) -> Block { Block(parts) }
}
