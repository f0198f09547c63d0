import Dispatch
import Foundation
import Subprocess
#if canImport(Glibc)
import Glibc
#endif

/// The channel to the Icarus testbench: commands on its standard input, answers through a named pipe that
/// only the testbench writes (Icarus's own messages go to its stdout, a log file).
final class FIFOTransport: SimulationTransport {
    let writer: StandardInputWriter
    private let fd: Int32
    private let pid: pid_t
    private var scanner = MarkerScanner()
    private let log: URL

    /// Opens `fifo` for reading. Opened read-write, so the open does not wait for the writer and a read
    /// waits for data rather than seeing end-of-file between batches.
    init(writer: StandardInputWriter, fifo: URL, pid: pid_t, log: URL) throws {
        self.writer = writer
        self.pid = pid
        self.log = log
        fd = open(fifo.path, O_RDWR)
        guard fd >= 0 else { throw SimulationError.protocolViolation("cannot open the answer pipe \(fifo.path)") }
    }

    deinit { Glibc.close(fd) }

    func readAnswer() async throws -> [UInt8] {
        while true {
            if let answer = scanner.take() { return answer }
            let chunk = try await readChunk()
            if let answer = chunk.withUnsafeBytes({ scanner.append($0) }) { return answer }
        }
    }

    /// Blocks on a dispatch thread (not the cooperative pool) until data arrives or the testbench exits.
    private func readChunk() async throws -> [UInt8] {
        let fd = self.fd, pid = self.pid, log = self.log
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                var buffer = [UInt8](repeating: 0, count: 1 << 16)
                var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                while true {
                    let ready = poll(&pfd, 1, 200)
                    if ready > 0 {
                        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                        if n > 0 {
                            continuation.resume(returning: Array(buffer[0..<n]))
                        } else {
                            continuation.resume(throwing: SimulationError.protocolViolation("answer pipe closed"))
                        }
                        return
                    }
                    if ready == 0 && !FIFOTransport.isAlive(pid) {
                        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                        continuation.resume(throwing: SimulationError.harnessExited(status: -1, log: text))
                        return
                    }
                    if ready < 0 && errno != EINTR {
                        continuation.resume(throwing: SimulationError.protocolViolation("poll failed: errno \(errno)"))
                        return
                    }
                }
            }
        }
    }

    /// Whether the process still runs (a zombie counts as ended).
    static func isAlive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).prefix(1)
        return state != "Z" && state != "X"
    }

    func close(_ commands: [UInt8]) async throws {
        _ = try await writer.write(commands)
        try await writer.finish()
    }
}
