import Foundation
import HDL

/// The layout of a sweep's output folder:
///
///     .sofa-gen.json   what sofa-gen wrote here (`OutputFolder`'s marker: the folder is a sweep's)
///     sweep.json       what was swept (the spec) and which shard this folder holds
///     points/<id>.json one record per finished point (kept across runs: the sweep resumes from them)
///     work/<run>/<id>/ a point's synthesis files while a run computes it; kept only when Yosys failed
///     results.csv      every figure of every finished point, one row per point in sweep order
///     results.md       the main figures as a table, comparisons with the first block, links to the plots
///     modules.csv      with --synth sky130|osu018: every module of every point, its instances, cells and area
///     area.svg, ice40-lut4.svg, cell-area.svg, fmax.svg   plots against size (only those with data)
///
/// Reading needs nothing; writing goes through `claim()`, which applies the output-folder policy and keeps other
/// runs out while this one writes.
public struct SweepFolder: Sendable {
    /// The folder as the user named it.
    public let path: String
    public var url: URL { URL(fileURLWithPath: path) }

    public init(_ url: URL) {
        self.path = url.path
    }

    public init(path: String) {
        self.path = path
    }

    /// The `OutputFolder` kind of a sweep folder.
    public static let kind = "sweep"

    public var description: URL { url.appendingPathComponent("sweep.json") }
    public var store: PointStore { PointStore(directory: url.appendingPathComponent("points")) }
    public var work: URL { url.appendingPathComponent("work") }

    /// What `sweep.json` holds.
    public struct Description: Codable, Hashable, Sendable {
        public var spec: SweepSpec
        public var shard: Shard

        public init(spec: SweepSpec, shard: Shard) {
            self.spec = spec
            self.shard = shard
        }
    }

    public func readDescription() throws -> Description {
        guard let data = try? Data(contentsOf: description) else {
            throw SweepError("\(path) is not a sweep folder (no sweep.json)")
        }
        do {
            return try JSONDecoder().decode(Description.self, from: data)
        } catch {
            throw SweepError("\(description.path) cannot be read (\(Self.reason(error))); the folder is not a usable sweep")
        }
    }

    /// Takes the folder for one run that writes `spec`: a new or empty folder, or this sweep's own folder. Refuses
    /// (`SweepError`) what the output-folder policy refuses, a folder another run is writing right now, and a folder
    /// that holds a different sweep. Creates the folder when it is missing; `SweepWriter.discard()` takes it back.
    public func claim(for spec: SweepSpec) throws -> SweepWriter {
        let output: OutputFolder
        do {
            output = try OutputFolder.claim(path, kind: Self.kind, wait: false)
        } catch let e as OutputFolder.Refusal {
            throw SweepError(e.message)
        }
        let writer = SweepWriter(folder: self, output: output)
        if output.owns("sweep.json") {
            do {
                let existing = try readDescription()
                if existing.spec != spec {
                    throw SweepError("\(path) holds a different sweep (sofa-gen sweep \(existing.spec.arguments.joined(separator: " "))); "
                                     + "choose another --out")
                }
            } catch {
                writer.discard()
                throw error
            }
        }
        return writer
    }

    static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let c): return c.underlyingError.map { "\($0.localizedDescription)" } ?? c.debugDescription
        case DecodingError.keyNotFound(let key, _): return "no \(key.stringValue)"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c): return c.debugDescription
        default: return "\(error)"
        }
    }
}

/// One run's hold on a sweep folder (see `SweepFolder.claim`): every file the sweep writes goes through here, each
/// atomically, and only files the sweep owns are replaced. Other runs are refused until `finish()`.
public final class SweepWriter: @unchecked Sendable {
    public let folder: SweepFolder
    let output: OutputFolder

    init(folder: SweepFolder, output: OutputFolder) {
        self.folder = folder
        self.output = output
    }

    func writeDescription(_ d: SweepFolder.Description) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try write(encoder.encode(d) + Data("\n".utf8), to: "sweep.json")
    }

    /// Writes a point's record (`points/<id>.json`), replacing an earlier one atomically.
    public func save(_ record: PointRecord) throws {
        try write(try PointStore.encode(record), to: "points/\(record.id).json")
    }

    /// A work folder of this run alone (`work/<run>/`), so runs never share synthesis files.
    func runFolder() throws -> URL {
        let work = try translated { try output.folder("work") }
        let run = work.appendingPathComponent("run-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: false)
        return run
    }

    /// Replaces the result files (CSV, Markdown, plots) with those of `results`; plots without data are removed.
    func writeResults(_ results: SweepResults) throws {
        try write(Data(CSVWriter.text(results.table).utf8), to: "results.csv")
        if results.spec.synthesis.mode.cellLibrary != nil {
            try write(Data(CSVWriter.text(ModuleTable(results).table).utf8), to: "modules.csv")
        } else {
            try translated { try output.remove("modules.csv") }
        }
        let plots = Plots.all(results)
        try write(Data(MarkdownReport.text(results, plots: plots).utf8), to: "results.md")
        for kind in Plots.Kind.allCases {
            if let plot = plots.first(where: { $0.kind == kind }) {
                try write(Data(SVGPlot.render(plot).utf8), to: kind.fileName)
            } else {
                try translated { try output.remove(kind.fileName) }
            }
        }
    }

    /// Ends the run: its work folder goes when no point kept a folder in it (failed points keep theirs for
    /// inspection), `work/` when it is empty; then other runs may write.
    func finish(runFolder: URL?) {
        let fm = FileManager.default
        if let runFolder, (try? fm.contentsOfDirectory(atPath: runFolder.path))?.isEmpty == true {
            try? fm.removeItem(at: runFolder)
        }
        let work = output.url.appendingPathComponent("work")
        if output.owns("work/"), (try? fm.contentsOfDirectory(atPath: work.path))?.isEmpty == true {
            try? output.remove("work/")
        }
        output.release()
    }

    /// Gives the folder back after a failure before anything was computed: removed when this run created it.
    public func discard() {
        output.discard()
    }

    /// Releases the folder as it is.
    public func release() {
        output.release()
    }

    private func write(_ data: Data, to name: String) throws {
        try translated { try output.write(data, to: name) }
    }

    private func translated<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as OutputFolder.Refusal {
            throw SweepError(e.message)
        }
    }
}
