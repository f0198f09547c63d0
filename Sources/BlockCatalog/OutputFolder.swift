import Foundation
import HDL

extension Catalog {
    /// Writes several designs as sub-folders of `directory`, replacing it as a whole: everything is written
    /// to a staging folder first, so a failure leaves the previous contents untouched.
    public static func write(_ outputs: [(folder: String, design: VerilogDesign)], to directory: URL) throws {
        let fm = FileManager.default
        let parent = directory.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = parent.appendingPathComponent(".\(directory.lastPathComponent).tmp-\(pid)")
        if fm.fileExists(atPath: staging.path) { try fm.removeItem(at: staging) }
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            for (folder, design) in outputs {
                try design.write(to: staging.appendingPathComponent(folder))
            }
            if fm.fileExists(atPath: directory.path) {
                let old = parent.appendingPathComponent(".\(directory.lastPathComponent).old-\(pid)")
                if fm.fileExists(atPath: old.path) { try fm.removeItem(at: old) }
                try fm.moveItem(at: directory, to: old)
                try fm.moveItem(at: staging, to: directory)
                try fm.removeItem(at: old)
            } else {
                try fm.moveItem(at: staging, to: directory)
            }
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
    }
}
