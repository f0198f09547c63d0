/// A problem with what the user asked for (unknown block, bad parameter value, bad shard, unusable output
/// folder): one line per problem, reported before anything is written. The command line exits with status 64 on it.
public struct SweepError: Error, CustomStringConvertible, Equatable {
    public var lines: [String]

    public init(_ message: String) {
        self.lines = [message]
    }

    public init(lines: [String]) {
        self.lines = lines
    }

    public var message: String { lines.joined(separator: "\n") }
    public var description: String { message }
}
