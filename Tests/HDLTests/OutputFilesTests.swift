import Foundation
import HDL
import HDLSim
import Testing

/// `OutputFiles`: outputs the user names file by file (the attention command's O.npy and report.json).
@Suite struct OutputFilesTests {
    static func data(_ text: String) -> Data { Data(text.utf8) }
    static func text(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    @Test func filesAreWrittenTogetherAndParentsCreated() throws {
        let root = try Workspace.directory("output-files")
        let o = root.appendingPathComponent("a/b/O.npy"), report = root.appendingPathComponent("report.json")
        try Self.data("old report").write(to: report)
        try OutputFiles.write([(o.path, Self.data("O")), (report.path, Self.data("new report"))])
        #expect(try Self.text(o) == "O" && Self.text(report) == "new report")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["a", "report.json"], "no temporaries left")
    }

    @Test func foldersFIFOsAndLinksToNonFilesAreRefused() throws {
        let root = try Workspace.directory("output-files-refused")
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("folder"), withIntermediateDirectories: false)
        #expect(mkfifo(root.appendingPathComponent("fifo").path, 0o644) == 0)
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("dangling").path, withDestinationPath: "nowhere")
        try Self.data("f").write(to: root.appendingPathComponent("file"))
        let before = try fm.contentsOfDirectory(atPath: root.path).sorted()
        for (name, message) in [("folder", "it is a folder, not a file"), ("fifo", "it is a FIFO, not a file"),
                                ("dangling", "a symbolic link to something other than a file"), ("file/x", "file is a file, not a folder"),
                                ("new/", "it names a folder")] {
            // Paired with a good file that must not appear either: all or nothing.
            let error = #expect(throws: OutputFolder.Refusal.self) {
                try OutputFiles.write([(root.appendingPathComponent("fresh/good.json").path, Self.data("g")),
                                       (root.path + "/" + name, Self.data("x"))])
            }
            #expect(error?.message.contains(message) == true, "\(name): \(String(describing: error))")
            #expect(try fm.contentsOfDirectory(atPath: root.path).sorted() == before, "\(name)")
        }
        #expect(throws: OutputFolder.Refusal.self) { try OutputFiles.write([("", Self.data("x"))]) }
    }

    /// A link to a file is written through: the link stays, its file gets the new contents.
    @Test func aLinkToAFileIsFollowed() throws {
        let root = try Workspace.directory("output-files-link")
        let target = root.appendingPathComponent("target.npy"), link = root.appendingPathComponent("O.npy")
        try Self.data("old").write(to: target)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "target.npy")
        try OutputFiles.write([(link.path, Self.data("new"))])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "target.npy")
        #expect(try Self.text(target) == "new")
    }

    @Test func longNamesAndPaths() throws {
        let root = try Workspace.directory("output-files-long")
        let longest = root.appendingPathComponent(String(repeating: "o", count: 255))
        try OutputFiles.write([(longest.path, Self.data("x"))])
        #expect(try Self.text(longest) == "x")
        #expect(throws: OutputFolder.Refusal.self) {
            try OutputFiles.write([(root.appendingPathComponent(String(repeating: "o", count: 256)).path, Self.data("x"))])
        }
        let deep = (0..<20).reduce(root) { url, _ in url.appendingPathComponent(String(repeating: "d", count: 250)) }
        let error = #expect(throws: OutputFolder.Refusal.self) { try OutputFiles.write([(deep.appendingPathComponent("O.npy").path, Self.data("x"))]) }
        #expect(error?.message.contains("(the limit is 4095)") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == [longest.lastPathComponent])
    }

    /// The files are renamed into place together while holding their folder's lock: while another writer holds it,
    /// neither file changes; once it lets go, both do.
    @Test func filesAreRenamedTogetherUnderTheFoldersLock() async throws {
        let root = try Workspace.directory("output-files-lock")
        let o = root.appendingPathComponent("O.npy"), report = root.appendingPathComponent("report.json")
        try OutputFiles.write([(o.path, Self.data("a")), (report.path, Self.data("a"))])
        let fd = open(root.path, O_RDONLY | O_DIRECTORY)
        #expect(flock(fd, LOCK_EX) == 0)
        let writer = Task.detached { try OutputFiles.write([(o.path, Self.data("b")), (report.path, Self.data("b"))]) }
        try await Task.sleep(nanoseconds: 300_000_000)
        #expect(try Self.text(o) == "a" && Self.text(report) == "a", "nothing renamed while the folder is locked")
        close(fd)
        try await writer.value
        #expect(try Self.text(o) == "b" && Self.text(report) == "b")
    }
}
