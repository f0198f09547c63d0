import ArgumentParser
import Foundation
import HDLSim
import Sweep

/// `sofa-gen sweep`: parses arguments and hands them to the `Sweep` library; progress and warnings go to stderr.
struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Sweep block parameters; write figures per point as CSV, Markdown and SVG plots.",
        usage: """
            sofa-gen sweep <block>... --param name=v1,v2 [--param a:b=1:2,3:4 ...] --out DIR [--jobs N] [--synth generic|ice40|sky130|osu018] [--shard i/n]
            sofa-gen sweep merge DIR... --out DIR
            (all options: sofa-gen sweep run --help)
            """,
        discussion: """
            Points are the cartesian product of the --param values, for each block in turn. Each point is elaborated \
            (time, Verilog lines, the block's own figures), synthesized with Yosys (generic cell counts; with \
            --synth ice40 also synth_ice40 cells and nextpnr-ice40 Fmax out of context; with --synth sky130 the area \
            in SkyWater sky130 HD cells, in µm² per point and per module; with --synth osu018 the area in OSU 0.18 µm \
            cells and OpenSTA's worst slack, critical path and Fmax at --target-mhz), and recorded in DIR/points/. A \
            rerun into the same DIR keeps finished points. Without yosys, nextpnr-ice40, sta or the OSU Liberty file \
            the sweep still runs and leaves their columns empty.
            """,
        subcommands: [SweepRunCommand.self, SweepMergeCommand.self],
        defaultSubcommand: SweepRunCommand.self)
}

/// Prints the sweep's progress lines and warnings on stderr as they happen.
let printSweepLog: @Sendable (SweepLog) -> Void = { entry in
    switch entry {
    case .warning(let text): FileHandle.standardError.write(Data("sofa-gen: warning: \(Terminal.escaped(text))\n".utf8))
    case .progress(let text): FileHandle.standardError.write(Data("\(Terminal.escaped(text))\n".utf8))
    }
}

struct SweepRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a sweep (the default): sofa-gen sweep <block>... --param name=v1,v2 ... --out DIR")

    @Argument(help: "Blocks to sweep (see `sofa-gen blocks`); the first is the baseline others are compared with.")
    var blocks: [String] = []

    @Option(name: .customLong("param"),
            help: ArgumentHelp("A parameter and its values: name=v1,v2,...; a:b=1:2,3:4 moves a and b together. Repeatable.",
                               valueName: "name=values"))
    var params: [String] = []

    @Option(help: ArgumentHelp("Output folder: results.csv, results.md, plots, points/ (kept across runs).", valueName: "DIR"))
    var out: String

    @Option(help: "Points synthesized at the same time.")
    var jobs: Int = 1

    @Option(help: ArgumentHelp("generic: Yosys generic cells; ice40: also synth_ice40 cells and nextpnr-ice40 Fmax; "
                               + "sky130: also area in sky130 HD cells (µm², per module); osu018: also area in OSU 0.18 µm cells "
                               + "and OpenSTA timing (slack, critical path, Fmax).",
                               valueName: "generic|ice40|sky130|osu018"))
    var synth: String = "generic"

    @Option(help: ArgumentHelp("iCE40 part for --synth ice40.", valueName: "hx8k|up5k"))
    var device: String = "hx8k"

    @Option(name: .customLong("target-mhz"),
            help: "Clock target for nextpnr (it reports what it achieves), or for the osu018 mapping and OpenSTA's slack.")
    var targetMHz: Double = 100

    @Option(help: ArgumentHelp("Compute only shard i of n (0-based): point p belongs to shard p mod n. Join with `sweep merge`.",
                               valueName: "i/n"))
    var shard: String?

    @Option(help: ArgumentHelp("Integer parameters whose product is a point's size on the plots' x axis (default: every swept integer parameter).",
                               valueName: "a*b"))
    var size: String?

    @Flag(help: "Redo finished points where a tool failed (by default a failure, e.g. a design too big for the part, is kept).")
    var retryFailed = false

    func run() async throws {
        do {
            guard let mode = SynthesisSettings.Mode(rawValue: synth) else {
                throw SweepError("--synth must be one of \(SynthesisSettings.Mode.allCases.map(\.rawValue).joined(separator: ", ")), got '\(synth)'")
            }
            guard let part = Ice40Device(rawValue: device) else {
                throw SweepError("--device must be one of \(Ice40Device.allCases.map(\.rawValue).joined(separator: ", ")), got '\(device)'")
            }
            guard targetMHz.isFinite, targetMHz > 0 else { throw SweepError("--target-mhz must be positive, got \(targetMHz)") }
            let spec = SweepSpec(blocks: blocks, axes: try params.map(ParameterAxis.parse),
                                 synthesis: SynthesisSettings(mode: mode, device: part, targetMHz: targetMHz),
                                 size: size.map { $0.split(separator: "*").map(String.init) })
            let sweep = SweepRun(spec: spec, folder: SweepFolder(path: out), shard: try shard.map(Shard.parse) ?? .whole,
                                 jobs: jobs, tools: .discover(), retryFailed: retryFailed, log: printSweepLog)
            let summary = try await sweep.run()
            var line = "wrote \(Terminal.escaped(out))/results.csv and results.md: \(summary.points) points (\(summary.reused) reused)"
            if summary.failed > 0 { line += ", \(summary.failed) with a failed step (see the notes column)" }
            print(line)
            if summary.unrecorded > 0 {
                // Not the design's fault and not recorded: EX_TEMPFAIL, a rerun computes these points.
                FileHandle.standardError.write(Data(("sofa-gen: error: \(summary.unrecorded) points could not be computed in this run "
                    + "and are not recorded (\(Terminal.escaped(summary.fault ?? "?"))); run the sweep again to compute them\n").utf8))
                throw ExitCode(75)
            }
        } catch let e as SweepError {
            throw fail(e.lines)
        }
    }
}

struct SweepMergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the folders of one sweep's shards: sofa-gen sweep merge DIR... --out DIR")

    @Argument(help: "Sweep folders of the same sweep (e.g. one per --shard).")
    var folders: [String] = []

    @Option(help: ArgumentHelp("Output folder for the joined sweep.", valueName: "DIR"))
    var out: String

    func run() async throws {
        do {
            let summary = try SweepMerge.merge(folders.map { SweepFolder(path: $0) }, into: SweepFolder(path: out), log: printSweepLog)
            print("wrote \(Terminal.escaped(out))/results.csv and results.md: \(summary.merged) of \(summary.points) points")
        } catch let e as SweepError {
            throw fail(e.lines)
        }
    }
}
