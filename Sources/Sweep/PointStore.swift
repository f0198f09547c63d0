import Foundation

/// The finished points of a sweep folder, one JSON file each (`points/<id>.json`). A record is written to a
/// temporary file and renamed into place, so an interrupted sweep never leaves a half-written record, and a
/// rerun (or another shard writing into the same folder) sees each point either finished or not.
public struct PointStore: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    func url(for id: String) -> URL { directory.appendingPathComponent("\(id).json") }

    /// The record of `point`, if one was written for exactly this point (same key); nil otherwise (also for a
    /// record that cannot be read, which is then simply recomputed).
    public func load(_ point: SweepPoint) -> PointRecord? {
        guard let data = try? Data(contentsOf: url(for: point.id)),
              let record = try? JSONDecoder().decode(PointRecord.self, from: data),
              record.key == point.key
        else { return nil }
        return record
    }

    public func save(_ record: PointRecord) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let target = url(for: record.id)
        let temporary = directory.appendingPathComponent(".\(record.id).json.tmp-\(ProcessInfo.processInfo.processIdentifier)")
        try Self.encode(record).write(to: temporary)
        if rename(temporary.path, target.path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path])
        }
    }

    /// Pretty, key-sorted JSON: records are meant to be read, and the same record always gives the same bytes.
    static func encode(_ record: PointRecord) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(record) + Data("\n".utf8)
    }
}
