/// `modules.csv` of a sweep mapped to a standard-cell library: one row per module of each point's design (the top
/// first), with `instances` (in the whole design), `cells` and `area_um2` (its own cells, one instance) and
/// `hierarchy_area_um2` (one instance with everything below it). Where the area of an array goes, row by row.
public struct ModuleTable: Sendable {
    public var table: ResultTable

    public init(_ results: SweepResults) {
        var rows: [[String]] = []
        for (point, record) in zip(results.points, results.records) where record.asic?.status == .done {
            for m in record.asicModules ?? [] {
                rows.append([String(point.index), record.block, point.label, m.module, String(m.instances), String(m.cells),
                             ResultTable.area(m.areaUm2), ResultTable.area(m.hierarchyAreaUm2)])
            }
        }
        table = ResultTable(columns: ["point", "block", "label", "module", "instances", "cells", "area_um2", "hierarchy_area_um2"],
                            rows: rows)
    }
}
