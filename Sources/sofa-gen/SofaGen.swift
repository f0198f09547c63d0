import ArgumentParser
import BlockCatalog
import Foundation
import HDL
import SortingNetworks

/// `sofa-gen`: Verilog for the SOFA blocks, and parameter sweeps with synthesis figures. Usage errors and
/// invalid parameters exit with status 64 and one line on stderr, and write nothing.
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
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            exit(withError: code)
        } catch {
            let code = exitCode(for: error)
            if code.isSuccess { exit(withError: error) }
            let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            FileHandle.standardError.write(Data("sofa-gen: error: \(message)\n".utf8))
            exit(withError: code == .validationFailure ? ExitCode(64) : code)
        }
    }
}

/// Prints `sofa-gen: error: ...` and exits with EX_USAGE (64).
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("sofa-gen: error: \(message)\n".utf8))
    return ExitCode(64)
}

extension SofaGen {
    struct All: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "all", abstract: "Write every block's default configuration (the default command).")

        @Option(help: "Output folder (replaced as a whole).")
        var out: String = "rtl-out"

        func run() throws {
            do {
                let outputs = try Catalog.defaultOutputs()
                try Catalog.write(outputs, to: URL(fileURLWithPath: out))
                print("wrote \(outputs.count) blocks to \(out)/")
            } catch let e as CatalogError {
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
            abstract: "Emit one block: sofa-gen emit <block> [--<param> value ...] --out DIR")

        @Argument(help: "The block (see `sofa-gen blocks`).")
        var block: String

        @Argument(parsing: .captureForPassthrough,
                  help: "--out DIR (required: folder for <Module>.v files, filelist.f, manifest.json), then block parameters as --name value.")
        var arguments: [String] = []

        func run() throws {
            do {
                let b = try Catalog.block(named: block)
                var parameters = try Self.parse(arguments)
                guard let out = parameters.removeValue(forKey: "out") else {
                    throw CatalogError("emit needs --out DIR")
                }
                let design = try b.generate(parameters)
                try design.write(to: URL(fileURLWithPath: out))
                print("wrote \(design.files.count) modules (top \(design.top)) to \(out)/")
            } catch let e as CatalogError {
                throw fail(e.message)
            }
        }

        /// `--name value` / `--name=value` pairs.
        static func parse(_ args: [String]) throws -> [String: String] {
            var result: [String: String] = [:]
            var i = 0
            while i < args.count {
                let arg = args[i]
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
                    i += 1
                }
                if result[name] != nil { throw CatalogError("--\(name) given twice") }
                result[name] = value
                i += 1
            }
            return result
        }
    }
}
