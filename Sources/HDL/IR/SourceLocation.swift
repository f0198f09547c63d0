import Synchronization

/// A place in the user's Swift source: `#fileID` (module-relative, so output does not depend on where the
/// package is checked out) and `#line`. Every declaration and statement carries one, so elaboration errors
/// and `// @[...]` comments in the Verilog point at the generator line that caused them.
///
/// Stored in 8 bytes (the file as an index into a process-wide table of file names, and the line): a module of
/// millions of connects keeps one per signal and statement.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    private let file: UInt32
    private let storedLine: Int32

    public init(fileID: String, line: Int) {
        file = FileTable.shared.index(of: fileID)
        storedLine = Int32(clamping: line)
    }

    public var fileID: String { FileTable.shared.name(file) }
    /// The file's index in `FileTable.shared` (for printers that cache the names).
    var fileIndex: Int { Int(file) }
    public var line: Int { Int(storedLine) }

    /// `File.swift:12` without the module prefix.
    public var shortDescription: String {
        let f = fileID
        let file = f.split(separator: "/").last.map(String.init) ?? f
        return "\(file):\(line)"
    }

    public var description: String { "\(fileID):\(line)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        if a.file == b.file { return a.storedLine < b.storedLine }
        return (a.fileID, a.line) < (b.fileID, b.line)
    }

    /// Used where a construct has no user location (implicit clock/reset, synthesized nodes).
    public static let unknown = SourceLocation(fileID: "<generated>", line: 0)
}

/// The file names `SourceLocation`s refer to, interned once per process. Lookups of the file seen last (almost
/// every lookup: a generator's lines come from a few files) compare one string and take no lock-protected
/// hash; the table only grows.
final class FileTable: Sendable {
    static let shared = FileTable()

    private struct State {
        var names: [String] = []
        var indices: [String: UInt32] = [:]
        var last: (name: String, index: UInt32)?
    }

    private let state = Mutex(State())

    func index(of name: String) -> UInt32 {
        state.withLock { s in
            if let last = s.last, last.name == name { return last.index }
            let index: UInt32
            if let known = s.indices[name] {
                index = known
            } else {
                index = UInt32(s.names.count)
                s.names.append(name)
                s.indices[name] = index
            }
            s.last = (name, index)
            return index
        }
    }

    func name(_ index: UInt32) -> String {
        state.withLock { $0.names[Int(index)] }
    }

    /// Every name so far, by index.
    func names() -> [String] {
        state.withLock { $0.names }
    }
}
