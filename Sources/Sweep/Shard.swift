/// `--shard i/n`: which part of a sweep this run computes, so a batch scheduler can spread one sweep over
/// machines (a Slurm array `--array=0-(n-1)` with `--shard $SLURM_ARRAY_TASK_ID/n`, or GNU parallel). Shards are
/// numbered from 0: point p (numbered from 0 in sweep order) belongs to shard p mod n. Interleaving spreads
/// the large points of a size sweep over all shards instead of giving them all to the last one.
public struct Shard: Codable, Hashable, Sendable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    /// The whole sweep.
    public static let whole = Shard(index: 0, count: 1)

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `i/n` with 0 <= i < n.
    public static func parse(_ text: String) throws -> Shard {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw SweepError("--shard \(text): expected i/n, e.g. 0/4 (shards are numbered from 0)")
        }
        guard n >= 1, (0..<n).contains(i) else {
            throw SweepError("--shard \(text): needs n >= 1 and 0 <= i < n (shards are numbered from 0)")
        }
        return Shard(index: i, count: n)
    }

    public func contains(pointIndex: Int) -> Bool { pointIndex % count == index }

    public var description: String { "\(index)/\(count)" }
}
