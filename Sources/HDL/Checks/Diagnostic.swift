/// One elaboration problem, located at the user's Swift line, with optional notes (each with its own line).
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// A connect that would drop bits, or operands that cannot be combined.
        case widthMismatch = "width mismatch"
        /// An output, wire or instance input with no driver on some or all paths.
        case undriven = "undriven signal"
        /// Two drivers for one signal: an overridden connect, or a connect to something driven elsewhere.
        case multipleDrivers = "multiple drivers"
        /// A combinational path from a signal back to itself.
        case combinationalLoop = "combinational loop"
        /// A generator parameter out of its valid range.
        case invalidParameter = "invalid parameter"
        /// A malformed expression or statement (bad slice, constant out of range, wrong module, ...).
        case invalidExpression = "invalid expression"
    }

    public struct Note: Hashable, Sendable {
        public var message: String
        public var location: SourceLocation?

        public init(_ message: String, at location: SourceLocation?) {
            self.message = message
            self.location = location
        }
    }

    public var kind: Kind
    public var message: String
    public var location: SourceLocation
    public var notes: [Note]
    /// The module being elaborated when the problem was found.
    public var module: String

    public init(_ kind: Kind, _ message: String, at location: SourceLocation, notes: [Note] = [], module: String = "") {
        self.kind = kind
        self.message = message
        self.location = location
        self.notes = notes
        self.module = module
    }

    public var description: String {
        var s = "\(location): error: \(kind.rawValue): \(message)"
        if !module.isEmpty { s += " [in module \(module)]" }
        for n in notes {
            s += "\n    " + (n.location.map { "\($0): " } ?? "") + n.message
        }
        return s
    }
}

/// Thrown by elaboration: every problem found, in source order.
public struct ElaborationError: Error, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

/// Throw from `Module.validate()` when a parameter is out of range; the elaborator reports it with the
/// line that instantiated the module.
public struct ParameterError: Error, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Throws a `ParameterError` with `message` unless `condition` holds.
public func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw ParameterError(message()) }
}
