import Foundation
import HDL

/// One generator the command line can emit and sweep: its name, and what its `DeclaredGenerator` declaration
/// says (summary, parameters with defaults, figures). Nothing here restates a range or a default.
public struct Block: Sendable {
    public let name: String
    public let summary: String
    public let parameters: [BlockParameter]
    private let make: @Sendable ([String: String]) throws -> Circuit
    private let reportFigures: @Sendable ([String: String]) -> [GeneratorFigure]

    /// The block `name` offers `generator`: the configuration is built from the declared parameters (one place,
    /// so the Verilog and the figures describe the same value).
    public init<G: DeclaredGenerator>(_ name: String, _ generator: G.Type) {
        self.name = name
        self.summary = G.summary
        let defaults = G.defaults
        self.parameters = G.parameters.map { BlockParameter($0, defaults: defaults) }
        self.make = { values in
            // The generator's own judgement first (a rejection), then elaboration (which must not fail now).
            let hardware: G.Hardware
            do {
                hardware = try G.configured(values).hardware()
                try hardware.validate()
            } catch let e as ParameterError {
                throw CatalogError("\(name): \(e.message)", cause: .rejected)
            }
            return try HDL.elaborate(hardware)
        }
        self.reportFigures = { G.configured($0).figures }
    }

    /// The complete configuration for `overrides` (parameter name -> user text), every other parameter defaulted.
    /// Throws one `CatalogError` listing every unknown parameter and every invalid value.
    public func configuration(_ overrides: [String: String] = [:]) throws -> BlockConfiguration {
        var problems: [String] = []
        let names = parameters.map(\.name)
        for key in overrides.keys.sorted() where !names.contains(key) {
            let known = names.map { "--\($0)" }.joined(separator: ", ")
            problems.append("\(name): unknown parameter --\(key)\(Suggestion.hint(for: key, among: names, prefix: "--"))"
                            + " (parameters: \(known.isEmpty ? "none" : known))")
        }
        var values: [String: String] = [:]
        for p in parameters {
            do {
                values[p.name] = try p.normalize(overrides[p.name] ?? p.defaultValue, block: name)
            } catch let e as CatalogError {
                problems += e.lines
            }
        }
        if !problems.isEmpty { throw CatalogError(lines: problems) }
        return BlockConfiguration(block: name, values: values)
    }

    /// Elaborates and emits the block. A configuration the generator rejects (its `validate()`) is a `CatalogError`
    /// with `cause == .rejected`; an elaboration that fails after the generator accepted its parameters (a generator
    /// bug) one with `.elaboration`, one line per diagnostic, each naming the generator's Swift line.
    public func generate(_ overrides: [String: String] = [:]) throws -> VerilogDesign {
        VerilogEmitter.emit(try elaborate(overrides))
    }

    /// The block's checked circuit, not yet emitted (for `VerilogEmitter.write(_:toFolder:)`, which streams a large
    /// design to its files); throws as `generate` does.
    public func elaborate(_ overrides: [String: String] = [:]) throws -> Circuit {
        let config = try configuration(overrides)
        do {
            return try make(config.values)
        } catch let e as ElaborationError {
            throw CatalogError(lines: e.diagnostics.isEmpty ? ["\(name): elaboration failed"] : e.diagnostics.map(line),
                               cause: .elaboration)
        }
    }

    /// `sads: invalid parameter: ... (SADSCore.swift:121)`: the location is left out when it is the catalog's own
    /// call (the top module's parameters are the user's command line, not a Swift line).
    func line(_ d: Diagnostic) -> String {
        var text = "\(name): \(d.kind.rawValue): \(d.message)"
        if d.location != .unknown, !d.location.fileID.hasPrefix("BlockCatalog/") {
            text += " (\(d.location.shortDescription))"
        }
        return text
    }

    /// The block's own figures for `overrides` (see `GeneratorFigure`), in the generator's order; the same names
    /// for every configuration. Meaningful for configurations that elaborate (`generate` checks that).
    public func figures(_ overrides: [String: String] = [:]) throws -> [GeneratorFigure] {
        reportFigures(try configuration(overrides).values)
    }

    /// `name param=default ...`, the line `sofa-gen blocks` prints.
    public var listing: String {
        ([name] + parameters.map { "\($0.name)=\($0.defaultValue)" }).joined(separator: " ")
    }

    /// What `sofa-gen emit <block> --help` prints: the summary, usage, and one aligned row per parameter
    /// (name, default, values, help).
    public var help: String {
        var s = "\(name): \(summary)\n\nusage: sofa-gen emit \(name) [--<parameter> <value> ...] --out DIR\n"
        guard !parameters.isEmpty else { return s + "\n(no parameters)\n" }
        let rows = [["parameter", "default", "values", ""]] + parameters.map(\.helpColumns)
        let widths = (0..<3).map { c in rows.map { $0[c].count }.max()! }
        s += "\n"
        for row in rows {
            let padded = (0..<3).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
            s += ("  " + (padded + [row[3]]).joined(separator: "  ")).trimmingTrailingSpaces() + "\n"
        }
        return s
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
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
