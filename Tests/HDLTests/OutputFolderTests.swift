import Foundation
import HDL
import HDLExamples
import HDLSim
import Testing

/// The output-folder policy through its API (the command-line cases, with `.`, `..` and the home folder, are in
/// `SofaGenTests/OutputFolderCommandTests`, where each run has its own current folder).
@Suite struct OutputFolderTests {
    static func files(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    static func data(_ text: String) -> Data { Data(text.utf8) }

    @Test func aNewFolderAndItsParentsAreCreatedAndMarked() throws {
        let root = try Workspace.directory("output-new")
        let target = root.appendingPathComponent("a/b/out")
        let folder = try OutputFolder.claim(target.path, kind: "test")
        try folder.replaceContents(with: [("x.txt", Self.data("x")), ("sub/y.txt", Self.data("y"))])
        folder.release()
        #expect(try Self.files(target) == [".sofa-gen.json", "sub", "x.txt"])
        #expect(try String(contentsOf: target.appendingPathComponent("sub/y.txt"), encoding: .utf8) == "y")
        let marker = try JSONSerialization.jsonObject(with: Data(contentsOf: target.appendingPathComponent(".sofa-gen.json"))) as? [String: Any]
        #expect(marker?["kind"] as? String == "test")
        #expect(marker?["files"] as? [String] == ["sub/", "sub/y.txt", "x.txt"])
    }

    /// Rewriting replaces the tool's files, removes those the new contents lack, and keeps every other file.
    @Test func onlyOwnedFilesAreReplacedOrRemoved() throws {
        let target = try Workspace.directory("output-owned")
        let first = try OutputFolder.claim(target.path, kind: "test")
        try first.replaceContents(with: [("a.v", Self.data("1")), ("old/b.v", Self.data("2"))])
        first.release()
        try Self.data("mine").write(to: target.appendingPathComponent("notes.txt"))
        try Self.data("mine too").write(to: target.appendingPathComponent("old/keep.txt"))
        let second = try OutputFolder.claim(target.path, kind: "test")
        try second.replaceContents(with: [("a.v", Self.data("3")), ("c.v", Self.data("4"))])
        second.release()
        #expect(try Self.files(target) == [".sofa-gen.json", "a.v", "c.v", "notes.txt", "old"])
        #expect(try Self.files(target.appendingPathComponent("old")) == ["keep.txt"], "the owned b.v goes, the user's file stays")
        #expect(try String(contentsOf: target.appendingPathComponent("a.v"), encoding: .utf8) == "3")
        #expect(try String(contentsOf: target.appendingPathComponent("notes.txt"), encoding: .utf8) == "mine")
    }

    /// A name the tool would write that belongs to the user is refused before anything is written.
    @Test func aUsersFileIsNeverOverwritten() throws {
        let target = try Workspace.directory("output-collision")
        let folder = try OutputFolder.claim(target.path, kind: "test")
        try folder.replaceContents(with: [("a.v", Self.data("1"))])
        try Self.data("mine").write(to: target.appendingPathComponent("b.v"))
        let error = #expect(throws: OutputFolder.Refusal.self) {
            try folder.replaceContents(with: [("a.v", Self.data("2")), ("b.v", Self.data("3"))])
        }
        #expect(error?.message.contains("b.v: the file exists and was not written by sofa-gen") == true, "\(String(describing: error))")
        #expect(try String(contentsOf: target.appendingPathComponent("a.v"), encoding: .utf8) == "1")
        #expect(try String(contentsOf: target.appendingPathComponent("b.v"), encoding: .utf8) == "mine")
        #expect(throws: OutputFolder.Refusal.self) { try folder.write(Self.data("x"), to: "b.v") }
        folder.release()
        #expect(try Self.files(target) == [".sofa-gen.json", "a.v", "b.v"])
    }

