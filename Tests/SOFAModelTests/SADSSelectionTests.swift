import HDLSim
import SOFAModel
import Testing

@Suite struct SADSSelectionTests {
    typealias E = RankedKey

    @Test func segmentsKeepTheirBestDescendingTiesToTheLowerIndex() {
        let scores = [5, 9, 9, 1, 7, 7, 3, 8, 2, 6]
        let kept = SADSSelection.select(scores, segmentLength: 4, winners: 2)
        #expect(kept == [[E(key: 9, index: 1), E(key: 9, index: 2)],
                         [E(key: 8, index: 7), E(key: 7, index: 4)],
                         [E(key: 6, index: 9), E(key: 2, index: 8)]])
    }

    @Test func shortSegmentsKeepEverything() {
        #expect(SADSSelection.select([3], segmentLength: 4, winners: 2) == [[E(key: 3, index: 0)]])
        #expect(SADSSelection.select([], segmentLength: 4, winners: 2).isEmpty)
    }

    @Test func segmentLengthIsTheCeiling() {
        #expect(SADSSelection.segmentLength(rowLength: 300, segments: 4) == 75)
        #expect(SADSSelection.segmentLength(rowLength: 301, segments: 4) == 76)
        #expect(SADSSelection.segmentLength(rowLength: 3, segments: 4) == 1)
        #expect(SADSSelection.segmentLength(rowLength: 1, segments: 1) == 1)
    }

    /// The threshold is the running maximum up to the end of each segment, minus the radius.
    @Test func clippingUsesTheRunningMaximum() {
        let scores = [10, 4, 30, 25, 12, 40]
        let kept = SADSSelection.select(scores, segmentLength: 2, winners: 2, radius: 8)
        // Segment 0: M = 10, keeps >= 2: both. Segment 1: M = 30, keeps >= 22: 30, 25. Segment 2: M = 40: >= 32.
        #expect(kept == [[E(key: 10, index: 0), E(key: 4, index: 1)], [E(key: 30, index: 2), E(key: 25, index: 3)],
                         [E(key: 40, index: 5)]])
        #expect(SADSSelection.select(scores, segmentLength: 6, winners: 6, radius: 0) == [[E(key: 40, index: 5)]])
    }

    @Test func oneSegmentIsPlainTopK() {
        var rng = SeededGenerator(seed: 9)
        for _ in 0..<50 {
            let scores = (0..<Int(rng.next() % 40 + 1)).map { _ in Int(rng.next() % 7) - 3 }
            let k = Int(rng.next() % 5) + 1
            let kept = SADSSelection.select(scores, segmentLength: scores.count, winners: k)
            #expect(kept.count == 1 && kept[0].map(\.index) == TopK.indices(scores, k))
        }
    }

    /// SADS on DLZS-predicted scores of the MiniLM fixture, recall against the exact float top-25 %: one segment
    /// is DLZS top-k; more segments lose recall (spec section 3's trend).
    @Test func moreSegmentsLoseRecallOnRealData() throws {
        let data = try MiniLMFixture.load()
        var recall: [Double] = []
        for n in [1, 2, 4] {
            var r = 0.0
            for head in data.heads {
                let reference = AttentionReference(head, softmaxScale: data.softmaxScale)
                r += SegmentedAccuracy.evaluate(head, reference: reference, keep: 0.25, segmentation: .count(n)).recall
            }
            recall.append(r / Double(data.heads.count))
        }
        let plain = try PredictorAccuracyTests.mean(PredictorAccuracy.dlzs(.floor)).recall
        #expect(abs(recall[0] - plain) < 1e-12)
        #expect(recall[0] > recall[1] && recall[1] > recall[2], "\(recall)")
        // Measured on the fixture: 0.938 / 0.818 / 0.741 (the whole set: 0.933 / 0.838 / 0.774).
        #expect(recall[1] > 0.80 && recall[2] > 0.72, "\(recall)")
    }
}
