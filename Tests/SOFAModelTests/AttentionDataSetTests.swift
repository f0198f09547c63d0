import Foundation
import SOFAModel
import Testing

/// The MiniLM fixture: sample 2 (64 tokens), layers 0/2/5, heads 0/3/6/9 of ../shared/data/minilm, written
/// by `sofa-bench fixture ../shared/data/minilm Tests/SOFAModelTests/Fixtures/minilm`.
enum MiniLMFixture {
    static var directory: URL { Bundle.module.resourceURL!.appendingPathComponent("Fixtures/minilm") }
    static func load() throws -> AttentionDataSet { try AttentionDataSet.load(directory: directory, index: "index.json") }
}

@Suite struct AttentionDataSetTests {
    @Test func fixtureLoads() throws {
        let data = try MiniLMFixture.load()
        #expect(data.heads.count == 12 && data.headDim == 32)
        #expect(abs(data.softmaxScale - 1 / 32.0.squareRoot()) < 1e-12)
        for h in data.heads {
            #expect(h.tokens == 64 && h.q.count == 64 * 32 && h.k.count == 64 * 32 && h.v.count == 64 * 32)
            // Per-tensor symmetric quantization: every tensor reaches |127| and never -128.
            for t in [h.q, h.k, h.v] { #expect(t.map { abs(Int($0)) }.max() == 127 && !t.contains(-128)) }
        }
    }

    @Test func writeThenLoadRoundTrips() throws {
        let data = try MiniLMFixture.load()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sofa-dataset-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try data.write(to: dir)
        let again = try AttentionDataSet.load(directory: dir, index: "index.json")
        #expect(again.heads.map(\.q) == data.heads.map(\.q) && again.heads.map(\.v) == data.heads.map(\.v))
        #expect(again.heads.map(\.kScale) == data.heads.map(\.kScale))
    }

    /// Copies the fixture and damages one thing; loading must throw an error naming the file and the problem.
    private func damaged(_ damage: (URL) throws -> Void) throws -> AttentionDataError? {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sofa-dataset-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(at: MiniLMFixture.directory, to: dir)
        try damage(dir)
        do {
            _ = try AttentionDataSet.load(directory: dir, index: "index.json")
            return nil
        } catch let e as AttentionDataError {
            return e
        }
    }

    private func editIndex(_ dir: URL, _ edit: (inout [String: Any]) -> Void) throws {
        let url = dir.appendingPathComponent("index.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        edit(&json)
        try JSONSerialization.data(withJSONObject: json).write(to: url)
    }

    @Test func malformedFilesAreClearErrors() throws {
        let truncated = try damaged { dir in
            let blob = dir.appendingPathComponent("qkv_int8.bin")
            try Data(contentsOf: blob).prefix(1000).write(to: blob)
        }
        #expect(truncated?.problem.contains("bytes but the index says") == true, "\(String(describing: truncated))")

        let missingKey = try damaged { dir in
            try editIndex(dir) { json in
                var entries = json["entries"] as! [[String: Any]]
                entries[3]["k_offset"] = nil
                json["entries"] = entries
            }
        }
        #expect(missingKey?.problem == "entry 3: missing or mistyped key 'k_offset'")

        let outside = try damaged { dir in
            try editIndex(dir) { json in
                var entries = json["entries"] as! [[String: Any]]
                entries[0]["v_offset"] = 73_000
                json["entries"] = entries
            }
        }
        #expect(outside?.problem.contains("lie outside the 73728-byte blob") == true)

        let notJSON = try damaged { dir in try Data("{ nope".utf8).write(to: dir.appendingPathComponent("index.json")) }
        #expect(notJSON?.problem == "is not a JSON object" && notJSON?.file.hasSuffix("index.json") == true)

        let noBlob = try damaged { dir in try FileManager.default.removeItem(at: dir.appendingPathComponent("qkv_int8.bin")) }
        #expect(noBlob?.file.hasSuffix("qkv_int8.bin") == true && noBlob?.problem.hasPrefix("cannot be read") == true)
    }
}
