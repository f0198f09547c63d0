import BlockCatalog
import Foundation
import HDLSim
import Testing

/// Issue 9 items 3 and 8 with the command lines, and issue 10's "every diagnostic" on the command line.
@Suite struct CommandLineNicetiesTests {
    static let noTools = ["PATH=/nonexistent"]

    // Item 3: every sads configuration with key-width 62 died with SIGILL, in emit and in sweep.
    @Test func sadsAtKeyWidth62Elaborates() async throws {
        let user = try UserFiles("item3")
        let r = try await user.run(["emit", "sads", "--key-width", "62", "--out", "x"])
        #expect(r.status == 0, "\(r.output)")
        let manifest = try String(contentsOf: user.cwd.appendingPathComponent("x/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"keyWidth\": 62"))
        let sweep = try await user.run(["sweep", "sads", "--param", "key-width=2,62", "--param", "winners=1,15", "--out", "sw"],
                                       environment: Self.noTools)
        #expect(sweep.status == 0, "\(sweep.output)")
    }

    // Item 8: no "did you mean" for a misspelled block (or parameter, or choice).
    @Test(arguments: [
        (["emit", "countr", "--out", "o"], "unknown block 'countr' (did you mean 'counter'?)"),
        (["emit", "sorter", "--famliy", "bitonic", "--out", "o"], "sorter: unknown parameter --famliy (did you mean '--family'?)"),
        (["emit", "sorter", "--family", "bitonik", "--out", "o"], "got 'bitonik' (did you mean 'bitonic'?)"),
        (["sweep", "mac-aray", "--out", "o"], "unknown block 'mac-aray' (did you mean 'mac-array'?)"),
        (["sweep", "mac-array", "--param", "rwos=4", "--out", "o"], "no block of this sweep has parameter rwos (did you mean 'rows'?)"),
    ])
    func misspellingsGetASuggestion(_ arguments: [String], _ message: String) async throws {
        let user = try UserFiles("item8-\(arguments[1])-\(arguments[2])")
        let before = try user.snapshot()
        let r = try await user.run(arguments, environment: Self.noTools)
        #expect(r.isUsageError(containing: message), "\(r.output)")
        #expect(try user.snapshot() == before)
    }

    // Item 8: `sofa-gen emit sorter --help` said "--help needs a value" instead of the block's parameters.
    @Test(arguments: Catalog.blocks.map(\.name))
    func emitBlockHelpListsTheParameters(_ name: String) async throws {
        let block = try Catalog.block(named: name)
        let user = try UserFiles("item8-help-\(name)")
        let before = try user.snapshot()
        for flag in ["--help", "-h"] {
            let r = try await user.run(["emit", name, flag])
            #expect(r.status == 0 && r.standardError.isEmpty, "\(r.output)")
            let lines = r.standardOutput.split(separator: "\n").map(String.init)
            #expect(lines.first == "\(name): \(block.summary)")
            #expect(lines.contains("usage: sofa-gen emit \(name) [--<parameter> <value> ...] --out DIR"))
            for p in block.parameters {
                let row = try #require(lines.first { $0.hasPrefix("  --\(p.name) ") }, "--\(p.name)")
                let columns = row.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                #expect(columns[1] == p.defaultValue, "\(row)")
                #expect(row.contains(p.kind.valuesDescription) && row.hasSuffix(p.help), "\(row)")
            }
        }
        #expect(try user.snapshot() == before, "help writes nothing")
    }

    // Item 8: `emit counter --width --out o` took --out as the value; `emit counter --out --width` wrote a folder
    // named --width.
    @Test(arguments: [
        (["emit", "counter", "--width", "--out", "o"], "--width needs a value, got the option --out"),
        (["emit", "counter", "--out", "--width"], "--out needs a value, got the option --width"),
        (["emit", "counter", "--out", "--width", "4"], "--out needs a value, got the option --width"),
    ])
    func anOptionIsNotAValue(_ arguments: [String], _ message: String) async throws {
        let user = try UserFiles("item8-option-\(arguments.joined())")
        let before = try user.snapshot()
        let r = try await user.run(arguments)
        #expect(r.isUsageError(containing: message), "\(r.output)")
        #expect(try user.snapshot() == before)
    }

