import BlockCatalog
import Foundation

/// Runs a sweep (or one shard of it) into a sweep folder.
///
/// Everything the user can get wrong is checked before anything is written: the spec (blocks, parameters,
/// values), the output folder, and that every pending point elaborates. Then points run `jobs` at a time, each
/// in its own work folder; each finished point's record is written at once (atomically), so an interrupted sweep
/// resumes where it stopped: a rerun reuses every finished point of the same configuration and synthesis
/// settings, and redoes points whose figures waited for a tool that is now installed (and, with `retryFailed`,
/// points where a tool failed: a failure is a result, e.g. a design that does not fit, so it is kept by default). The result files are
/// written last, from the records, in sweep order, whatever the number of jobs.
public struct SweepRun: Sendable {
    public var spec: SweepSpec
    public var folder: SweepFolder
    public var shard: Shard
    public var jobs: Int
    public var tools: SweepTools
    public var retryFailed: Bool
    public var log: @Sendable (SweepLog) -> Void

    public init(spec: SweepSpec, folder: SweepFolder, shard: Shard = .whole, jobs: Int = 1, tools: SweepTools = .discover(),
                retryFailed: Bool = false, log: @escaping @Sendable (SweepLog) -> Void = { _ in }) {
        self.spec = spec
        self.folder = folder
        self.shard = shard
        self.jobs = jobs
        self.tools = tools
        self.retryFailed = retryFailed
        self.log = log
    }

    public struct Summary: Sendable, Equatable {
        /// Points of this shard, points reused from earlier runs, points computed now.
        public var points: Int
        public var reused: Int
        public var computed: Int
        /// Points with a failed step (see the `notes` column).
        public var failed: Int

        public init(points: Int, reused: Int, computed: Int, failed: Int) {
            self.points = points
            self.reused = reused
            self.computed = computed
            self.failed = failed
        }
    }

    public func run() async throws -> Summary {
        guard jobs >= 1 else { throw SweepError("--jobs must be at least 1, got \(jobs)") }
        let all = try spec.points()
        let mine = all.filter { shard.contains(pointIndex: $0.index) }
        try folder.checkUsable()
        let store = folder.store
        var records: [Int: PointRecord] = [:]
        var pending: [(point: SweepPoint, elaboration: ElaborationFigures, figures: [BlockFigure])] = []
        for point in mine {
            if let record = store.load(point), record.isComplete(with: tools),
               !(retryFailed && record.steps.contains { $0.status == .failed }) {
                records[point.index] = record
            } else {
                let (elaboration, figures) = try Elaboration.measure(point)
                pending.append((point, elaboration, figures))
            }
        }
        let reused = records.count

        // Checked: from here on the folder is written.
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        try folder.writeDescription(SweepFolder.Description(spec: spec, shard: shard))
        for warning in tools.warnings(for: spec.synthesis) { log(.warning(warning)) }
        let scope = shard == .whole ? "\(mine.count) points" : "\(mine.count) of \(all.count) points (shard \(shard))"
        log(.progress("sweep: \(scope), \(reused) already finished, \(pending.count) to run, \(min(jobs, max(1, pending.count))) at a time"))

        let runner = PointRunner(settings: spec.synthesis, tools: tools, workRoot: folder.work)
        try await withThrowingTaskGroup(of: (Int, PointRecord).self) { group in
            var queue = pending.makeIterator()
            func start(_ item: (point: SweepPoint, elaboration: ElaborationFigures, figures: [BlockFigure])) {
                group.addTask {
                    (item.point.index, await runner.run(item.point, elaboration: item.elaboration, figures: item.figures))
                }
            }
            for _ in 0..<jobs {
                guard let item = queue.next() else { break }
                start(item)
            }
            var finished = reused
            while let (index, record) = try await group.next() {
                try store.save(record)
                records[index] = record
                finished += 1
                log(.progress(Self.progressLine(finished, of: mine.count, all[index], record)))
                if let item = queue.next() { start(item) }
            }
        }
        // The work folder goes when no point kept a folder in it (failed points keep theirs for inspection).
        if (try? FileManager.default.contentsOfDirectory(atPath: folder.work.path))?.isEmpty == true {
            try? FileManager.default.removeItem(at: folder.work)
        }
        let done = mine.filter { records[$0.index] != nil }
        let ordered = done.map { records[$0.index]! }
        try folder.writeResults(SweepResults(spec: spec, points: done, records: ordered))
        return Summary(points: mine.count, reused: reused, computed: pending.count,
                       failed: ordered.filter { $0.steps.contains { $0.status == .failed } }.count)
    }

    /// `[3/12] mac-array rows=8 lanes=8: 41538 cells, 80.12 MHz (4.1 s)`, with the notes when a step did not finish.
    static func progressLine(_ finished: Int, of total: Int, _ point: SweepPoint, _ record: PointRecord) -> String {
        var figures: [String] = []
        if let cells = record.genericTotal { figures.append("\(cells) cells") }
        if record.ice40?.status == .done { figures.append("\(record.ice40Cells["SB_LUT4"] ?? 0) LUT4") }
        if let fmax = record.fmaxMHz, record.placeRoute?.status == .done { figures.append(String(format: "%.2f MHz", fmax)) }
        let notes = ResultTable.notes(record)
        if !notes.isEmpty { figures.append(notes) }
        if figures.isEmpty { figures.append("\(record.elaboration.verilogLines) lines of Verilog") }
        let seconds = record.elaboration.milliseconds / 1000 + record.synthesisSeconds + record.placeRouteSeconds
        return "[\(finished)/\(total)] \(point.label): \(figures.joined(separator: ", ")) (\(String(format: "%.1f", seconds)) s)"
    }
}
