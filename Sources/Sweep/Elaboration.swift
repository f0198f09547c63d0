import BlockCatalog
import Foundation
import HDL

/// Elaborates a point and measures it. Every pending point is elaborated once before the sweep writes anything,
/// so a configuration the generator rejects is a usage error (nothing written) rather than a half-done sweep;
/// the time is measured there, one point at a time, away from the synthesis jobs that would skew it.
enum Elaboration {
    static func measure(_ point: SweepPoint) throws -> (ElaborationFigures, [GeneratorFigure]) {
        let block = try Catalog.block(named: point.block)
        let clock = ContinuousClock()
        let start = clock.now
        let design: VerilogDesign
        do {
            design = try block.generate(point.overrides)
        } catch let e as CatalogError {
            throw SweepError(lines: e.lines.map { "point \(point.index) (\(point.label)): \($0)" })
        }
        let elapsed = clock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15
        let lines = design.files.reduce(0) { total, file in total + file.contents.utf8.reduce(0) { $1 == 10 ? $0 + 1 : $0 } }
        let figures = try block.figures(point.overrides)
        return (ElaborationFigures(milliseconds: milliseconds, verilogLines: lines, modules: design.files.count), figures)
    }

    /// The point's Verilog again, for synthesis (generation is deterministic: the same bytes as when measured).
    static func design(_ point: SweepPoint) throws -> VerilogDesign {
        try Catalog.block(named: point.block).generate(point.overrides)
    }
}
