import Foundation
import HDLSim
import Testing

/// Issue 9 items 1, 2, 4 and 5, with the command lines, run as a user would from a folder of their own
/// files: every refusal exits 64 with one clear line, and every file of the user's (names and bytes) is still
/// there afterwards.
@Suite struct OutputFolderCommandTests {
    /// A refused command: 64, one line with `message`, and nothing changed anywhere under the scratch root.
    static func expectRefused(_ name: String, _ arguments: [String], _ message: String, environment: [String] = [],
                              setup: (UserFiles) throws -> Void = { _ in }) async throws {
        let user = try UserFiles(name)
        try setup(user)
        let before = try user.snapshot()
        let r = try await user.run(arguments, environment: environment)
        #expect(r.isUsageError(containing: message), "\(arguments): \(r.status) \(r.standardError)")
        #expect(try user.snapshot() == before, "\(arguments) changed the user's files")
    }

    // Item 1: `mkdir -p out/sub; echo x > out/notes.txt; sofa-gen emit counter --out out` deleted notes.txt and sub/.
    @Test func emitIntoAFolderOfTheUsersIsRefused() async throws {
        try await Self.expectRefused("item1-out", ["emit", "counter", "--out", "out"],
                                     "refusing to write into out: it is not empty and was not written by sofa-gen") { user in
            try FileManager.default.createDirectory(at: user.cwd.appendingPathComponent("out/sub"), withIntermediateDirectories: true)
            try Data("x\n".utf8).write(to: user.cwd.appendingPathComponent("out/notes.txt"))
        }
    }

    // Item 1: `--out .`, `--out ""`, `--out ./`, `--out sub/..` wiped the current folder, `--out ..` the parent.
    @Test(arguments: [
        (".", "refusing to write into .: it is the current folder"),
        ("", "the output folder is an empty path"),
        ("./", "refusing to write into ./: it is the current folder"),
        ("sub/..", "refusing to write into sub/..: it is the current folder"),
        ("..", "refusing to write into ..: it contains the current folder"),
        ("../..", "refusing to write into ../..: it contains the current folder"),
        ("nowhere/..", "refusing to write into nowhere/..: it is the current folder"),
    ])
    func emitIntoTheCurrentFolderOrAboveIsRefused(_ out: String, _ message: String) async throws {
        try await Self.expectRefused("item1-\(out)", ["emit", "counter", "--out", out], message)
    }

    // Item 1: `sofa-gen all --out .` wiped the current folder too.
    @Test func allIntoTheCurrentFolderIsRefused() async throws {
        try await Self.expectRefused("item1-all", ["all", "--out", "."], "refusing to write into .: it is the current folder")
        try await Self.expectRefused("item1-all-eq", ["all", "--out=."], "refusing to write into .: it is the current folder")
    }

    // Item 1: `emit counter --out <a sweep folder>` deleted the sweep.
    @Test func emitIntoASweepFolderIsRefused() async throws {
        let user = try UserFiles("item1-sweep")
        let sweep = try await user.run(["sweep", "counter", "--param", "width=4", "--out", "sw"], environment: ["PATH=/nonexistent"])
        #expect(sweep.status == 0, "\(sweep.output)")
        let before = try user.snapshot()
        let r = try await user.run(["emit", "counter", "--out", "sw"])
        #expect(r.isUsageError(containing: "refusing to write into sw: it holds sofa-gen sweep output, not verilog output"), "\(r.output)")
        #expect(try user.snapshot() == before)
    }

