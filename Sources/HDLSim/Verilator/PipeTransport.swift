import Foundation
import Subprocess

/// The channel to a harness that answers on its standard output (the Verilator harness).
final class PipeTransport: SimulationTransport {
    let writer: StandardInputWriter
    private var iterator: SubprocessOutputSequence.Iterator
    private var scanner = MarkerScanner()
    private let stderrLog: URL

    init(writer: StandardInputWriter, output: SubprocessOutputSequence, stderrLog: URL) {
        self.writer = writer
        self.iterator = output.makeAsyncIterator()
        self.stderrLog = stderrLog
    }

    func readAnswer() async throws -> [UInt8] {
        if let answer = scanner.take() { return answer }
        var it = iterator
        defer { iterator = it }
        while let chunk = try await it.next() {
            if let answer = chunk.withUnsafeBytes({ scanner.append($0) }) { return answer }
        }
        let log = (try? String(contentsOf: stderrLog, encoding: .utf8)) ?? ""
        throw SimulationError.protocolViolation("the harness closed its output before answering\(log.isEmpty ? "" : ":\n\(log)")")
    }

    func close(_ commands: [UInt8]) async throws {
        _ = try await writer.write(commands)
        try await writer.finish()
        var it = iterator
        while try await it.next() != nil {}
        iterator = it
    }

    func abandon() async {
        try? await writer.finish()
    }
}
