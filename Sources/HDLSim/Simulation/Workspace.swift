import Foundation

/// Reads the process environment (kept in one place so tests can see which variables matter).
enum ProcessInfoEnvironment {
    static func value(_ name: String) -> String? { ProcessInfo.processInfo.environment[name] }
}

/// Where simulations keep their files: one work folder per test run (sources, harness, replay log, VCD),
/// and a shared cache of simulator builds keyed by content.
public enum Workspace {
    /// `$HDLSIM_WORK`, else `.build/hdlsim-work` under the current directory.
    public static var workRoot: URL {
        if let p = ProcessInfoEnvironment.value("HDLSIM_WORK") { return URL(fileURLWithPath: p) }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/hdlsim-work")
    }

    /// `$HDLSIM_CACHE`, else `.build/hdlsim-cache` under the current directory.
    public static var cacheRoot: URL {
        if let p = ProcessInfoEnvironment.value("HDLSIM_CACHE") { return URL(fileURLWithPath: p) }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/hdlsim-cache")
    }

    /// A fresh, empty work folder named `name` (characters other than letters, digits, `-`, `_`, `.` become `_`).
    public static func directory(_ name: String) throws -> URL {
        let safe = String(name.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" })
        let dir = workRoot.appendingPathComponent(safe)
        let fm = FileManager.default
        if fm.fileExists(atPath: dir.path) { try fm.removeItem(at: dir) }
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
