/// What a sweep reports while it runs: warnings (a missing tool, missing shard points) and one progress line
/// per finished point. The command line prints both on stderr; tests collect them.
public enum SweepLog: Sendable, Equatable {
    case warning(String)
    case progress(String)
}
