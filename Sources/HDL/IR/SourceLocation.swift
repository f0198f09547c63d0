/// A place in the user's Swift source: `#fileID` (module-relative, so output does not depend on where the
/// package is checked out) and `#line`. Every declaration and statement carries one, so elaboration errors
/// and `// @[...]` comments in the Verilog point at the generator line that caused them.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var fileID: String
    public var line: Int

    public init(fileID: String, line: Int) {
        self.fileID = fileID
        self.line = line
    }

    /// `File.swift:12` without the module prefix.
    public var shortDescription: String {
        let file = fileID.split(separator: "/").last.map(String.init) ?? fileID
        return "\(file):\(line)"
    }

    public var description: String { "\(fileID):\(line)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.fileID, a.line) < (b.fileID, b.line)
    }

    /// Used where a construct has no user location (implicit clock/reset, synthesized nodes).
    public static let unknown = SourceLocation(fileID: "<generated>", line: 0)
}
