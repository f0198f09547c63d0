import Foundation
import HDLSim
import Sweep
import Testing

@Suite struct PointStoreTests {
    @Test func savedRecordsLoadForTheSamePointOnly() throws {
        let spec = SweepSpec(blocks: ["counter"], axes: [try ParameterAxis.parse("width=4,5")])
        let folder = try Fixtures.folder("store")
        let writer = try folder.claim(for: spec)
        defer { writer.release() }
        let store = folder.store
        let points = try spec.points()
        let record = try Fixtures.record(points[0], cells: ["$_NOT_": 3])
        #expect(store.load(points[0]) == nil)
        try writer.save(record)
        #expect(store.load(points[0]) == record)
        #expect(store.load(points[1]) == nil)
        // Only the record itself is left: the temporary file was renamed into place.
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.directory.path) == ["\(points[0].id).json"])
        // The same record gives the same bytes (records are compared across shards and reruns).
        let first = try Data(contentsOf: store.url(for: points[0].id))
        try writer.save(record)
        #expect(try Data(contentsOf: store.url(for: points[0].id)) == first)
    }

    /// A record of another configuration is not this point's; an unreadable one is nothing to a run (which computes
    /// the point again) and an error naming the file to a merge.
    @Test func aRecordForAnotherConfigurationOrAnUnreadableOneIsIgnored() throws {
        let spec = SweepSpec(blocks: ["counter"], axes: [try ParameterAxis.parse("width=4")])
        let folder = try Fixtures.folder("store-mismatch")
        let writer = try folder.claim(for: spec)
        defer { writer.release() }
        let store = folder.store
        let point = try spec.points()[0]
        var record = try Fixtures.record(point, cells: [:])
        record.key += ";changed"
        try writer.save(record)
        #expect(store.load(point) == nil)
        #expect(try store.read(point) == nil)
        try Data("{ not json".utf8).write(to: store.url(for: point.id))
        #expect(store.load(point) == nil)
        let error = #expect(throws: SweepError.self) { try store.read(point) }
        #expect(error?.message.hasPrefix(store.url(for: point.id).path + " cannot be read") == true, "\(String(describing: error))")
    }

    @Test func aRecordWaitingForAToolIsIncompleteOnceTheToolIsThere() throws {
        let point = try SweepSpec(blocks: ["counter"], axes: []).points()[0]
        var record = try Fixtures.record(point, cells: nil)  // generic synthesis: yosys missing
        #expect(record.isComplete(with: Fixtures.noTools))
        #expect(!record.isComplete(with: Fixtures.allTools))
        record.generic = .failed("ERROR: something")
        #expect(record.isComplete(with: Fixtures.allTools), "a failure is a result, kept")
        record.generic = .done
        record.genericMemories = []
        record.placeRoute = .toolMissing("nextpnr-ice40")
        #expect(record.isComplete(with: SweepTools(yosys: true, nextpnr: false)))
        #expect(!record.isComplete(with: Fixtures.allTools))
    }

    /// A record from before memories were kept as macros (no `genericMemories`) counted them as flip-flops: redone.
    @Test func aRecordWithoutItsMemoriesIsRedone() throws {
        let point = try SweepSpec(blocks: ["counter"], axes: []).points()[0]
        var record = try Fixtures.record(point, cells: ["$_DFF_P_": 8])
        #expect(record.isComplete(with: Fixtures.allTools))
        let json = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        #expect(json.contains("genericMemories"))
        record.genericMemories = nil
        #expect(!record.isComplete(with: Fixtures.allTools))
        let old = try JSONDecoder().decode(PointRecord.self, from: Data(json.replacing(/"genericMemories":\[\],?/, with: "").utf8))
        #expect(old.genericMemories == nil && !old.isComplete(with: Fixtures.allTools))
    }
}
