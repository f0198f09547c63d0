import Foundation

extension VerilogDesign {
    /// `filelist.f`: one file name per line, in dependency order (leaves first, top last).
    public var filelist: String {
        files.map { $0.name + "\n" }.joined()
    }

    /// `manifest.json`: top, parameters (with their JSON types), ports, files, `black_boxes` when the design
    /// instantiates modules it does not define, and `registers` when the top has a host register map. Stable key order.
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
        if !registers.isEmpty {
            s += ",\n  \"registers\": [\n" + registers.map { r in
                "    {\"name\": \(JSONText.quoted(r.name)), \"address\": \(r.address), \"access\": \"\(r.access.rawValue)\", "
                    + "\"summary\": \(JSONText.quoted(r.summary))}"
            }.joined(separator: ",\n") + "\n  ]"
        }
        s += "\n"
        s += "}\n"
        return s
    }

    /// Every file of the design's output folder: the module files, `filelist.f` and `manifest.json`.
    public var outputFiles: [(path: String, contents: Data)] {
        files.map { ($0.name, Data($0.contents.utf8)) }
            + [("filelist.f", Data(filelist.utf8)), ("manifest.json", Data(manifest.utf8))]
    }

    /// Writes every module file, `filelist.f` and `manifest.json` into `directory` under the output-folder policy
    /// (`OutputFolder`): a new or empty folder, or one a design was written into before, whose earlier design
    /// files are replaced; nothing else in it is touched. Throws `OutputFolder.Refusal` otherwise.
    public func write(to directory: URL) throws {
        try write(toFolder: directory.path)
    }

    /// `write(to:)` for a path as the user typed it (so `""`, `.` or `sub/..` are judged as given).
    public func write(toFolder path: String) throws {
        try OutputFolder.write(outputFiles, toFolder: path, kind: Self.outputKind)
    }

    /// The `OutputFolder` kind of a design's folder.
    public static let outputKind = "verilog"
}
