/// A generator parameter as the command line and sweeps see it: a kebab-case name, a default, the values it
/// accepts. The catalog parses and checks user text here, so a bad value is a one-line error, not a trap.
public struct BlockParameter: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case integer(ClosedRange<Int>)
        case boolean
        case choice([String])
    }

    public let name: String
    public let kind: Kind
    public let defaultValue: String
    public let help: String

    public init(_ name: String, _ kind: Kind, default defaultValue: String, help: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.help = help
    }

    public static func integer(_ name: String, _ range: ClosedRange<Int>, default value: Int, help: String) -> BlockParameter {
        BlockParameter(name, .integer(range), default: String(value), help: help)
    }

    public static func boolean(_ name: String, default value: Bool, help: String) -> BlockParameter {
        BlockParameter(name, .boolean, default: String(value), help: help)
    }

    public static func choice(_ name: String, _ options: [String], default value: String, help: String) -> BlockParameter {
        BlockParameter(name, .choice(options), default: value, help: help)
    }

    /// Checks `text` against the kind; returns the normalized text or throws.
    func validate(_ text: String, block: String) throws -> String {
        switch kind {
        case .integer(let range):
            guard let v = Int(text) else {
                throw CatalogError("\(block): --\(name) expects an integer, got '\(text)'")
            }
            guard range.contains(v) else {
                throw CatalogError("\(block): --\(name) must be in \(range.lowerBound)...\(range.upperBound), got \(v)")
            }
            return String(v)
        case .boolean:
            switch text.lowercased() {
            case "true", "1", "yes": return "true"
            case "false", "0", "no": return "false"
            default: throw CatalogError("\(block): --\(name) expects true or false, got '\(text)'")
            }
        case .choice(let options):
            guard options.contains(text) else {
                throw CatalogError("\(block): --\(name) must be one of \(options.joined(separator: ", ")), got '\(text)'")
            }
            return text
        }
    }
}

/// A user-facing error from the catalog (bad block name, bad parameter, failed elaboration): one line.
public struct CatalogError: Error, CustomStringConvertible, Equatable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
