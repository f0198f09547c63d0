import ArgumentParser
import BlockCatalog
import Foundation
import HDL
import SortingNetworks

/// `sofa-gen`: Verilog for the SOFA blocks, and parameter sweeps with synthesis figures. Usage errors, invalid
/// parameters and output folders the output-folder policy refuses exit with status 64 and one line per problem on
/// stderr, and write nothing.
@main
struct SofaGen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sofa-gen",
        abstract: "Generate Verilog for the SOFA sparse-attention blocks.",
        subcommands: [All.self, Blocks.self, Emit.self, Networks.self, SweepCommand.self, AttentionCommand.self],
        defaultSubcommand: All.self)

    /// ArgumentParser's own usage errors (unknown option, missing or malformed value) get the same one-line
    /// treatment as the generators' (`fail`); help still prints in full.
    static func main() async {
        do {
            try CommandLineChecks.rejectRepeatedOptions(Array(CommandLine.arguments.dropFirst()))
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            exit(withError: code)
        } catch let e as CatalogError {
            exit(withError: fail(e.lines))
        } catch {
            let code = exitCode(for: error)
            if code.isSuccess { exit(withError: error) }
            let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            _ = fail([message])
            exit(withError: code == .validationFailure ? ExitCode(64) : code)
        }
    }
}

/// Prints `sofa-gen: error: ...` (one line per problem, control characters escaped) and returns EX_USAGE (64).
func fail(_ lines: [String]) -> ExitCode {
    let text = lines.map { "sofa-gen: error: \(Terminal.escaped($0))\n" }.joined()
    FileHandle.standardError.write(Data(text.utf8))
    return ExitCode(64)
}

func fail(_ message: String) -> ExitCode { fail([message]) }

extension SofaGen {
    struct All: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "all", abstract: "Write every block's default configuration (the default command).")

        @Option(help: "Output folder: new, empty, or written by `sofa-gen all` before (only its own files are replaced).")
        var out: String = "rtl-out"

        func run() throws {
            do {
                let outputs = try Catalog.defaultOutputs()
                try Catalog.write(outputs, toFolder: out)
                print("wrote \(outputs.count) blocks to \(Terminal.escaped(out))/")
            } catch let e as CatalogError {
                throw fail(e.lines)
            } catch let e as OutputFolder.Refusal {
                throw fail(e.message)
            }
        }
    }

    struct Blocks: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the generators: one line each, the name first, then parameters with their defaults.")

        func run() {
            for b in Catalog.blocks { print(b.listing) }
        }
    }

    struct Emit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Emit one block: sofa-gen emit <block> [--<param> value ...] --out DIR (sofa-gen emit <block> --help: its parameters)")

        @Argument(help: "The block (see `sofa-gen blocks`).")
        var block: String

        @Argument(parsing: .captureForPassthrough,
                  help: "--out DIR (required: a new or empty folder, or one `emit` wrote before), then block parameters as --name value.")
        var arguments: [String] = []

        func run() throws {
            do {
                let b = try Catalog.block(named: block)
                let parsed = try Self.parse(arguments)
                if parsed.help {
                    print(b.help, terminator: "")
                    return
                }
                var parameters = parsed.values
                guard let out = parameters.removeValue(forKey: "out") else {
                    throw CatalogError("emit needs --out DIR")
                }
                // Streamed to the folder module by module: a large array's Verilog is never held in memory whole.
                let design = try VerilogEmitter.write(try b.elaborate(parameters), toFolder: out)
                print("wrote \(design.fileNames.count) modules (top \(design.top)) to \(Terminal.escaped(out))/")
            } catch let e as CatalogError {
                throw fail(e.lines)
            } catch let e as OutputFolder.Refusal {
                throw fail(e.message)
            }
        }

        /// `--name value` / `--name=value` pairs, and whether `--help` (or `-h`) was asked for. A value that is an
        /// option itself (`--width --out o`) is an error, not a value.
        static func parse(_ args: [String]) throws -> (values: [String: String], help: Bool) {
            var result: [String: String] = [:]
            var help = false
            var i = 0
            while i < args.count {
                let arg = args[i]
                if arg == "--help" || arg == "-h" {
                    help = true
                    i += 1
                    continue
                }
                guard arg.hasPrefix("--"), arg.count > 2 else {
                    throw CatalogError("expected --<parameter> <value>, got '\(arg)'")
                }
                var name = String(arg.dropFirst(2))
                let value: String
                if let eq = name.firstIndex(of: "=") {
                    value = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                } else {
                    guard i + 1 < args.count else { throw CatalogError("--\(name) needs a value") }
                    value = args[i + 1]
                    if value.hasPrefix("--") {
                        throw CatalogError("--\(name) needs a value, got the option \(value) (write --\(name)=VALUE for a value that starts with --)")
                    }
                    i += 1
                }
                if result[name] != nil { throw CatalogError("--\(name) given twice") }
                result[name] = value
                i += 1
            }
            return (result, help)
        }
    }
}

/// Checks on the raw command line that ArgumentParser does not make.
enum CommandLineChecks {
    /// Options that take one value: given twice, ArgumentParser would silently keep the last.
    static func singleValueOptions(_ args: [String]) -> [String] {
        switch args.first {
        case "sweep":
            if args.dropFirst().first == "merge" { return ["--out"] }
            return ["--out", "--jobs", "--synth", "--device", "--target-mhz", "--shard", "--size"]
        case "all", nil: return ["--out"]
        case let first? where first.hasPrefix("-"): return ["--out"]
        default: return []
        }
    }

    static func rejectRepeatedOptions(_ args: [String]) throws {
        let options = singleValueOptions(args)
        let tokens = args.prefix { $0 != "--" }
        for option in options {
            let count = tokens.filter { $0 == option || $0.hasPrefix(option + "=") }.count
            if count > 1 { throw CatalogError("\(option) is given \(count) times; give it once") }
        }
    }
}

/// Text echoed back to a terminal: control characters (a newline in a value, an escape sequence) are shown as
/// Swift escapes, so each message stays one line and cannot drive the terminal.
enum Terminal {
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
