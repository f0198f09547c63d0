import Foundation

extension VerilogDesign {
    /// `filelist.f`: one file name per line, in dependency order (leaves first, top last).
    public var filelist: String {
        files.map { $0.name + "\n" }.joined()
    }

    /// `manifest.json`: top, parameters (with their JSON types), ports, files, and `black_boxes` when the design
    /// instantiates modules it does not define. Stable key order.
    public var manifest: String {
        var s = "{\n"
        s += "  \"top\": \(JSONText.quoted(top)),\n"
        s += "  \"parameters\": {"
        if parameterJSON.isEmpty {
            s += "},\n"
        } else {
            s += "\n" + parameterJSON.map { "    \(JSONText.quoted($0.name)): \($0.json)" }.joined(separator: ",\n") + "\n  },\n"
        }
        s += "  \"ports\": [\n"
        s += ports.map { p in
            "    {\"name\": \(JSONText.quoted(p.name)), \"direction\": \"\(p.direction.rawValue)\", \"width\": \(p.width), \"signed\": \(p.signed)"
                + (p.packing.map { ", \"packed\": {\"count\": \($0.count), \"element_width\": \($0.elementWidth), \"element_signed\": \($0.elementSigned)}" } ?? "")
                + "}"
        }.joined(separator: ",\n")
        s += "\n  ],\n"
        s += "  \"files\": [" + files.map { JSONText.quoted($0.name) }.joined(separator: ", ") + "]"
        if !blackBoxes.isEmpty {
            s += ",\n  \"black_boxes\": [" + blackBoxes.map { JSONText.quoted($0) }.joined(separator: ", ") + "]"
        }
        s += "\n"
        s += "}\n"
        return s
    }

    /// Writes every module file, `filelist.f` and `manifest.json` into `directory` (created if needed).
    /// The files are first written to a sibling temporary folder that then replaces `directory`, so an
    /// interrupted or failed write never leaves a half-written output folder.
    public func write(to directory: URL) throws {
        let fm = FileManager.default
        let parent = directory.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(directory.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        if fm.fileExists(atPath: staging.path) { try fm.removeItem(at: staging) }
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        do {
            for f in files {
                try Data(f.contents.utf8).write(to: staging.appendingPathComponent(f.name))
            }
            try Data(filelist.utf8).write(to: staging.appendingPathComponent("filelist.f"))
            try Data(manifest.utf8).write(to: staging.appendingPathComponent("manifest.json"))
            if fm.fileExists(atPath: directory.path) {
                // Swap the complete new folder in; the old one is removed only after the swap.
                let old = parent.appendingPathComponent(".\(directory.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)")
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
