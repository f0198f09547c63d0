import Foundation
import HDLSim
import Sweep
import Testing

@Suite struct SweepFolderTests {
    @Test func aMissingFolderUnderAWritableParentIsUsableAndNothingIsCreated() throws {
        let parent = try Workspace.directory("sweep-folder-new")
        let folder = SweepFolder(parent.appendingPathComponent("a/b/out"))
        try folder.checkUsable()
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).isEmpty)
    }

    @Test func emptyFoldersAndSweepFoldersAreUsable() async throws {
        let empty = try Workspace.directory("sweep-folder-empty")
        try SweepFolder(empty).checkUsable()
        let sweep = try Fixtures.folder("folder-sweep")
        try await Fixtures.run(SweepSpec(blocks: ["counter"], axes: []), into: sweep, tools: Fixtures.noTools)
        try sweep.checkUsable()
    }

    @Test func unrelatedFilesAndFoldersAreRefused() throws {
        let parent = try Workspace.directory("sweep-folder-bad")
        let file = parent.appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        let cases: [(URL, String)] = [
            (file, "exists and is not a folder"),
            (file.appendingPathComponent("out"), "is not a writable folder"),
            (parent, "is not empty and is not a sweep folder"),
        ]
        for (url, message) in cases {
            let error = #expect(throws: SweepError.self) { try SweepFolder(url).checkUsable() }
            #expect(error?.message.contains(message) == true, "\(url.path): \(String(describing: error))")
        }
        let corrupt = try Workspace.directory("sweep-folder-corrupt")
        try Data("{".utf8).write(to: corrupt.appendingPathComponent("sweep.json"))
        #expect(throws: SweepError.self) { try SweepFolder(corrupt).checkUsable() }
    }
}
