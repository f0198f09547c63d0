/// A multi-way branch on an integer value, emitted as a Verilog `case`:
///
///     Switch(op) {
///         Is(0) { y <== a &+ b }
///         Is(1, 2) { y <== a &- b }
///         Default { y <== 0 }
///     }
///
/// Case values must fit the selector's width and appear once; `Default` runs when no value matches.
public struct Switch {
    let selector: Node
    let cases: [Is]
    let location: SourceLocation

    public init<V: HardwareValue>(_ selector: V, file: String = #fileID, line: Int = #line,
                                  @CaseBuilder _ cases: () throws -> [Is]) rethrows {
        self.selector = selector.node
        self.cases = try cases()
        self.location = SourceLocation(fileID: file, line: line)
    }
}

/// One branch of a `Switch`: the values it matches and its statements. `Default` is an `Is` with no values.
public struct Is {
    let values: [Int]
    /// For enum cases (`Is(Phase.idle)`): the symbol of each value, so the Verilog names it.
    var symbols: [SymbolKey]?
    let isDefault: Bool
    let body: [Statement]
    let location: SourceLocation

    public init(_ values: Int..., file: String = #fileID, line: Int = #line,
                @HardwareBuilder _ body: () throws -> Block) rethrows {
        self.values = values
        self.isDefault = false
        self.body = try body().statements
        self.location = SourceLocation(fileID: file, line: line)
    }

    public init(_ values: [Int], file: String = #fileID, line: Int = #line,
                @HardwareBuilder _ body: () throws -> Block) rethrows {
        self.values = values
        self.isDefault = false
        self.body = try body().statements
        self.location = SourceLocation(fileID: file, line: line)
    }

    fileprivate init(defaultBody: [Statement], location: SourceLocation) {
        self.values = []
        self.isDefault = true
        self.body = defaultBody
        self.location = location
    }
}

/// The branch of a `Switch` taken when no `Is` value matches.
public func Default(file: String = #fileID, line: Int = #line,
                    @HardwareBuilder _ body: () throws -> Block) rethrows -> Is {
    Is(defaultBody: try body().statements, location: SourceLocation(fileID: file, line: line))
}

/// Collects the branches of a `Switch`; `for` loops may generate them.
@resultBuilder
public enum CaseBuilder {
    public static func buildExpression(_ c: Is) -> [Is] { [c] }
    public static func buildBlock(_ parts: [Is]...) -> [Is] { parts.flatMap { $0 } }
    public static func buildArray(_ parts: [[Is]]) -> [Is] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [Is]?) -> [Is] { part ?? [] }
    public static func buildEither(first part: [Is]) -> [Is] { part }
    public static func buildEither(second part: [Is]) -> [Is] { part }
}
