import Foundation
import HDLSim
import Sweep
import Testing

@Suite struct PointStoreTests {
    @Test func savedRecordsLoadForTheSamePointOnly() throws {
        let dir = try Workspace.directory("sweep-store")
        let store = PointStore(directory: dir.appendingPathComponent("points"))
        let points = try SweepSpec(blocks: ["counter"], axes: [try ParameterAxis.parse("width=4,5")]).points()
        let record = try Fixtures.record(points[0], cells: ["$_NOT_": 3])
        #expect(store.load(points[0]) == nil)
        try store.save(record)
        #expect(store.load(points[0]) == record)
        #expect(store.load(points[1]) == nil)
        // Only the record itself is left: the temporary file was renamed into place.
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.directory.path) == ["\(points[0].id).json"])
        // The same record gives the same bytes (records are compared across shards and reruns).
        let first = try Data(contentsOf: store.directory.appendingPathComponent("\(points[0].id).json"))
        try store.save(record)
        #expect(try Data(contentsOf: store.directory.appendingPathComponent("\(points[0].id).json")) == first)
    }

    @Test func aRecordForAnotherConfigurationOrAnUnreadableOneIsIgnored() throws {
        let dir = try Workspace.directory("sweep-store-mismatch")
        let store = PointStore(directory: dir)
        let point = try SweepSpec(blocks: ["counter"], axes: [try ParameterAxis.parse("width=4")]).points()[0]
        var record = try Fixtures.record(point, cells: [:])
        record.key += ";changed"
        try store.save(record)
        #expect(store.load(point) == nil)
        try Data("{ not json".utf8).write(to: dir.appendingPathComponent("\(point.id).json"))
        #expect(store.load(point) == nil)
    }

    @Test func aRecordWaitingForAToolIsIncompleteOnceTheToolIsThere() throws {
        let point = try SweepSpec(blocks: ["counter"], axes: []).points()[0]
        var record = try Fixtures.record(point, cells: nil)  // generic synthesis: yosys missing
        #expect(record.isComplete(with: Fixtures.noTools))
        #expect(!record.isComplete(with: Fixtures.allTools))
        record.generic = .failed("ERROR: something")
        #expect(record.isComplete(with: Fixtures.allTools), "a failure is a result, kept")
        record.generic = .done
        record.placeRoute = .toolMissing("nextpnr-ice40")
        #expect(record.isComplete(with: SweepTools(yosys: true, nextpnr: false)))
        #expect(!record.isComplete(with: Fixtures.allTools))
    }
}
