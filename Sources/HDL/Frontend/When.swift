/// A hardware conditional: `When(c) { ... }.elseWhen(d) { ... }.otherwise { ... }`.
///
/// Connects inside a branch apply only when its condition holds (and no earlier branch's did). A signal
/// that is not connected on some path keeps its default (wires/outputs) or its value (registers); a wire
/// with neither is an elaboration error rather than a latch.
public struct When {
    struct Branch {
        var condition: Node
        var body: [Statement]
        var location: SourceLocation
    }

    var branches: [Branch]
    var otherwiseBody: [Statement]?
    var otherwiseLocation: SourceLocation?

    var location: SourceLocation { branches[0].location }

    /// A one-branch conditional built by the library (not the result builder).
    init(_ condition: Node, at location: SourceLocation, body: [Statement]) {
        branches = [Branch(condition: condition, body: body, location: location)]
    }

    public init(_ condition: Bit, file: String = #fileID, line: Int = #line,
                @HardwareBuilder _ body: () throws -> Block) rethrows {
        branches = [Branch(condition: condition.node, body: try body().statements,
                           location: SourceLocation(fileID: file, line: line))]
    }

    /// Another condition, tried when every earlier one is false.
    public func elseWhen(_ condition: Bit, file: String = #fileID, line: Int = #line,
                         @HardwareBuilder _ body: () throws -> Block) rethrows -> When {
        var w = self
        w.branches.append(Branch(condition: condition.node, body: try body().statements,
                                 location: SourceLocation(fileID: file, line: line)))
        return w
    }

    /// The branch taken when no condition holds; ends the chain.
    public func otherwise(file: String = #fileID, line: Int = #line,
                          @HardwareBuilder _ body: () throws -> Block) rethrows -> CompletedWhen {
        var w = self
        w.otherwiseBody = try body().statements
        w.otherwiseLocation = SourceLocation(fileID: file, line: line)
        return CompletedWhen(chain: w)
    }
}

/// A `When` chain closed by `otherwise`, so no further branch can be added.
public struct CompletedWhen {
    let chain: When
}
