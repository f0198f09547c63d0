import Foundation

/// An external program the simulation and synthesis layers drive, found on PATH.
public enum Tool: String, Sendable, CaseIterable {
    case verilator, iverilog, vvp, yosys
    case nextpnrIce40 = "nextpnr-ice40"
    /// OpenSTA, the static timing analyser (Debian `opensta`; its binary is `sta`).
    case sta

    /// The Debian package that provides the tool.
    public var package: String {
        switch self {
        case .verilator: return "verilator"
        case .iverilog, .vvp: return "iverilog"
        case .yosys: return "yosys"
        case .nextpnrIce40: return "nextpnr-ice40"
        case .sta: return "opensta"
        }
    }

    /// The absolute path of the tool, or a `ToolError` that says how to install it.
    public func path() throws -> String {
        if let found = Tool.search(rawValue) { return found }
        throw ToolError.missing(self)
    }

    public var isAvailable: Bool { Tool.search(rawValue) != nil }

    static func search(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

public enum ToolError: Error, CustomStringConvertible, Equatable {
    case missing(Tool)

    public var description: String {
        switch self {
        case .missing(let tool):
            return "\(tool.rawValue) was not found on PATH; install it with `sudo apt-get install -y \(tool.package)` "
                + "(or run scripts/test.sh, which installs what the tests need)"
        }
    }
}
