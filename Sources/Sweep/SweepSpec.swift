import BlockCatalog

/// What a sweep computes: blocks, parameter axes and synthesis settings. The points are the cartesian product
/// of the axes for each block in turn (blocks first, then axes in order, the last axis varying fastest).
///
/// Several blocks can be swept together when they share parameters (e.g. the DLZS predictor array and the MAC
/// array over rows and lanes): an axis applies to every block that has all of its parameters; each axis must
/// apply to at least one block, and a block with only some of an axis's parameters is an error. The first block
/// is the baseline that `results.md` compares the others against.
public struct SweepSpec: Codable, Hashable, Sendable {
    public var blocks: [String]
    public var axes: [ParameterAxis]
    public var synthesis: SynthesisSettings
    /// The integer parameters whose product is a point's size on the plots' x axis (`--size rows*lanes`); nil:
    /// every swept integer parameter. A sorter swept over `n:k=8:8,...` reads better against n than n x k.
    public var size: [String]?

    public init(blocks: [String], axes: [ParameterAxis], synthesis: SynthesisSettings = SynthesisSettings(),
                size: [String]? = nil) {
        self.blocks = blocks
        self.axes = axes
        self.synthesis = synthesis
        self.size = size
    }

    /// Every point, in sweep order, with each value checked by the catalog. Throws `SweepError` for unknown blocks
    /// or parameters, invalid values, and axes that do not fit the blocks. (Whether a point elaborates is checked
    /// when it is elaborated.)
    public func points() throws -> [SweepPoint] {
        guard !blocks.isEmpty else { throw SweepError("a sweep needs at least one block (see `sofa-gen blocks`)") }
        if let dup = blocks.first(where: { b in blocks.filter { $0 == b }.count > 1 }) {
            throw SweepError("block \(dup) is given twice")
        }
        let catalog: [Block]
        do {
            catalog = try blocks.map { try Catalog.block(named: $0) }
        } catch let e as CatalogError {
            throw SweepError(lines: e.lines)
        }
        var seen = Set<String>()
        for axis in axes {
            for name in axis.names where !seen.insert(name).inserted {
                throw SweepError("parameter \(name) is in two --param options")
            }
            let applies = catalog.filter { b in axis.names.allSatisfy { n in b.parameters.contains { $0.name == n } } }
            if let partial = catalog.first(where: { b in
                !applies.contains { $0.name == b.name } && axis.names.contains { n in b.parameters.contains { $0.name == n } }
            }) {
                let missing = axis.names.filter { n in !partial.parameters.contains { $0.name == n } }
                throw SweepError("--param \(axis.argument): \(partial.name) has no parameter \(missing.joined(separator: ", "))")
            }
            if applies.isEmpty {
                let known = catalog.map { b in "\(b.name): \(b.parameters.map(\.name).joined(separator: ", "))" }
                let all = catalog.flatMap { $0.parameters.map(\.name) }
                let unknown = axis.names.first { n in !all.contains(n) } ?? axis.names[0]
                throw SweepError("--param \(axis.argument): no block of this sweep has parameter \(axis.names.joined(separator: ", "))"
                                 + Suggestion.hint(for: unknown, among: all) + " (\(known.joined(separator: "; ")))")
            }
            // Values that mean the same (`4` and `04`) would compute one point twice.
            for block in applies {
                var seen: [[String]: [String]] = [:]
                for tuple in axis.values {
                    let normalized = zip(axis.names, tuple).map { name, value in
                        (try? block.parameters.first { $0.name == name }!.normalize(value, block: block.name)) ?? value
                    }
                    if let earlier = seen[normalized] {
                        throw SweepError("--param \(axis.argument): '\(tuple.joined(separator: ":"))' is the same value as "
                                         + "'\(earlier.joined(separator: ":"))' (each point is computed once)")
                    }
                    seen[normalized] = tuple
                }
            }
        }
        if let size, size.isEmpty { throw SweepError("--size needs at least one parameter name (e.g. --size rows*lanes)") }
        for name in size ?? [] {
            guard catalog.contains(where: { b in b.parameters.contains { $0.name == name && { if case .integer = $0.kind { true } else { false } }($0) } }) else {
                throw SweepError("--size \(name): no block of this sweep has an integer parameter \(name)")
            }
        }
        var points: [SweepPoint] = []
        for block in catalog {
            let mine = axes.filter { axis in axis.names.allSatisfy { n in block.parameters.contains { $0.name == n } } }
            var combinations: [[ParameterValue]] = [[]]
            for axis in mine {
                combinations = combinations.flatMap { prefix in
                    axis.values.map { tuple in prefix + zip(axis.names, tuple).map { ParameterValue($0, $1) } }
                }
            }
            for swept in combinations {
                let overrides = Dictionary(uniqueKeysWithValues: swept.map { ($0.name, $0.value) })
                let configuration: BlockConfiguration
                do {
                    configuration = try block.configuration(overrides)
                } catch let e as CatalogError {
                    throw SweepError(lines: e.lines)
                }
                // Normalized values (e.g. `yes` -> `true`), so equal configurations have equal keys.
                let normalized = swept.map { ParameterValue($0.name, configuration.values[$0.name]!) }
                let full = block.parameters.map { ParameterValue($0.name, configuration.values[$0.name]!) }
                points.append(SweepPoint(index: points.count, block: block.name, swept: normalized, configuration: full,
                                         settings: synthesis))
            }
        }
        return points
    }

    /// The parameters that take more than one value (the rest are fixed overrides), in `--param` order.
    public var sweptParameters: [String] {
        axes.filter { $0.values.count > 1 }.flatMap(\.names)
    }

    /// The `sofa-gen sweep` arguments that reproduce this spec (without `--out`, `--jobs` and `--shard`, which
    /// change where and how fast, not what).
    public var arguments: [String] {
        blocks + axes.flatMap { ["--param", $0.argument] } + synthesis.arguments
            + (size.map { ["--size", $0.joined(separator: "*")] } ?? [])
    }
}
