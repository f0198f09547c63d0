import Foundation
import HDL
import HDLExamples
import HDLSim
import Testing

/// `VerilogEmitter.write(_:toFolder:)`: the design streamed to its folder in pieces is byte for byte the design
/// `emitVerilog` holds in memory, whatever the piece size, and a failure leaves nothing of the run behind.
@Suite struct DesignWriterTests {
    static func contents(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name != OutputFolder.markerName {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    @Test(arguments: [1, 100, 4096, VerilogEmitter.streamChunkSize])
    func streamedFilesEqualTheDesignInMemory(chunkSize: Int) throws {
        let modules: [any Module] = [SystolicArray(rows: 3, columns: 5), CounterPair(), ScratchpadRAM(), FIFO()]
        for (k, module) in modules.enumerated() {
            let design = try emitVerilog(module)
            let folder = try Workspace.directory("design-writer-\(chunkSize)-\(k)")
            let summary = try VerilogEmitter.write(try elaborate(module), toFolder: folder.path, chunkSize: chunkSize)
            #expect(summary == design.summary)
            let expected = Dictionary(uniqueKeysWithValues: design.outputFiles.map { ($0.path, $0.contents) })
            #expect(try Self.contents(folder) == expected, "\(type(of: module)) in pieces of \(chunkSize)")
        }
    }

    /// Writing again replaces the earlier design; a folder the policy refuses gets nothing.
    @Test func rewritesItsOwnFolderAndRefusesForeignOnes() throws {
        let folder = try Workspace.directory("design-writer-again")
        _ = try VerilogEmitter.write(try elaborate(CounterPair(narrowWidth: 4, wideWidth: 8)), toFolder: folder.path)
        _ = try VerilogEmitter.write(try elaborate(SystolicArray(rows: 2, columns: 2)), toFolder: folder.path, chunkSize: 10)
        let design = try emitVerilog(SystolicArray(rows: 2, columns: 2))
        #expect(try Self.contents(folder) == Dictionary(uniqueKeysWithValues: design.outputFiles.map { ($0.path, $0.contents) }),
                "the counters' files are gone")

        let foreign = try Workspace.directory("design-writer-foreign")
        try Data("mine".utf8).write(to: foreign.appendingPathComponent("notes.txt"))
        #expect(throws: OutputFolder.Refusal.self) {
            _ = try VerilogEmitter.write(try elaborate(SystolicArray(rows: 2, columns: 2)), toFolder: foreign.path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: foreign.path) == ["notes.txt"])
    }
}
