import HDL

/// A generator parameter as the command line and sweeps see it: a kebab-case name, a default, the values it
/// accepts, a line of help. Derived from the generator's `GeneratorParameter` declaration; the catalog parses and
/// checks user text here, so a bad value is a one-line error, not a trap.
public struct BlockParameter: Sendable, Hashable {
    public let name: String
    public let kind: ParameterKind
    public let defaultValue: String
    public let help: String
    /// A count of repeated hardware (rows, lanes, inputs, depth): see `GeneratorParameter.isSize`.
    public let isSize: Bool

    public init(_ name: String, _ kind: ParameterKind, default defaultValue: String, help: String, isSize: Bool = false) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.help = help
        self.isSize = isSize
    }

    init<G>(_ declaration: GeneratorParameter<G>, defaults: G) {
        self.init(declaration.name, declaration.kind, default: declaration.value(in: defaults), help: declaration.help,
                  isSize: declaration.isSize)
    }

    /// Checks user `text` against the kind; returns the normalized text (`04` -> `4`, `yes` -> `true`) or throws
    /// a `CatalogError` that names the block and the parameter.
    public func normalize(_ text: String, block: String) throws -> String {
        let normalized: String?
        switch kind {
        case .integer, .powerOfTwo:
            normalized = Int(text).map(String.init)
        case .boolean:
            switch text.lowercased() {
            case "true", "1", "yes": normalized = "true"
            case "false", "0", "no": normalized = "false"
            default: normalized = nil
            }
        case .choice:
            normalized = text
        }
        guard let normalized, kind.accepts(normalized) else {
            let expected: String
            switch kind {
            case .integer, .powerOfTwo: expected = Int(text) == nil ? "an integer \(kind.requirement)" : kind.requirement
            case .boolean, .choice: expected = kind.requirement
            }
            var line = "\(block): --\(name) must be \(expected), got '\(text)'"
            if case .choice(let options) = kind, let guess = Suggestion.closest(to: text, among: options) {
                line += " (did you mean '\(guess)'?)"
            }
            throw CatalogError(line)
        }
        return normalized
    }

    /// `--width  8  1...64  counter width in bits`, the columns of `sofa-gen emit <block> --help`.
    var helpColumns: [String] { ["--\(name)", defaultValue, kind.valuesDescription, help] }
}

/// A user-facing error from the catalog (bad block name, bad parameter, a configuration the generator rejects):
/// one line per problem, every problem found.
public struct CatalogError: Error, CustomStringConvertible, Equatable {
    public enum Cause: Sendable, Equatable {
        /// An unknown block or parameter, or a value outside a parameter's declared values.
        case usage
        /// The generator's `validate()` refuses the combination (k > n, a product that does not fit).
        case rejected
        /// The generator accepted its parameters and elaboration failed anyway: a generator bug.
        case elaboration
    }

    public let lines: [String]
    public let cause: Cause

    public init(_ message: String, cause: Cause = .usage) {
        self.lines = [message]
        self.cause = cause
    }

    public init(lines: [String], cause: Cause = .usage) {
        self.lines = lines
        self.cause = cause
    }

    public var message: String { lines.joined(separator: "\n") }
    public var description: String { message }
}
