import SOFAModel
import Testing

@Suite struct RankedKeyTests {
    @Test func largerKeyFirstThenLowerIndex() {
        #expect(RankedKey.precedes(RankedKey(key: 5, index: 9), RankedKey(key: 4, index: 0)))
        #expect(RankedKey.precedes(RankedKey(key: -1, index: 2), RankedKey(key: -1, index: 3)))
        #expect(!RankedKey.precedes(RankedKey(key: -1, index: 3), RankedKey(key: -1, index: 2)))
        #expect(!RankedKey.precedes(RankedKey(key: 7, index: 1), RankedKey(key: 7, index: 1)))
    }

    @Test func topTakesTheFirstKInRankOrder() {
        let entries = [(3, 0), (9, 1), (3, 2), (-4, 3), (9, 4)].map { RankedKey(key: $0.0, index: $0.1) }
        #expect(RankedKey.top(3, of: entries).map(\.index) == [1, 4, 0])
        #expect(RankedKey.top(9, of: entries).map(\.index) == [1, 4, 0, 2, 3])
        #expect(RankedKey.top(0, of: entries).isEmpty)
    }
}