    // Item 8: a value with a newline was echoed raw onto two stderr lines.
    @Test func controlCharactersInEchoedValuesAreEscaped() async throws {
        let user = try UserFiles("item8-newline")
        let before = try user.snapshot()
        let r = try await user.run(["emit", "counter", "--width", "4\n5", "--out", "o"])
        #expect(r.isUsageError(containing: "counter: --width must be an integer in 1...64, got '4\\n5'"), "\(r.output)")
        let escape = try await user.run(["emit", "count\u{1B}[2Jer", "--out", "o"])
        #expect(escape.isUsageError(containing: "unknown block 'count\\u{1B}[2Jer'"), "\(escape.output)")
        #expect(!escape.standardError.contains("\u{1B}"))
        let folder = try await user.run(["emit", "counter", "--out", "a\nb/.."])
        #expect(folder.isUsageError(containing: "refusing to write into a\\nb/..: it is the current folder"), "\(folder.output)")
        #expect(try user.snapshot() == before)
    }

    // Item 8: `sweep --out A --out B` silently used B.
    @Test(arguments: [
        (["sweep", "counter", "--out", "A", "--out", "B"], "--out is given 2 times; give it once"),
        (["sweep", "counter", "--out=A", "--out", "B"], "--out is given 2 times; give it once"),
        (["sweep", "counter", "--jobs", "1", "--jobs", "2", "--out", "A"], "--jobs is given 2 times; give it once"),
        (["sweep", "merge", "x", "--out", "A", "--out", "B"], "--out is given 2 times; give it once"),
        (["all", "--out", "A", "--out", "B"], "--out is given 2 times; give it once"),
        (["emit", "counter", "--out", "A", "--out", "B"], "--out given twice"),
    ])
    func anOptionGivenTwiceIsAnError(_ arguments: [String], _ message: String) async throws {
        let user = try UserFiles("item8-twice-\(arguments.joined())")
        let before = try user.snapshot()
        let r = try await user.run(arguments, environment: Self.noTools)
        #expect(r.isUsageError(containing: message), "\(r.output)")
        #expect(try user.snapshot() == before)
    }

    // Item 8: `--param width=4,04` computed one point twice.
    @Test func valuesThatMeanTheSamePointAreRefused() async throws {
        let user = try UserFiles("item8-04")
        let before = try user.snapshot()
        let r = try await user.run(["sweep", "counter", "--param", "width=4,04", "--out", "sw"], environment: Self.noTools)
        #expect(r.isUsageError(containing: "--param width=4,04: '04' is the same value as '4' (each point is computed once)"), "\(r.output)")
        #expect(try user.snapshot() == before)
    }

    // Item 8: `sweep merge` over a truncated points/*.json exited 0 without naming the file.
    @Test func mergeOverATruncatedRecordNamesIt() async throws {
        let user = try UserFiles("item8-truncated")
        #expect(try await user.run(["sweep", "counter", "--param", "width=4,5", "--out", "s0"], environment: Self.noTools).status == 0)
        let points = user.cwd.appendingPathComponent("s0/points")
        let record = try #require(try FileManager.default.contentsOfDirectory(atPath: points.path).sorted().first)
        let file = points.appendingPathComponent(record)
        let bytes = try Data(contentsOf: file)
        try bytes.prefix(bytes.count / 2).write(to: file)
        let before = try user.snapshot()
        let r = try await user.run(["sweep", "merge", "s0", "--out", "merged"], environment: Self.noTools)
        #expect(r.isUsageError(containing: "s0/points/\(record) cannot be read"), "\(r.output)")
        #expect(try user.snapshot() == before, "nothing merged, nothing created")
    }

    /// Issue 10: every problem is reported, one line each (an unknown parameter and a bad value together).
    @Test func everyProblemIsALine() async throws {
        let user = try UserFiles("every-problem")
        let r = try await user.run(["emit", "sads", "--winers", "3", "--key-width", "99", "--family", "shell", "--out", "o"])
        let lines = r.standardError.split(separator: "\n").map(String.init)
        #expect(r.status == 64)
        #expect(lines == [
            "sofa-gen: error: sads: unknown parameter --winers (did you mean '--winners'?) (parameters: --width, --winners, --family, --key-width, --index-width, --length-width, --pipeline)",
            "sofa-gen: error: sads: --family must be one of bitonic, odd-even-merge, smallest, fastest, got 'shell'",
            "sofa-gen: error: sads: --key-width must be in 2...62, got '99'",
        ], "\(r.standardError)")
    }
}
