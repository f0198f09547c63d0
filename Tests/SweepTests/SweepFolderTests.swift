import Foundation
import HDLSim
import Sweep
import Testing

@Suite struct SweepFolderTests {
    static let spec = SweepSpec(blocks: ["counter"], axes: [])

    @Test func aMissingFolderIsCreatedAndADiscardedClaimLeavesNothing() throws {
        let parent = try Workspace.directory("sweep-folder-new")
        let folder = SweepFolder(parent.appendingPathComponent("a/b/out"))
        let writer = try folder.claim(for: Self.spec)
        #expect(FileManager.default.fileExists(atPath: folder.url.path))
        writer.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).isEmpty)
    }

    @Test func emptyFoldersAndTheSameSweepsFolderAreClaimed() async throws {
        let empty = try Workspace.directory("sweep-folder-empty")
        try SweepFolder(empty).claim(for: Self.spec).release()
        let sweep = try Fixtures.folder("folder-sweep")
        try await Fixtures.run(Self.spec, into: sweep, tools: Fixtures.noTools)
        try sweep.claim(for: Self.spec).release()
    }

    @Test func unrelatedFilesFoldersAndOtherSweepsAreRefused() async throws {
        let parent = try Workspace.directory("sweep-folder-bad")
        let file = parent.appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        let cases: [(URL, String)] = [
            (file, "it is a file, not a folder"),
            (file.appendingPathComponent("out"), "is a file, not a folder"),
            (parent, "it is not empty and was not written by sofa-gen"),
        ]
        for (url, message) in cases {
            let error = #expect(throws: SweepError.self) { try SweepFolder(url).claim(for: Self.spec) }
            #expect(error?.message.contains(message) == true, "\(url.path): \(String(describing: error))")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["file"])

        let sweep = try Fixtures.folder("folder-other-sweep")
        try await Fixtures.run(Self.spec, into: sweep, tools: Fixtures.noTools)
        let other = SweepSpec(blocks: ["counter"], axes: [try ParameterAxis.parse("width=4,8")])
        let error = #expect(throws: SweepError.self) { try sweep.claim(for: other) }
        #expect(error?.message.contains("holds a different sweep (sofa-gen sweep counter)") == true, "\(String(describing: error))")

        try Data("{".utf8).write(to: sweep.description)
        let corrupt = #expect(throws: SweepError.self) { try sweep.claim(for: Self.spec) }
        #expect(corrupt?.message.contains("sweep.json cannot be read") == true, "\(String(describing: corrupt))")
    }

    /// One run at a time: while a run holds the folder, a second claim is refused at once.
    @Test func aFolderAnotherRunIsWritingIsRefused() throws {
        let folder = try Fixtures.folder("folder-busy")
        let first = try folder.claim(for: Self.spec)
        let error = #expect(throws: SweepError.self) { try folder.claim(for: Self.spec) }
        #expect(error?.message.contains("is being written by another sofa-gen run") == true, "\(String(describing: error))")
        first.release()
        try folder.claim(for: Self.spec).release()
    }
}
