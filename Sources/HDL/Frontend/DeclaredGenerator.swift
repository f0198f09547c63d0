/// A generator that declares itself once: a summary, its parameters (each a key path with its values and help;
/// the defaults are those of the generator's initializer) and the figures it knows about a configuration. Everything that offers the
/// generator to a user reads this: `validate()` (through `validateParameters()`), `sofa-gen blocks`, `emit` and
/// `sweep`, the README's block list and the catalog tests. A new block joins `sofa-gen` by conforming and adding
/// one line to `Catalog.blocks`.
///
///     extension Counter: DeclaredGenerator {
///         public static var defaults: Counter { Counter() }
///         public static let summary = "up-counter with enable and synchronous reset"
///         public static var parameters: [GeneratorParameter<Counter>] {
///             [.integer("width", \.width, 1...64, help: "counter width in bits")]
///         }
///     }
///
/// A module is its own hardware (`hardware()` returns `self`); a configuration that is not a module (the sorter's
/// n, k and family select a comparator network) builds one in `hardware()`.
public protocol DeclaredGenerator: Hashable, Sendable {
    associatedtype Hardware: Module

    /// Every parameter at its default: `Counter()`, the generator's own initializer with its default arguments,
    /// so the Swift API and the command line share one default.
    static var defaults: Self { get }
    /// One line: what the generator builds.
    static var summary: String { get }
    /// The parameters a user can set, in the order `sofa-gen` lists them.
    static var parameters: [GeneratorParameter<Self>] { get }
    /// Figures of this configuration known without synthesis (`latency` first when there is one); the same names
    /// for every configuration.
    var figures: [GeneratorFigure] { get }
    /// The module to elaborate. Throws `ParameterError` for a configuration it cannot build.
    func hardware() throws -> Hardware
}

extension DeclaredGenerator {
    public var figures: [GeneratorFigure] { [] }

    /// Throws one `ParameterError` naming every parameter outside its declared values. Call it first in
    /// `validate()`; cross-parameter rules (k < n, a product that must fit) follow it there.
    public func validateParameters() throws {
        try GeneratorParameter.check(self, Self.parameters)
    }

    /// A configuration from `values` (parameter name -> text each kind accepts), the others at their defaults.
    public static func configured(_ values: [String: String]) -> Self {
        var generator = defaults
        for p in parameters {
            if let text = values[p.name] { p.set(text, in: &generator) }
        }
        return generator
    }
}

extension DeclaredGenerator where Self: Module, Hardware == Self {
    public func hardware() -> Self { self }
}
