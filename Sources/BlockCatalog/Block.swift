import HDL

/// One generator the command line can emit and sweep: its name, parameters, how to build it, and the figures it
/// reports about a configuration.
public struct Block: Sendable {
    public let name: String
    public let summary: String
    public let parameters: [BlockParameter]
    private let make: @Sendable (BlockConfiguration) throws -> VerilogDesign
    private let reportFigures: @Sendable (BlockConfiguration) throws -> [BlockFigure]

    /// A block from its generator: `module` builds the generator value for a configuration (one place, so the
    /// Verilog and the figures describe the same value), `figures` reads the block's own figures from it.
    public init<M: Module & SendableMetatype>(name: String, summary: String, parameters: [BlockParameter],
                           module: @escaping @Sendable (BlockConfiguration) throws -> M,
                           figures: @escaping @Sendable (M) -> [BlockFigure] = { _ in [] }) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.make = { try emitVerilog(module($0)) }
        self.reportFigures = { figures(try module($0)) }
    }

    /// The complete configuration for `overrides` (parameter name -> text), every other parameter defaulted.
    public func configuration(_ overrides: [String: String] = [:]) throws -> BlockConfiguration {
        for key in overrides.keys.sorted() where !parameters.contains(where: { $0.name == key }) {
            let known = parameters.map { "--\($0.name)" }.joined(separator: ", ")
            throw CatalogError("\(name): unknown parameter --\(key) (parameters: \(known.isEmpty ? "none" : known))")
        }
        var values: [String: String] = [:]
        for p in parameters {
            values[p.name] = try p.validate(overrides[p.name] ?? p.defaultValue, block: name)
        }
        return BlockConfiguration(block: name, values: values)
    }

    /// Elaborates and emits the block; elaboration errors become one-line `CatalogError`s.
    public func generate(_ overrides: [String: String] = [:]) throws -> VerilogDesign {
        let config = try configuration(overrides)
        do {
            return try make(config)
        } catch let e as ElaborationError {
            let first = e.diagnostics.first.map { "\($0.kind.rawValue): \($0.message)" } ?? "elaboration failed"
            throw CatalogError("\(name): \(first)")
        }
    }

    /// The block's own figures for `overrides` (see `BlockFigure`), in the block's order; the same names for every
    /// configuration. Meaningful for configurations that elaborate (`generate` checks that).
    public func figures(_ overrides: [String: String] = [:]) throws -> [BlockFigure] {
        try reportFigures(try configuration(overrides))
    }

    /// `name param=default ...`, the line `sofa-gen blocks` prints.
    public var listing: String {
        ([name] + parameters.map { "\($0.name)=\($0.defaultValue)" }).joined(separator: " ")
    }
}

/// Validated parameter values of one block.
public struct BlockConfiguration: Sendable {
    public let block: String
    public let values: [String: String]

    public func int(_ name: String) -> Int { Int(values[name]!)! }
    public func bool(_ name: String) -> Bool { values[name]! == "true" }
    public func string(_ name: String) -> String { values[name]! }
}
