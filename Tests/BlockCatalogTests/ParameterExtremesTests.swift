import BlockCatalog
import HDL
import HDLSim
import Testing

/// "Every value a block accepts elaborates": for every catalog block, every declared parameter at each end of its
/// range (every choice, both booleans), alone and combined, either elaborates or is refused by the generator's
/// own `validate()`, never a trap and never an elaboration error after `validate()` said yes. A sample per block
/// at the extremes is lint-clean in all three tools.
///
/// Combined: every corner of the parameters that are not sizes, with the sizes (rows, lanes, inputs, depth: they
/// repeat hardware, so elaboration grows with them) at their minimum; each size at its maximum with the other
/// parameters all at their minimum, at their defaults and all at their maximum; and a size whose maximum needs
/// another size at its maximum (k <= n) with that one. All sizes at their maximum together (a 1024 x 1024 systolic
/// array) is what the benchmarks measure, not a unit test.
@Suite struct ParameterExtremesTests {
    struct Walk {
        var accepted: [[String: String]] = []
        var rejected = 0
    }

    /// Every corner of the parameters that are not sizes, the sizes at their minimum.
    static func corners(_ block: BlockCatalog.Block) -> [[String: String]] {
        var corners: [[String: String]] = [[:]]
        for p in block.parameters where !p.isSize {
            corners = corners.flatMap { corner in p.kind.extremes.map { corner.merging([p.name: $0]) { a, _ in a } } }
        }
        let sizes = Dictionary(uniqueKeysWithValues: block.parameters.filter(\.isSize).map { ($0.name, $0.kind.extremes.first!) })
        return corners.map { $0.merging(sizes) { a, _ in a } }
    }

    /// The configurations walked for `block`, in order: each parameter's extremes alone, the corners, each size at
    /// its maximum with the other parameters low, default and high. (`walk` adds the pairs of sizes.)
    static func configurations(_ block: BlockCatalog.Block) -> [[String: String]] {
        var configurations: [[String: String]] = []
        for p in block.parameters {
            for value in p.kind.extremes where value != p.defaultValue { configurations.append([p.name: value]) }
        }
        configurations += corners(block)
        let others = block.parameters.filter { !$0.isSize }
        let low = Dictionary(uniqueKeysWithValues: others.map { ($0.name, $0.kind.extremes.first!) })
        let high = Dictionary(uniqueKeysWithValues: others.map { ($0.name, $0.kind.extremes.last!) })
        for p in block.parameters where p.isSize {
            for rest in [low, [:], high] { configurations.append(rest.merging([p.name: p.kind.extremes.last!]) { _, b in b }) }
        }
        var seen = Set<[String: String]>()
        return configurations.filter { seen.insert($0).inserted }
    }

    /// Generates every configuration; a size whose maximum alone is refused (k <= n) is tried again with each other
    /// size at its maximum too.
    static func walk(_ block: BlockCatalog.Block) throws -> Walk {
        var walk = Walk()
        func attempt(_ configuration: [String: String]) {
            do {
                _ = try block.generate(configuration)
                walk.accepted.append(configuration)
            } catch let e as CatalogError where e.cause == .rejected {
                walk.rejected += 1
            } catch {
                Issue.record("\(block.name) \(configuration): \(error)")
            }
        }
        for configuration in configurations(block) { attempt(configuration) }
        let sizes = block.parameters.filter(\.isSize)
        for p in sizes where !walk.accepted.contains(where: { $0 == [p.name: p.kind.extremes.last!] }) {
            for q in sizes where q.name != p.name {
                attempt([p.name: p.kind.extremes.last!, q.name: q.kind.extremes.last!])
            }
        }
        return walk
    }

    @Test(arguments: Catalog.blocks.map(\.name))
    func everyAcceptedExtremeElaborates(_ name: String) throws {
        let block = try Catalog.block(named: name)
        let walk = try Self.walk(block)
        #expect(!walk.accepted.isEmpty)
        // Every parameter reaches both ends of its range in some accepted configuration (a range whose end the
        // generator always refuses is not a true range).
        for p in block.parameters {
            for value in p.kind.extremes {
                #expect(walk.accepted.contains { ($0[p.name] ?? p.defaultValue) == value },
                        "\(name): no accepted configuration has --\(p.name) \(value)")
            }
        }
    }

    /// Lint at the extremes: per block, the corner with the sizes at their minimum and the most other parameters at
    /// their maximum that the generator accepts.
    @Test(arguments: Catalog.blocks.map(\.name))
    func extremesAreLintClean(_ name: String) async throws {
        let block = try Catalog.block(named: name)
        func maxima(_ c: [String: String]) -> Int { block.parameters.filter { c[$0.name] == $0.kind.extremes.last }.count }
        let sample = try #require(Self.corners(block).sorted { maxima($0) > maxima($1) }.first { (try? block.generate($0)) != nil })
        try await Lint.check(try block.generate(sample), in: try Workspace.directory("lint-extremes-\(name)"))
    }
}