    @Test func foreignFoldersFilesAndOtherKindsAreRefused() throws {
        let root = try Workspace.directory("output-refused")
        let fm = FileManager.default
        let foreign = root.appendingPathComponent("foreign")
        try fm.createDirectory(at: foreign, withIntermediateDirectories: false)
        try Self.data("x").write(to: foreign.appendingPathComponent("notes.txt"))
        let file = root.appendingPathComponent("file")
        try Self.data("data").write(to: file)
        let fifo = root.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("link-to-file").path, withDestinationPath: file.path)
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("dangling").path, withDestinationPath: "nowhere")
        let other = try OutputFolder.claim(root.appendingPathComponent("sweep").path, kind: "sweep")
        other.release()
        let cases: [(String, String)] = [
            ("foreign", "it is not empty and was not written by sofa-gen"),
            ("file", "it is a file, not a folder"),
            ("fifo", "it is a FIFO, not a folder"),
            ("link-to-file", "it is a symbolic link to a file, not to a folder"),
            ("dangling", "it is a symbolic link to nothing"),
            ("file/out", "is a file, not a folder"),
            ("sweep", "it holds sofa-gen sweep output, not test output"),
        ]
        let before = try Self.files(root)
        for (name, message) in cases {
            let error = #expect(throws: OutputFolder.Refusal.self) { try OutputFolder.claim(root.appendingPathComponent(name).path, kind: "test") }
            #expect(error?.message.contains(message) == true, "\(name): \(String(describing: error))")
        }
        #expect(try Self.files(root) == before)
        #expect(try Self.files(foreign) == ["notes.txt"])
        #expect(try String(contentsOf: file, encoding: .utf8) == "data")
        #expect(throws: OutputFolder.Refusal.self) { try OutputFolder.claim("", kind: "test") }
        #expect(throws: OutputFolder.Refusal.self) { try OutputFolder.claim("/", kind: "test") }
    }

    /// A link to a folder is followed: the files land in the folder, the link stays a link.
    @Test func aLinkToAFolderIsFollowed() throws {
        let root = try Workspace.directory("output-link")
        let real = root.appendingPathComponent("real")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: false)
        let link = root.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "real")
        try emitVerilog(Counter()).write(to: link)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "real")
        #expect(try Self.files(real) == [".sofa-gen.json", "Counter.v", "filelist.f", "manifest.json"])
    }

    /// Names longer than NAME_MAX and paths longer than PATH_MAX are refused before any folder is created; a
    /// 255-byte name (the most a file system takes) works, the temporary names being short.
    @Test func longNamesAndPaths() throws {
        let root = try Workspace.directory("output-long")
        let longest = root.appendingPathComponent(String(repeating: "n", count: 255))
        try emitVerilog(Counter()).write(to: longest)
        #expect(try Self.files(longest).contains("Counter.v"))
        let tooLong = root.appendingPathComponent(String(repeating: "n", count: 256))
        let name = #expect(throws: OutputFolder.Refusal.self) { try OutputFolder.claim(tooLong.path, kind: "test") }
        #expect(name?.message.contains("is too long: 256 bytes (the limit is 255)") == true, "\(String(describing: name))")
        let deep = (0..<20).reduce(root) { url, _ in url.appendingPathComponent(String(repeating: "d", count: 250)) }
        let path = #expect(throws: OutputFolder.Refusal.self) { try OutputFolder.claim(deep.path, kind: "test") }
        #expect(path?.message.contains("(the limit is 4095)") == true, "\(String(describing: path))")
        #expect(try Self.files(root) == [longest.lastPathComponent])
    }

    /// A failed write into a folder the claim created takes the folder (and the parents it created) back.
    @Test func discardingANewFolderLeavesNothing() throws {
        let root = try Workspace.directory("output-discard")
        let folder = try OutputFolder.claim(root.appendingPathComponent("a/b").path, kind: "test")
        try folder.replaceContents(with: [("x/y.txt", Self.data("y"))])
        #expect(throws: OutputFolder.Refusal.self) { try folder.replaceContents(with: [("../escape", Self.data("z"))]) }
        folder.discard()
        #expect(try Self.files(root).isEmpty)
    }

    /// Writers of one folder take turns; a writer that will not wait is refused while another holds the folder.
    @Test func writersTakeTurns() async throws {
        let target = try Workspace.directory("output-turns")
        let first = try OutputFolder.claim(target.path, kind: "test")
        let error = #expect(throws: OutputFolder.Refusal.self) { try OutputFolder.claim(target.path, kind: "test", wait: false) }
        #expect(error?.message.contains("is being written by another sofa-gen run") == true)
        let waiter = Task.detached { () throws -> [String] in
            let second = try OutputFolder.claim(target.path, kind: "test")
            defer { second.release() }
            return try Self.files(target)
        }
        try first.replaceContents(with: [("a.txt", Self.data("a"))])
        try await Task.sleep(nanoseconds: 100_000_000)
        first.release()
        #expect(try await waiter.value == [".sofa-gen.json", "a.txt"], "the second writer saw the first one's complete output")
    }

    /// A folder of another kind is refused at once, not after waiting for the run that holds it (a sweep can hold its
    /// folder for hours). The holder lets go after three seconds; the refusal must come well before.
    @Test func anotherKindIsRefusedWithoutWaiting() async throws {
        let target = try Workspace.directory("output-kind-busy")
        let sweep = try OutputFolder.claim(target.path, kind: "sweep", wait: false)
        let attempt = Task.detached { () -> (String, Duration) in
            let clock = ContinuousClock(), start = clock.now
            do {
                try OutputFolder.claim(target.path, kind: "test").release()
                return ("claimed", clock.now - start)
            } catch {
                return ("\(error)", clock.now - start)
            }
        }
        try await Task.sleep(nanoseconds: 3_000_000_000)
        sweep.release()
        let (message, elapsed) = await attempt.value
        #expect(message.contains("it holds sofa-gen sweep output, not test output"), "\(message)")
        #expect(elapsed < .seconds(2), "refused after \(elapsed)")
    }

    /// Temporary files a killed writer left are removed by the next claim.
    @Test func leftoverTemporariesAreCleanedUp() throws {
        let target = try Workspace.directory("output-leftovers")
        try OutputFolder.claim(target.path, kind: "test").release()
        try Self.data("half").write(to: target.appendingPathComponent(".sofa-gen-tmp-99999-1"))
        try OutputFolder.claim(target.path, kind: "test").release()
        #expect(try Self.files(target) == [".sofa-gen.json"])
    }
}

