import BlockCatalog
import Foundation
import HDL
import HDLSim

/// `sofa-bench area-asic`: every SOFA block at the paper's configuration mapped to the SkyWater sky130 HD cells
/// (`Yosys.asic`, hierarchical, area-oriented ABC), in µm², beside the SOFA paper's Table III (TSMC 28 nm), with the
/// sky130 figures scaled to 28 nm by (28 / 130)^2.
///
/// Blocks are built as `sofa-gen emit` builds them (the catalog, defaults unless given): one synthesis per distinct
/// block, multiplied by the paper's count where the paper has many (128 SADS cores, 128 exp2 units, 128 dividers).
/// The predictor array's R x L = 128 x 32 has L = 32 LZ encoders; the paper counts 128, so the predictor's line adds
/// 96 more (the encoder's own area, times 96).
struct ASICAreaBenchmark {
    struct Item {
        var name: String
        var block: String
        var overrides: [String: String]
        var count: Int
    }

    static let items = [
        Item(name: "DLZS predictor array 128 x 32 (d = 32, pipeline 1, its 32 LZ encoders)", block: "dlzs-array",
             overrides: ["rows": "128", "lanes": "32"], count: 1),
        Item(name: "LZ encoder (96 more, for the paper's 128)", block: "lz-encoder", overrides: [:], count: 96),
        Item(name: "SADS core 16-to-4 with clipping (x 128)", block: "sads", overrides: ["width": "16", "winners": "4"], count: 128),
        Item(name: "MAC array 128 x 4 (exact int8, stage 3's lanes)", block: "mac-array", overrides: ["rows": "128", "lanes": "4"], count: 1),
        Item(name: "MAC array 128 x 32 (the predictor's shape: not in the totals, for the ratio)", block: "mac-array",
             overrides: ["rows": "128", "lanes": "32"], count: 1),
        Item(name: "exp2 unit (x 128)", block: "exp2", overrides: [:], count: 128),
        Item(name: "divider (x 128)", block: "divider", overrides: [:], count: 128),
    ]

    /// The paper's Table III, mm² in TSMC 28 nm.
    static let paper: [(String, String)] = [
        ("DLZS predictor", "0.351"), ("SADS sorter (+ clipping)", "0.679 + 0.013"), ("SU-FA", "3.012"), ("total", "5.69"),
    ]

    func run() async throws {
        let scale = (28.0 / 130.0) * (28.0 / 130.0)
        var areas: [String: Double] = [:]
        print("| block | instances | sky130 cells (one) | sky130 flip-flops (one) | sky130 area, one (µm²) | sky130 area, all (mm²) | scaled to 28 nm (mm²) | synthesis (s) |")
        print("|---|---|---|---|---|---|---|---|")
        for item in Self.items {
            let design = try Catalog.block(named: item.block).generate(item.overrides)
            let clock = ContinuousClock()
            let start = clock.now
            let s = try await Yosys.asic(design, library: .sky130, in: try Workspace.directory("bench-asic-\(item.block)"))
            let elapsed = clock.now - start
            let all = s.areaUm2 * Double(item.count)
            areas[item.block == "mac-array" ? "mac-array-\(item.overrides["rows"]!)x\(item.overrides["lanes"]!)" : item.block] = all
            print("| \(item.name) | \(item.count) | \(s.cells.total) | \(s.flipFlops) | "
                  + String(format: "%.0f | %.4f | %.4f | %d |", s.areaUm2, all / 1e6, all / 1e6 * scale, Int(elapsed.components.seconds)))
        }
        let dlzs = areas["dlzs-array"]! + areas["lz-encoder"]!
        let sads = areas["sads"]!
        let sufa = areas["mac-array-128x4"]! + areas["exp2"]! + areas["divider"]!
        print("")
        print(String(format: "DLZS predictor array / MAC array, both 128 x 32: %.2f", areas["dlzs-array"]! / areas["mac-array-128x32"]!))
        print("")
        print("| stage | this generator, sky130 (mm²) | scaled to 28 nm (mm²) | SOFA paper, TSMC 28 nm (mm²) |")
        print("|---|---|---|---|")
        let rows: [(String, Double)] = [("DLZS predictor (array + 128 LZ encoders)", dlzs), ("SADS sorter (128 cores, clipping inside)", sads),
                                        ("SU-FA arithmetic (MAC 128 x 4, 128 exp2, 128 dividers; no row control yet)", sufa),
                                        ("total of these", dlzs + sads + sufa)]
        for (k, (name, area)) in rows.enumerated() {
            print("| \(name) | " + String(format: "%.3f | %.3f", area / 1e6, area / 1e6 * scale) + " | \(Self.paper[k].1) |")
        }
    }
}
