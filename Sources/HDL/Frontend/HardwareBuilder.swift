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

    public static func buildBlock(_ parts: [Statement]...) -> [Statement] { parts.flatMap { $0 } }
    public static func buildArray(_ parts: [[Statement]]) -> [Statement] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [Statement]?) -> [Statement] { part ?? [] }
    public static func buildEither(first part: [Statement]) -> [Statement] { part }
    public static func buildEither(second part: [Statement]) -> [Statement] { part }
    public static func buildLimitedAvailability(_ part: [Statement]) -> [Statement] { part }
    public static func buildFinalResult(_ parts: [Statement]) -> Block { Block(parts) }
}
