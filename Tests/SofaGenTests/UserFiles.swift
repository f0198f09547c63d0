import Foundation
import HDLSim
import Testing

/// A user's folder for the output-folder tests: files with known bytes, a sub-folder, and a way to check that
/// every one of them (names and bytes, links and FIFOs as what they are) is still there after a command.
struct UserFiles {
    /// The scratch root; `cwd` (inside it) is where the commands run.
    let root: URL
    let cwd: URL

    /// `root/notes.txt`, `root/cwd/notes.txt`, `root/cwd/sub/keep.txt`, `root/sibling/data.bin`.
    init(_ name: String) throws {
        root = try Workspace.directory("cli-user-\(name)")
        cwd = root.appendingPathComponent("cwd")
        let fm = FileManager.default
        try fm.createDirectory(at: cwd.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("sibling"), withIntermediateDirectories: true)
        try Data("parent notes\n".utf8).write(to: root.appendingPathComponent("notes.txt"))
        try Data("my notes\n".utf8).write(to: cwd.appendingPathComponent("notes.txt"))
        try Data("keep me\n".utf8).write(to: cwd.appendingPathComponent("sub/keep.txt"))
        try Data([0, 1, 2, 255]).write(to: root.appendingPathComponent("sibling/data.bin"))
    }

    /// Every entry under `root` (relative path -> kind and bytes).
    func snapshot() throws -> [String: String] {
        var result: [String: String] = [:]
        let fm = FileManager.default
        func visit(_ url: URL, _ relative: String) throws {
            for name in try fm.contentsOfDirectory(atPath: url.path) {
                let child = url.appendingPathComponent(name)
                let path = relative.isEmpty ? name : relative + "/" + name
                let attributes = try fm.attributesOfItem(atPath: child.path)
                switch attributes[.type] as? FileAttributeType {
                case .typeSymbolicLink: result[path] = "link -> " + (try fm.destinationOfSymbolicLink(atPath: child.path))
                case .typeDirectory:
                    result[path] = "folder"
                    try visit(child, path)
                case .typeRegular: result[path] = "file " + (try Data(contentsOf: child)).base64EncodedString()
                default: result[path] = "special \(String(describing: attributes[.type]))"
                }
            }
        }
        try visit(root, "")
        return result
    }

    /// Runs `sofa-gen` in `cwd`.
    func run(_ arguments: [String], environment: [String] = []) async throws -> ProcessResult {
        if environment.isEmpty { return try await runProcess(CommandLineTests.executable, arguments, in: cwd) }
        return try await runProcess("/usr/bin/env", environment + [CommandLineTests.executable] + arguments, in: cwd)
    }
}

extension ProcessResult {
    /// Exit 64 with exactly one `sofa-gen: error:` line on stderr containing `message`.
    func isUsageError(containing message: String) -> Bool {
        let lines = standardError.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        return status == 64 && lines.count == 1 && lines[0].hasPrefix("sofa-gen: error: ") && lines[0].contains(message)
    }
}