/// `OutputFolder.stage`: files streamed in pieces, renamed into place together by `commit`, or removed by `abandon`.
@Suite struct OutputFolderStagingTests {
    static func visible(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test func piecesAreJoinedAndCommittedTogether() throws {
        let target = try Workspace.directory("output-staging")
        let folder = try OutputFolder.claim(target.path, kind: "test")
        let staging = try folder.stage(["big.v", "sub/small.v"])
        let file = try staging.open("big.v")
        for k in 0..<1000 { file.append("line \(k)\n") }
        try file.close()
        #expect(try Self.visible(target) == ["sub"], "nothing is in place before the commit")
        try staging.write(Data("small\n".utf8), to: "sub/small.v")
        try staging.commit()
        folder.release()
        #expect(try String(contentsOf: target.appendingPathComponent("big.v"), encoding: .utf8)
                == (0..<1000).map { "line \($0)\n" }.joined())
        #expect(try Self.visible(target) == ["big.v", "sub"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path).sorted() == [".sofa-gen.json", "big.v", "sub"],
                "no temporary is left")
    }

    /// A staged file never produced fails the commit; abandoning keeps the earlier contents and removes the
    /// temporaries; names outside the staged list are refused.
    @Test func anIncompleteStagingChangesNothing() throws {
        let target = try Workspace.directory("output-staging-failure")
        let first = try OutputFolder.claim(target.path, kind: "test")
        try first.replaceContents(with: [("a.v", Data("1".utf8))])
        first.release()

        let folder = try OutputFolder.claim(target.path, kind: "test")
        let staging = try folder.stage(["a.v", "b.v"])
        try staging.write(Data("2".utf8), to: "a.v")
        #expect(throws: OutputFolder.Refusal.self) { try staging.open("c.v") }
        #expect(throws: OutputFolder.Refusal.self) { try staging.open("a.v") }
        let error = #expect(throws: OutputFolder.Refusal.self) { try staging.commit() }
        #expect(error?.message.contains("b.v") == true, "\(String(describing: error))")
        staging.abandon()
        folder.release()
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path).sorted() == [".sofa-gen.json", "a.v"])
        #expect(try String(contentsOf: target.appendingPathComponent("a.v"), encoding: .utf8) == "1")
    }

    @Test func aUsersFileStopsTheStagingBeforeAnythingIsWritten() throws {
        let target = try Workspace.directory("output-staging-collision")
        let folder = try OutputFolder.claim(target.path, kind: "test")
        try folder.replaceContents(with: [("a.v", Data("1".utf8))])
        try Data("mine".utf8).write(to: target.appendingPathComponent("b.v"))
        #expect(throws: OutputFolder.Refusal.self) { try folder.stage(["a.v", "b.v"]) }
        #expect(throws: OutputFolder.Refusal.self) { try folder.stage(["a.v", "a.v"]) }
        folder.release()
        #expect(try String(contentsOf: target.appendingPathComponent("b.v"), encoding: .utf8) == "mine")
    }
}
