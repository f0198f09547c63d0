import Foundation

/// The layout of a sweep's output folder:
///
///     sweep.json       what was swept (the spec) and which shard this folder holds
///     points/<id>.json one record per finished point (kept across runs: the sweep resumes from them)
///     work/<id>/       a point's synthesis files while it runs; kept only when Yosys failed
///     results.csv      every figure of every finished point, one row per point in sweep order
///     results.md       the main figures as a table, comparisons with the first block, links to the plots
///     area.svg, ice40-lut4.svg, fmax.svg   plots against size (only those with data)
public struct SweepFolder: Sendable {
    public let url: URL

    public init(_ url: URL) {
        self.url = url
    }

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

    /// Throws `SweepError` unless the sweep can write here: an existing folder must be writable and either
    /// empty or a sweep folder (it has `sweep.json`), so a typo cannot scatter files into an unrelated folder; a
    /// missing folder must be creatable (its nearest existing ancestor is a writable folder). Writes nothing.
    public func checkUsable() throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw SweepError("\(url.path) exists and is not a folder") }
            guard fm.isWritableFile(atPath: url.path) else { throw SweepError("\(url.path) is not writable") }
            let contents = (try? fm.contentsOfDirectory(atPath: url.path)) ?? []
            if !contents.isEmpty && !fm.fileExists(atPath: description.path) {
                throw SweepError("\(url.path) is not empty and is not a sweep folder (no sweep.json); choose another --out")
            }
            if fm.fileExists(atPath: description.path) {
                _ = try readDescription()
            }
            return
        }
        var ancestor = url.deletingLastPathComponent()
        while !fm.fileExists(atPath: ancestor.path, isDirectory: &isDirectory) && ancestor.path != "/" {
            ancestor.deleteLastPathComponent()
        }
        guard isDirectory.boolValue, fm.isWritableFile(atPath: ancestor.path) else {
            throw SweepError("cannot create \(url.path): \(ancestor.path) is not a writable folder")
        }
    }

    public func readDescription() throws -> Description {
        guard let data = try? Data(contentsOf: description) else {
            throw SweepError("\(url.path) is not a sweep folder (no sweep.json)")
        }
        do {
            return try JSONDecoder().decode(Description.self, from: data)
        } catch {
            throw SweepError("\(description.path) cannot be read: \(error)")
        }
    }

    func writeDescription(_ d: Description) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try write(encoder.encode(d) + Data("\n".utf8), to: "sweep.json")
    }

    /// Writes one output file atomically (temporary file + rename).
    func write(_ data: Data, to name: String) throws {
        try data.write(to: url.appendingPathComponent(name), options: .atomic)
    }

    /// Replaces the result files (CSV, Markdown, plots) with those of `results`; plots without data are removed.
    func writeResults(_ results: SweepResults) throws {
        try write(Data(CSVWriter.text(results.table).utf8), to: "results.csv")
        let plots = Plots.all(results)
        try write(Data(MarkdownReport.text(results, plots: plots).utf8), to: "results.md")
        for kind in Plots.Kind.allCases {
            let file = url.appendingPathComponent(kind.fileName)
            if let plot = plots.first(where: { $0.kind == kind }) {
                try write(Data(SVGPlot.render(plot).utf8), to: kind.fileName)
            } else if FileManager.default.fileExists(atPath: file.path) {
                try FileManager.default.removeItem(at: file)
            }
        }
    }
}
