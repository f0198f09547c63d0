import HDL

/// One generator the command line can emit: its name, parameters and how to build it.
public struct Block: Sendable {
    public let name: String
    public let summary: String
    public let parameters: [BlockParameter]
    private let make: @Sendable (BlockConfiguration) throws -> VerilogDesign

    public init(name: String, summary: String, parameters: [BlockParameter],
                make: @escaping @Sendable (BlockConfiguration) throws -> VerilogDesign) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.make = make
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
