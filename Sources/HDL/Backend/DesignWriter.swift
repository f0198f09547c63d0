import Foundation

extension VerilogDesignSummary {
    /// `filelist.f`: one file name per line, in dependency order (leaves first, top last).
    public var filelist: String {
        fileNames.map { $0 + "\n" }.joined()
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
        s += "  \"files\": [" + fileNames.map { JSONText.quoted($0) }.joined(separator: ", ") + "]"
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


    /// `filelist.f` and `manifest.json`, as written beside the module files.
    var listingFiles: [(path: String, contents: Data)] {
        [("filelist.f", Data(filelist.utf8)), ("manifest.json", Data(manifest.utf8))]
    }
}

extension VerilogDesign {
    /// `filelist.f`: one file name per line, in dependency order (leaves first, top last).
    public var filelist: String { summary.filelist }

    /// `manifest.json` (see `VerilogDesignSummary.manifest`).
    public var manifest: String { summary.manifest }

    /// Every file of the design's output folder: the module files, `filelist.f` and `manifest.json`.
    public var outputFiles: [(path: String, contents: Data)] {
        files.map { ($0.name, Data($0.contents.utf8)) } + summary.listingFiles
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

extension VerilogEmitter {
    /// Emits `circuit` straight into the output folder `path` (the `VerilogDesign.write(toFolder:)` policy), each
    /// module's text streamed to its file in pieces of a few megabytes: the design's Verilog is never held in
    /// memory whole, which is what lets a million-instance array emit in bounded memory. Throws
    /// `OutputFolder.Refusal`; on a failure nothing of this run is left in the folder.
    public static func write(_ circuit: consuming Circuit, toFolder path: String,
                             chunkSize: Int = streamChunkSize) throws -> VerilogDesignSummary {
        let fileNames = circuit.modules.indices.filter { circuit.modules[$0].blackBox == nil }.map { circuit.names[$0] + ".v" }
        let folder = try OutputFolder.claim(path, kind: VerilogDesign.outputKind)
        do {
            let staging = try folder.stage(fileNames + ["filelist.f", "manifest.json"])
            do {
                let summary = try emit(consume circuit, chunkSize: chunkSize) { name, print in
                    let file = try staging.open(name)
                    print { file.append($0) }
                    try file.close()
                }
                for (name, contents) in summary.listingFiles { try staging.write(contents, to: name) }
                try staging.commit()
                folder.release()
                return summary
            } catch {
                staging.abandon()
                throw error
            }
        } catch {
            folder.discard()
            throw error
        }
    }

    /// How much printed text a streamed module file gathers before it is written out.
    public static let streamChunkSize = 4 << 20
}
