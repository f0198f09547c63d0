/// A problem with what the user asked for (unknown block, bad parameter value, bad shard, unusable output
/// folder): one line, reported before anything is written. The command line exits with status 64 on it.
public struct SweepError: Error, CustomStringConvertible, Equatable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
