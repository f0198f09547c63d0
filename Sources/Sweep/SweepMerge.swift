import Foundation

/// `sofa-gen sweep merge`: joins the folders of a sweep's shards (or any folders of the same sweep) into one
/// sweep folder, as if one run had computed everything: records are copied into its `points/`, and the result
/// files are written from all of them in sweep order. Points no input has finished are reported and left out;
/// running the sweep again into the merged folder computes just those.
public enum SweepMerge {
    public struct Summary: Sendable, Equatable {
        public var points: Int
        public var merged: Int
        public var missing: Int

        public init(points: Int, merged: Int, missing: Int) {
            self.points = points
            self.merged = merged
            self.missing = missing
        }
    }

    public static func merge(_ inputs: [SweepFolder], into output: SweepFolder,
                             log: @Sendable (SweepLog) -> Void = { _ in }) throws -> Summary {
        guard let first = inputs.first else { throw SweepError("merge needs at least one sweep folder") }
        let spec = try first.readDescription().spec
        for folder in inputs.dropFirst() where try folder.readDescription().spec != spec {
            throw SweepError("\(folder.path) holds a different sweep than \(first.path)")
        }
        let points = try spec.points()
        // Every record of every input is read first: a damaged one stops the merge, naming its file.
        var found: [(SweepPoint, PointRecord)] = []
        for point in points {
            var record: PointRecord?
            for input in inputs {
                if let r = try input.store.read(point), record == nil { record = r }
            }
            if let record { found.append((point, record)) }
        }

        let writer = try output.claim(for: spec)
        defer { writer.release() }
        try writer.writeDescription(SweepFolder.Description(spec: spec, shard: .whole))
        let store = output.store
        for (point, record) in found where store.load(point) != record {
            try writer.save(record)
        }
        try writer.writeResults(SweepResults(spec: spec, points: found.map(\.0), records: found.map(\.1)))
        let missing = points.count - found.count
        if missing > 0 {
            log(.warning("\(missing) of \(points.count) points are not finished in any input and are left out; "
                         + "`sofa-gen sweep \(spec.arguments.joined(separator: " ")) --out \(output.path)` computes them"))
        }
        return Summary(points: points.count, merged: found.count, missing: missing)
    }
}
