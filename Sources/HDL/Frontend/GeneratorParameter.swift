/// What values a declared parameter takes, as the command line and sweeps see them.
public enum ParameterKind: Sendable, Hashable {
    /// Any integer in the range.
    case integer(ClosedRange<Int>)
    /// A power of two in the range (FIFO depths, leading-one widths).
    case powerOfTwo(ClosedRange<Int>)
    case boolean
    /// One of these words (a Swift enum's raw values).
    case choice([String])

    /// Whether `text` (as a parameter reads it back: `String(describing:)` of its value) is a value of this kind.
    public func accepts(_ text: String) -> Bool {
        switch self {
        case .integer(let range): return Int(text).map(range.contains) ?? false
        case .powerOfTwo(let range): return Int(text).map { range.contains($0) && $0 & ($0 - 1) == 0 } ?? false
        case .boolean: return text == "true" || text == "false"
        case .choice(let options): return options.contains(text)
        }
    }

    /// `1...64`, `a power of two in 2...1024`, `true or false`, `one of floor, nearest`: what an error or a help line says.
    public var valuesDescription: String {
        switch self {
        case .integer(let range): return "\(range.lowerBound)...\(range.upperBound)"
        case .powerOfTwo(let range): return "a power of two in \(range.lowerBound)...\(range.upperBound)"
        case .boolean: return "true or false"
        case .choice(let options): return "one of " + options.joined(separator: ", ")
        }
    }

    /// What a value must be, as an error says it: `in 1...64`, `a power of two in 2...1024`, `true or false`,
    /// `one of floor, nearest`.
    public var requirement: String {
        switch self {
        case .integer(let range): return "in \(range.lowerBound)...\(range.upperBound)"
        default: return valuesDescription
        }
    }

    /// The values at the edges of the kind: the ends of a range, both booleans, every choice. What a test of
    /// "every accepted value elaborates" walks.
    public var extremes: [String] {
        switch self {
        case .integer(let range), .powerOfTwo(let range):
            return range.lowerBound == range.upperBound ? [String(range.lowerBound)]
                : [String(range.lowerBound), String(range.upperBound)]
        case .boolean: return ["false", "true"]
        case .choice(let options): return options
        }
    }
}

/// One parameter of a generator, declared once: the command-line name, the property it sets (a key path), the
/// values it accepts and a line of help. The default is the property's value in the generator's `defaults` (its initializer's default arguments), so
/// the Swift API, `sofa-gen`, the README and the tests all see one default. `validate()` checks the ranges
/// through `GeneratorParameter.check`, so a value the command line accepts is one the generator accepts.
public struct GeneratorParameter<Owner>: Sendable {
    /// kebab-case, as `sofa-gen emit <block> --<name> value` takes it.
    public let name: String
    public let kind: ParameterKind
    public let help: String
    /// True for a count of repeated hardware (rows, lanes, inputs, depth): elaboration time and memory grow with
    /// it, so tests that walk extremes take such parameters to their maximum one at a time.
    public let isSize: Bool
    let read: @Sendable (Owner) -> String
    let write: @Sendable (inout Owner, String) -> Void

    /// The value in `owner`, as text (`8`, `true`, `floor`).
    public func value(in owner: Owner) -> String { read(owner) }

    /// Sets the parameter from text that `kind.accepts` (anything else leaves `owner` unchanged).
    public func set(_ text: String, in owner: inout Owner) {
        if kind.accepts(text) { write(&owner, text) }
    }

    public static func integer(_ name: String, _ keyPath: WritableKeyPath<Owner, Int> & Sendable, _ range: ClosedRange<Int>,
                               size: Bool = false, help: String) -> Self {
        Self(name: name, kind: .integer(range), help: help, isSize: size,
             read: { String($0[keyPath: keyPath]) }, write: { $0[keyPath: keyPath] = Int($1)! })
    }

    public static func powerOfTwo(_ name: String, _ keyPath: WritableKeyPath<Owner, Int> & Sendable, _ range: ClosedRange<Int>,
                                  size: Bool = false, help: String) -> Self {
        Self(name: name, kind: .powerOfTwo(range), help: help, isSize: size,
             read: { String($0[keyPath: keyPath]) }, write: { $0[keyPath: keyPath] = Int($1)! })
    }

    public static func boolean(_ name: String, _ keyPath: WritableKeyPath<Owner, Bool> & Sendable, help: String) -> Self {
        Self(name: name, kind: .boolean, help: help, isSize: false,
             read: { String($0[keyPath: keyPath]) }, write: { $0[keyPath: keyPath] = $1 == "true" })
    }

    /// A Swift enum whose raw values are the words the command line takes.
    public static func choice<E: CaseIterable & RawRepresentable<String>>(
        _ name: String, _ keyPath: WritableKeyPath<Owner, E> & Sendable, help: String) -> Self {
        Self(name: name, kind: .choice(E.allCases.map(\.rawValue)), help: help, isSize: false,
             read: { $0[keyPath: keyPath].rawValue }, write: { $0[keyPath: keyPath] = E(rawValue: $1)! })
    }

    /// The same parameter on a value that holds an `Owner` (the score arrays hold a `ScoreArrayShape`).
    public func lifted<Outer>(through keyPath: WritableKeyPath<Outer, Owner> & Sendable) -> GeneratorParameter<Outer> {
        let read = self.read, write = self.write
        return GeneratorParameter<Outer>(name: name, kind: kind, help: help, isSize: isSize,
                                         read: { read($0[keyPath: keyPath]) }, write: { write(&$0[keyPath: keyPath], $1) })
    }

    /// Throws one `ParameterError` naming every parameter of `owner` outside its declared values.
    public static func check(_ owner: Owner, _ parameters: [GeneratorParameter<Owner>]) throws {
        let problems = parameters.compactMap { p -> String? in
            let value = p.read(owner)
            return p.kind.accepts(value) ? nil : "\(p.name) must be \(p.kind.requirement), got \(value)"
        }
        if !problems.isEmpty { throw ParameterError(problems.joined(separator: "; ")) }
    }
}
