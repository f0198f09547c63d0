import BlockCatalog
import Foundation
import HDL

/// Runs a sweep (or one shard of it) into a sweep folder.
///
/// Everything the user can get wrong is checked before anything is written: the spec (blocks, parameters,
/// values), the output folder (the output-folder policy, no other run writing it, no other sweep in it), and
/// that every pending point elaborates. Then points run `jobs` at a time, each in its own work folder under this
/// run's own `work/<run>/`; each finished point's record is written at once (atomically), so an interrupted sweep
/// resumes where it stopped: a rerun reuses every finished point of the same configuration and synthesis
/// settings, and redoes points whose figures waited for a tool that is now installed (and, with `retryFailed`,
/// points where a tool failed: a failure is a result, e.g. a design that does not fit, so it is kept by default).
/// A step that failed because of the run itself (a file that could not be written, a tool that could not start or
/// was killed) is not a result: the point is not recorded, and a rerun computes it. The result files are written
/// last, from the records, in sweep order, whatever the number of jobs.
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
        /// Points left unrecorded because a step failed for a reason of this run's own (see `SweepRun`), with the
        /// first such reason.
        public var unrecorded: Int
        public var fault: String?

        public init(points: Int, reused: Int, computed: Int, failed: Int, unrecorded: Int = 0, fault: String? = nil) {
            self.points = points
            self.reused = reused
            self.computed = computed
            self.failed = failed
            self.unrecorded = unrecorded
            self.fault = fault
        }
    }

    public func run() async throws -> Summary {
        guard jobs >= 1 else { throw SweepError("--jobs must be at least 1, got \(jobs)") }
        let all = try spec.points()
        let mine = all.filter { shard.contains(pointIndex: $0.index) }
        let writer = try folder.claim(for: spec)
        let store = folder.store
        var records: [Int: PointRecord] = [:]
        var pending: [(point: SweepPoint, elaboration: ElaborationFigures, figures: [GeneratorFigure])] = []
        do {
            for point in mine {
                let record: PointRecord?
                do {
                    record = try store.read(point)
                } catch let e as SweepError {
                    log(.warning("\(e.message); computing the point again"))
                    record = nil
                }
                if let record, record.isComplete(with: tools), !(retryFailed && record.steps.contains { $0.status == .failed }) {
                    records[point.index] = record
                } else {
                    let (elaboration, figures) = try Elaboration.measure(point)
                    pending.append((point, elaboration, figures))
                }
            }
        } catch {
            writer.discard()
            throw error
        }
        let reused = records.count

        // Checked: from here on the folder is written.
        try writer.writeDescription(SweepFolder.Description(spec: spec, shard: shard))
        for warning in tools.warnings(for: spec.synthesis) { log(.warning(warning)) }
        let scope = shard == .whole ? "\(mine.count) points" : "\(mine.count) of \(all.count) points (shard \(shard))"
        log(.progress("sweep: \(scope), \(reused) already finished, \(pending.count) to run, \(min(jobs, max(1, pending.count))) at a time"))

        let runFolder = pending.isEmpty ? nil : try writer.runFolder()
        var faults: [String] = []
        defer { writer.finish(runFolder: runFolder) }
        if let runFolder {
            let runner = PointRunner(settings: spec.synthesis, tools: tools, workRoot: runFolder)
            try await withThrowingTaskGroup(of: (Int, PointRunner.Outcome).self) { group in
                var queue = pending.makeIterator()
                func start(_ item: (point: SweepPoint, elaboration: ElaborationFigures, figures: [GeneratorFigure])) {
                    group.addTask {
                        (item.point.index, await runner.run(item.point, elaboration: item.elaboration, figures: item.figures))
                    }
                }
                for _ in 0..<jobs {
                    guard let item = queue.next() else { break }
                    start(item)
                }
                var finished = reused
                while let (index, outcome) = try await group.next() {
                    finished += 1
                    switch outcome {
                    case .record(let record):
                        try writer.save(record)
                        records[index] = record
                        log(.progress(Self.progressLine(finished, of: mine.count, all[index], record)))
                    case .fault(let reason):
                        faults.append(reason)
                        log(.progress("[\(finished)/\(mine.count)] \(all[index].label): not recorded: \(reason)"))
                    }
                    if let item = queue.next() { start(item) }
                }
            }
        }
        let done = mine.filter { records[$0.index] != nil }
        let ordered = done.map { records[$0.index]! }
        try writer.writeResults(SweepResults(spec: spec, points: done, records: ordered))
        return Summary(points: mine.count, reused: reused, computed: pending.count - faults.count,
                       failed: ordered.filter { $0.steps.contains { $0.status == .failed } }.count,
                       unrecorded: faults.count, fault: faults.first)
    }

    /// `[3/12] mac-array rows=8 lanes=8: 41538 cells, 80.12 MHz (4.1 s)`, with the notes when a step did not finish.
    static func progressLine(_ finished: Int, of total: Int, _ point: SweepPoint, _ record: PointRecord) -> String {
        var figures: [String] = []
        if let cells = record.genericTotal { figures.append("\(cells) cells") }
        if record.ice40?.status == .done { figures.append("\(record.ice40Cells["SB_LUT4"] ?? 0) LUT4") }
        if let fmax = record.fmaxMHz, record.placeRoute?.status == .done { figures.append(String(format: "%.2f MHz", fmax)) }
        if let area = record.asicAreaUm2, record.asic?.status == .done { figures.append(String(format: "%.0f µm²", area)) }
        if let t = record.timingReport, record.timing?.status == .done {
            figures.append(String(format: "slack %.3f ns, %.1f MHz", t.slackNs, t.fmaxMHz))
        }
        let notes = ResultTable.notes(record)
        if !notes.isEmpty { figures.append(notes) }
        if figures.isEmpty { figures.append("\(record.elaboration.verilogLines) lines of Verilog") }
        let seconds = record.elaboration.milliseconds / 1000 + record.synthesisSeconds + record.placeRouteSeconds
        return "[\(finished)/\(total)] \(point.label): \(figures.joined(separator: ", ")) (\(String(format: "%.1f", seconds)) s)"
    }
}