    /// The home folder is refused even when it is empty.
    @Test func emitIntoTheHomeFolderIsRefused() async throws {
        let user = try UserFiles("home")
        let home = user.root.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: false)
        let before = try user.snapshot()
        let r = try await user.run(["emit", "counter", "--out", home.path], environment: ["HOME=\(home.path)"])
        #expect(r.isUsageError(containing: "it is the home folder"), "\(r.output)")
        #expect(try user.snapshot() == before)
    }

    // Item 2: `echo data > out` (also a FIFO, or a symlink to a file): the file was deleted and a folder put there.
    @Test func emitOverAFileAFIFOOrALinkToAFileIsRefused() async throws {
        try await Self.expectRefused("item2-file", ["emit", "counter", "--out", "out"], "refusing to write into out: it is a file, not a folder") { user in
            try Data("data\n".utf8).write(to: user.cwd.appendingPathComponent("out"))
        }
        try await Self.expectRefused("item2-fifo", ["emit", "counter", "--out", "out"], "refusing to write into out: it is a FIFO, not a folder") { user in
            #expect(mkfifo(user.cwd.appendingPathComponent("out").path, 0o644) == 0)
        }
        try await Self.expectRefused("item2-link", ["emit", "counter", "--out", "out"],
                                     "refusing to write into out: it is a symbolic link to a file, not to a folder") { user in
            try FileManager.default.createSymbolicLink(atPath: user.cwd.appendingPathComponent("out").path, withDestinationPath: "notes.txt")
        }
        try await Self.expectRefused("item2-dangling", ["emit", "counter", "--out", "out"],
                                     "refusing to write into out: it is a symbolic link to nothing") { user in
            try FileManager.default.createSymbolicLink(atPath: user.cwd.appendingPathComponent("out").path, withDestinationPath: "missing")
        }
    }

    // Item 2: `ln -s real out` replaced the link with a folder. A link to a folder is followed, and stays a link.
    @Test func aLinkToAFolderIsFollowedAndKept() async throws {
        let user = try UserFiles("item2-link-folder")
        let fm = FileManager.default
        try fm.createDirectory(at: user.cwd.appendingPathComponent("real"), withIntermediateDirectories: false)
        try fm.createSymbolicLink(atPath: user.cwd.appendingPathComponent("out").path, withDestinationPath: "real")
        let before = try user.snapshot()
        let r = try await user.run(["emit", "counter", "--out", "out"])
        #expect(r.status == 0, "\(r.output)")
        let after = try user.snapshot()
        #expect(after["cwd/out"] == "link -> real")
        #expect(after["cwd/real/Counter.v"] != nil && after["cwd/real/manifest.json"] != nil)
        #expect(before.allSatisfy { after[$0.key] == $0.value })
        // The same folder again, through the link: replaced in place.
        #expect(try await user.run(["emit", "counter-pair", "--out", "out"]).status == 0)
        #expect(try fm.contentsOfDirectory(atPath: user.cwd.appendingPathComponent("real").path).sorted()
                == [".sofa-gen.json", "CounterPair.v", "Counter_width4.v", "Counter_width8.v", "filelist.f", "manifest.json"])
    }

    // Item 4: `--out f/out` where f is a file, or under a folder that cannot be written, exited 1 with an
    // NSCocoaErrorDomain line.
    @Test func unusableParentsAreOneLineErrors() async throws {
        try await Self.expectRefused("item4-file", ["emit", "counter", "--out", "f/out"], "cannot create f/out: f is a file, not a folder") { user in
            try Data("f\n".utf8).write(to: user.cwd.appendingPathComponent("f"))
        }
        // /sys refuses new folders even to root.
        try await Self.expectRefused("item4-sys", ["emit", "counter", "--out", "/sys/sofa-gen-test/out"],
                                     "cannot create /sys/sofa-gen-test/out: /sys/sofa-gen-test cannot be created (Operation not permitted)")
        if getuid() != 0 {
            try await Self.expectRefused("item4-read-only", ["emit", "counter", "--out", "ro/out"],
                                         "cannot create ro/out: ro/out cannot be created (Permission denied)") { user in
                let ro = user.cwd.appendingPathComponent("ro")
                try FileManager.default.createDirectory(at: ro, withIntermediateDirectories: false)
                try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: ro.path)
            }
        }
    }

    // Item 5: a last path component of 245-255 characters failed ("The file name is invalid."): the staging name
    // did not fit NAME_MAX.
    @Test(arguments: [245, 250, 255])
    func longestLegalNamesWork(_ length: Int) async throws {
        let user = try UserFiles("item5-\(length)")
        let name = String(repeating: "o", count: length)
        let r = try await user.run(["emit", "counter", "--out", name])
        #expect(r.status == 0, "\(r.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: user.cwd.appendingPathComponent(name).path).sorted()
                == [".sofa-gen.json", "Counter.v", "filelist.f", "manifest.json"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: user.cwd.path).sorted() == [name, "notes.txt", "sub"].sorted())
    }

    // Item 5: a path over PATH_MAX exited 1 and left 20 empty folders behind; a name over NAME_MAX.
    @Test func pathsOverTheLimitsAreRefusedBeforeAnythingIsCreated() async throws {
        let deep = Array(repeating: String(repeating: "d", count: 250), count: 20).joined(separator: "/")
        try await Self.expectRefused("item5-path-max", ["emit", "counter", "--out", deep], "(the limit is 4095)")
        try await Self.expectRefused("item5-name-max", ["emit", "counter", "--out", String(repeating: "n", count: 256)],
                                     "is too long: 256 bytes (the limit is 255)")
        try await Self.expectRefused("item5-sweep", ["sweep", "counter", "--out", deep], "(the limit is 4095)",
                                     environment: ["PATH=/nonexistent"])
    }

    /// Writing again into a folder sofa-gen wrote replaces its files and keeps the user's.
    @Test func rewritingKeepsTheUsersFiles() async throws {
        let user = try UserFiles("rewrite")
        #expect(try await user.run(["emit", "counter-pair", "--out", "out"]).status == 0)
        try Data("mine\n".utf8).write(to: user.cwd.appendingPathComponent("out/notes.md"))
        let r = try await user.run(["emit", "counter", "--out", "out"])
        #expect(r.status == 0, "\(r.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: user.cwd.appendingPathComponent("out").path).sorted()
                == [".sofa-gen.json", "Counter.v", "filelist.f", "manifest.json", "notes.md"])
        // A file of the user's with a name the design needs is not overwritten: refused, nothing changed.
        try Data("my own counter\n".utf8).write(to: user.cwd.appendingPathComponent("out/CounterPair.v"))
        let before = try user.snapshot()
        let clash = try await user.run(["emit", "counter-pair", "--out", "out"])
        #expect(clash.isUsageError(containing: "refusing to write out/CounterPair.v: the file exists and was not written by sofa-gen"),
                "\(clash.output)")
        #expect(try user.snapshot() == before)
        // `all` into the folder of an `emit` is another kind of output.
        let all = try await user.run(["all", "--out", "out"])
        #expect(all.isUsageError(containing: "it holds sofa-gen verilog output, not catalog output"), "\(all.output)")
    }
}
