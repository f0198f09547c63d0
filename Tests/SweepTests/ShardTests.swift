import Sweep
import Testing

@Suite struct ShardTests {
    @Test func parsesZeroBasedIndexOverCount() throws {
        #expect(try Shard.parse("0/4") == Shard(index: 0, count: 4))
        #expect(try Shard.parse("3/4") == Shard(index: 3, count: 4))
        #expect(try Shard.parse("0/1") == .whole)
        #expect(Shard(index: 2, count: 5).description == "2/5")
    }

    @Test(arguments: ["4/4", "-1/4", "0/0", "1", "a/b", "1/2/3", "", "1/"])
    func rejectsBadSpecs(_ text: String) {
        #expect(throws: SweepError.self) { try Shard.parse(text) }
    }

    /// Every point is in exactly one shard, and the shards interleave (sizes differ by at most one).
    @Test(arguments: [1, 2, 3, 7])
    func shardsPartitionThePoints(_ count: Int) {
        let shards = (0..<count).map { Shard(index: $0, count: count) }
        for p in 0..<50 {
            #expect(shards.filter { $0.contains(pointIndex: p) }.count == 1)
        }
        let sizes = shards.map { s in (0..<50).filter { s.contains(pointIndex: $0) }.count }
        #expect(sizes.max()! - sizes.min()! <= 1)
    }
}
