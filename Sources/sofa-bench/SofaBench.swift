import Foundation
import HDLSim

/// `sofa-bench`: performance figures for the README. Run in release: `swift run -c release sofa-bench [what]`.
///   emit [rows columns [repetitions]]   elaborate + check + emit a systolic MAC array (default 128 x 32)
///   sim [verilator-cycles [icarus-cycles [batch]]]   co-simulation throughput on the MAC
///   area                                yosys cells: DLZS predictor vs MAC array (R x L in 4x8 ... 16x32)
///   area-asic                           every SOFA block at the paper's configuration in sky130 µm², vs the paper's Table III
///   accuracy [DATA-DIR]                 predictor recall / output error on ../shared/data/minilm
///   fixture DATA-DIR OUT                write the small MiniLM subset the tests use
///   npy-fixture DATA-DIR OUT            write MiniLM heads as .npy files for the sofa-gen attention tests
///   pipeline [DATA-DIR]                 the attention pipeline model: arithmetic and end-to-end accuracy, rescales
///   formats [DATA-DIR]                  the pipeline's arithmetic error for several stage-3 formats
///   core-cycles [DATA-DIR] [p=v ...]    the attention core's cycles on MiniLM (128+ tokens) from its cycle model
///   core-rows [DATA-DIR [CSV [OUT]]] [p=v ...]   the core's cycles as R varies (a fixed head and the set), joined with the R sweep
///   sorter [n [pipeline [repetitions]]]  elaborate + check + emit an odd-even merge sorter (default n = 256)
///   core [DATA-DIR [verilator|icarus [heads]]]   the RTL attention core on MiniLM: bit-exactness, cycles, accuracy
///   all                                 everything with default sizes
@main
struct SofaBench {
    /// Runs the benchmark the arguments name; an error (bad data, a bad parameter, a tool that failed) is one line on
    /// stderr and exit status 64, never a trap.
    static func main() async {
        do {
            try await run()
        } catch {
            FileHandle.standardError.write(Data("sofa-bench: \(error)\n".utf8))
            exit(64)
        }
    }

    static func run() async throws {
        var args = Array(CommandLine.arguments.dropFirst())
        let what = args.isEmpty ? "all" : args.removeFirst()
        if what == "core" {
            let data = URL(fileURLWithPath: args.first ?? "../shared/data/minilm")
            let backend: SimulatorBackend = args.count > 1 && args[1] == "icarus" ? .icarus : .verilator
            try await CoreBenchmark(directory: data, backend: backend, limit: args.count > 2 ? Int(args[2]) ?? 0 : 0).run()
            return
        }
        if what == "core-rows" {
            // core-rows [DATA-DIR [SWEEP-RESULTS.csv [OUT-DIR]]] [name=value ...]; "-" skips a positional argument.
            let (positional, overrides) = coreArguments(args)
            func path(_ i: Int) -> URL? { positional.count > i && positional[i] != "-" ? URL(fileURLWithPath: positional[i]) : nil }
            try CoreRowsBenchmark(directory: path(0) ?? URL(fileURLWithPath: "../shared/data/minilm"), sweepResults: path(1),
                                  output: path(2), overrides: overrides).run()
            return
        }
        if ["accuracy", "fixture", "npy-fixture", "pipeline", "formats", "core-cycles"].contains(what) {
            let data = URL(fileURLWithPath: args.first ?? "../shared/data/minilm")
            if what == "accuracy" {
                try AccuracyBenchmark(directory: data).run()
            } else if what == "pipeline" {
                try PipelineBenchmark(directory: data).run()
            } else if what == "core-cycles" {
                let (positional, overrides) = coreArguments(args)
                try CoreCyclesBenchmark(directory: URL(fileURLWithPath: positional.first ?? "../shared/data/minilm"),
                                        core: try AttentionCoreOverrides.core(overrides)).run()
            } else if what == "formats" {
                try FormatStudy(directory: data).run()
            } else if what == "npy-fixture" {
                guard args.count == 2 else { usage() }
                try NumpyFixtureWriter(source: data, destination: URL(fileURLWithPath: args[1])).run()
            } else {
                guard args.count == 2 else { usage() }
                try FixtureWriter(source: data, destination: URL(fileURLWithPath: args[1])).run()
            }
            return
        }
        let numbers = args.compactMap(Int.init)
        guard numbers.count == args.count else { usage() }
        func number(_ i: Int, _ fallback: Int) -> Int { numbers.count > i ? numbers[i] : fallback }
        switch what {
        case "emit":
            try EmissionBenchmark(rows: number(0, 128), columns: number(1, 32), repetitions: number(2, 5)).run()
        case "sim":
            try await SimulationBenchmark(verilatorCycles: number(0, 4_000_000), icarusCycles: number(1, 100_000),
                                          batch: number(2, 200_000)).run()
        case "area":
            try await AreaBenchmark(sizes: [(4, 8), (8, 8), (16, 8), (16, 32)]).run()
        case "area-asic":
            try await ASICAreaBenchmark().run()
        case "sorter":
            try SorterBenchmark(inputs: number(0, 256), pipelineEvery: number(1, 0), repetitions: number(2, 5)).run()
        case "all":
            try EmissionBenchmark(rows: 128, columns: 32, repetitions: 5).run()
            try SorterBenchmark(inputs: 256, pipelineEvery: 0, repetitions: 5).run()
            try await SimulationBenchmark(verilatorCycles: 4_000_000, icarusCycles: 100_000, batch: 200_000).run()
            try await AreaBenchmark(sizes: [(4, 8), (8, 8), (16, 8), (16, 32)]).run()
        default:
            usage()
        }
    }

    /// Positional arguments and `name=value` parameters of the attention core.
    static func coreArguments(_ args: [String]) -> (positional: [String], overrides: [String: String]) {
        let overrides = Dictionary(args.filter { $0.contains("=") }.map { a in
            (String(a.prefix { $0 != "=" }), String(a.drop { $0 != "=" }.dropFirst()))
        }, uniquingKeysWith: { _, b in b })
        return (args.filter { !$0.contains("=") }, overrides)
    }

    static func usage() -> Never {
        FileHandle.standardError.write(Data("""
            usage: sofa-bench emit [rows columns [repetitions]]
                   sofa-bench sim [verilator-cycles [icarus-cycles [batch]]]
                   sofa-bench area
                   sofa-bench area-asic
                   sofa-bench accuracy [DATA-DIR]
                   sofa-bench fixture DATA-DIR OUT
                   sofa-bench npy-fixture DATA-DIR OUT
                   sofa-bench pipeline [DATA-DIR]
                   sofa-bench formats [DATA-DIR]
                   sofa-bench core-cycles [DATA-DIR] [parameter=value ...]
                   sofa-bench core-rows [DATA-DIR [SWEEP-RESULTS.csv [OUT-DIR]]] [parameter=value ...]
                   sofa-bench sorter [n [pipeline [repetitions]]]
                   sofa-bench core [DATA-DIR [verilator|icarus [heads]]]
                   sofa-bench all

            """.utf8))
        exit(64)
    }
}
