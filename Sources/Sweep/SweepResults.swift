/// The finished points of a sweep (or of one shard), in sweep order, with the spec that produced them: what
/// every output file is written from.
public struct SweepResults: Sendable {
    public var spec: SweepSpec
    /// Points that have a record, in sweep order.
    public var points: [SweepPoint]
    /// One record per entry of `points`.
    public var records: [PointRecord]

    public init(spec: SweepSpec, points: [SweepPoint], records: [PointRecord]) {
        precondition(points.count == records.count)
        self.spec = spec
        self.points = points
        self.records = records
    }

    public var table: ResultTable { ResultTable(self) }
}
