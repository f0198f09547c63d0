import Foundation

/// The finished points of a sweep folder, one JSON file each (`points/<id>.json`), as a run or a merge reads them.
/// Records are written by `SweepWriter.save`, each to a temporary file renamed into place, so a reader sees each
/// point either finished or not, never half a record.
public struct PointStore: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    public func url(for id: String) -> URL { directory.appendingPathComponent("\(id).json") }

    /// The record of `point`, if one was written for exactly this point (same key); nil otherwise, also for a record
    /// that cannot be read (a run then computes the point again).
    public func load(_ point: SweepPoint) -> PointRecord? {
        try? read(point)
    }

    /// The record of `point`, nil when there is none or it belongs to another configuration; throws `SweepError`
    /// naming the file when it exists and cannot be read (truncated, not JSON): a merge must not silently drop it.
    public func read(_ point: SweepPoint) throws -> PointRecord? {
        let file = url(for: point.id)
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        let record: PointRecord
        do {
            record = try JSONDecoder().decode(PointRecord.self, from: Data(contentsOf: file))
        } catch {
            throw SweepError("\(file.path) cannot be read (\(SweepFolder.reason(error))): remove it to compute the point again")
        }
        return record.key == point.key ? record : nil
    }

    /// Pretty, key-sorted JSON: records are meant to be read, and the same record always gives the same bytes.
    static func encode(_ record: PointRecord) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(record) + Data("\n".utf8)
    }
}
