import BlockCatalog
import Foundation
import HDL
import HDLSim

/// `sofa-bench area-asic`: every SOFA block at the paper's configuration mapped to the SkyWater sky130 HD cells
/// (`Yosys.asic`, hierarchical, area-oriented ABC), in µm², beside the SOFA paper's Table III (TSMC 28 nm), with the
/// sky130 figures scaled to 28 nm by (28 / 130)^2.
///
/// Blocks are built as `sofa-gen emit` builds them (the catalog, defaults unless given): one synthesis per distinct
/// block, multiplied by the paper's count where the paper has many (128 SADS cores, 128 exp2 units, 128 dividers,
/// 128 SU-FA rows). The paper's total includes the attention core's control and buffers, which the total here lacks.
/// The predictor array's R x L = 128 x 32 has L = 32 LZ encoders; the paper counts 128, so the predictor's line adds
/// 96 more (the encoder's own area, times 96). Last, the attention core at paper scale, composed of those blocks
/// with its control, queues and selection: its logic area by part, its memories (kept as macros) by bits.
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
        Item(name: "SADS core 16-to-4, bitonic, with clipping (x 128)", block: "sads",
             overrides: ["width": "16", "winners": "4", "family": "bitonic"], count: 128),
        Item(name: "MAC array 128 x 4 (exact int8, stage 3's lanes)", block: "mac-array", overrides: ["rows": "128", "lanes": "4"], count: 1),
        Item(name: "MAC array 128 x 32 (the predictor's shape: not in the totals, for the ratio)", block: "mac-array",
             overrides: ["rows": "128", "lanes": "32"], count: 1),
        Item(name: "exp2 unit (x 128)", block: "exp2", overrides: [:], count: 128),
        Item(name: "divider (x 128)", block: "divider", overrides: [:], count: 128),
        Item(name: "SU-FA row, d = 32, L = 4, one divider (x 128: all of stage 3 with its control, o and l in flip-flops)",
             block: "su-fa-row", overrides: ["dividers": "1"], count: 128),
        Item(name: "attention core at paper scale (R = 128, d_max = 64, N_max = T_max = 1,024, predictor 128 x 32, 4 MAC lanes "
             + "and 4 dividers per row; logic only: its memories are macros, listed below)", block: "attention-core",
             overrides: ["rows": "128", "head-dim": "64", "max-keys": "1024", "max-queries": "1024"], count: 1),
    ]

    /// The paper's Table III, mm² in TSMC 28 nm.
    static let paper: [(String, String)] = [
        ("DLZS predictor", "0.351"), ("SADS sorter (+ clipping)", "0.679 + 0.013"), ("SU-FA", "3.012"), ("total", "5.69"),
    ]

    func run() async throws {
        let scale = (28.0 / 130.0) * (28.0 / 130.0)
        var areas: [String: Double] = [:]
        var core: Yosys.ASICSynthesis?
        print("| block | instances | sky130 cells (one) | sky130 flip-flops (one) | sky130 area, one (µm²) | sky130 area, all (mm²) | scaled to 28 nm (mm²) | synthesis (s) |")
        print("|---|---|---|---|---|---|---|---|")
        for item in Self.items {
            let design = try Catalog.block(named: item.block).generate(item.overrides)
            let clock = ContinuousClock()
            let start = clock.now
            let s = try await Yosys.asic(design, library: .sky130, in: try Workspace.directory("bench-asic-\(item.block)"))
            let elapsed = clock.now - start
            if item.block == "attention-core" { core = s }
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
        let rows = areas["su-fa-row"]!
        let table: [(String, Double, String)] = [
            ("DLZS predictor (array + 128 LZ encoders)", dlzs, Self.paper[0].1),
            ("SADS sorter (128 cores, clipping inside)", sads, Self.paper[1].1),
            ("SU-FA arithmetic alone (MAC 128 x 4, 128 exp2, 128 dividers)", sufa, Self.paper[2].1),
            ("SU-FA as 128 rows (`su-fa-row`: the arithmetic, control, q, o, l)", rows, Self.paper[2].1),
            ("total (predictor, sorter, 128 SU-FA rows)", dlzs + sads + rows, Self.paper[3].1),
        ]
        for (name, area, paper) in table {
            print("| \(name) | " + String(format: "%.3f | %.3f", area / 1e6, area / 1e6 * scale) + " | \(paper) |")
        }
        guard let core else { return }
        // The composed core, module by module (one instance with everything below it).
        print("\n| attention core at paper scale, by part | instances | sky130 area, all (mm²) | scaled to 28 nm (mm²) |")
        print("|---|---|---|---|")
        for m in core.modules where ["AttentionCore", "KeySelector", "DLZSPredictorArray", "SADSCore", "SUFARow", "KeyQueue",
                                     "KeyDispatcher", "KeptBitmaps"].contains(m.module) {
            let all = m.hierarchyAreaUm2 * Double(m.instances)
            print("| \(m.module == "AttentionCore" ? "whole core (logic)" : m.module) | \(m.instances) | "
                  + String(format: "%.3f | %.3f |", all / 1e6, all / 1e6 * scale))
        }
        let bits = core.memories.totalBits
        print("\nmemories kept as macros (not in the areas above): "
              + String(format: "%.2f Mbit (%d bits)", Double(bits) / 1_048_576, bits))
        // Memories of one module with the same shape (a bitmap per row and bank) on one line.
        var groups: [String: (first: MemoryMacro, names: Int, instances: Int)] = [:]
        for m in core.memories {
            let key = "\(m.module) \(m.depth) \(m.width) \(m.readPorts) \(m.writePorts)"
            groups[key, default: (m, 0, 0)].names += 1
            groups[key]!.instances += m.instances
        }
        for (_, g) in groups.sorted(by: { $0.key < $1.key }) {
            let m = g.first
            let what = g.names == 1 ? "\(m.module).\(m.name)" : "\(m.module): \(g.names) memories"
            print("  \(what), \(m.depth) x \(m.width) bits, \(m.readPorts)R \(m.writePorts)W, \(g.instances) in all: "
                  + "\(m.bits * g.instances) bits")
        }
    }
}
