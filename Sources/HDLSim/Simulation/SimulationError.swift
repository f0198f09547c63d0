import Foundation
import Subprocess
import HDL

/// An output that differed from what `Simulation.expect` said.
public struct Mismatch: Sendable, CustomStringConvertible {
    public let port: PortDescriptor
    public let cycle: Int
    public let expected: [UInt64]
    let actual: HexToken
    public let message: String

    public var description: String {
        let detail = message.isEmpty ? "" : " (\(message))"
        return "cycle \(cycle): output '\(port.name)' expected \(Self.render(expected, port)) but was \(actual.unknown ? "x (unknown)" : Self.render(actual.words, port))\(detail)"
    }

    static func render(_ words: [UInt64], _ port: PortDescriptor) -> String {
        if port.width <= 64 {
            let raw = words[0]
            let signed = Simulation.signedInt(raw, width: port.width, signed: port.signed)
            return port.signed && signed < 0 ? "\(signed) (0x\(String(raw, radix: 16)))" : "\(raw) (0x\(String(raw, radix: 16)))"
        }
        return "0x" + words.reversed().map { w -> String in
            let h = String(w, radix: 16)
            return String(repeating: "0", count: 16 - h.count) + h
        }.joined()
    }
}

public enum SimulationError: Error, CustomStringConvertible {
    /// `expect`ed values that did not match.
    case mismatches([Mismatch])
    /// A sampled value with x/z bits (Icarus), at the cycle it was sampled.
    case unknownValue(port: String, cycle: Int)
    /// Wrong use of the API (unknown port, value that does not fit, step without a clock).
    case misuse([String])
    /// The simulator failed to build.
    case buildFailed(tool: String, log: String)
    /// The harness process ended or answered out of protocol.
    case protocolViolation(String)
    case harnessExited(status: Int32, log: String)

    public var description: String {
        switch self {
        case .mismatches(let m):
            let shown = m.prefix(10).map { "  " + $0.description }.joined(separator: "\n")
            return "\(m.count) mismatch\(m.count == 1 ? "" : "es"):\n\(shown)" + (m.count > 10 ? "\n  ..." : "")
        case .unknownValue(let port, let cycle):
            return "output '\(port)' has unknown (x/z) bits at cycle \(cycle)"
        case .misuse(let problems):
            return "simulation API misuse:\n" + problems.map { "  " + $0 }.joined(separator: "\n")
        case .buildFailed(let tool, let log):
            return "\(tool) build failed:\n\(log)"
        case .protocolViolation(let what):
            return "simulator harness protocol error: \(what)"
        case .harnessExited(let status, let log):
            return "simulator harness exited with status \(status)\(log.isEmpty ? "" : ":\n\(log)")"
        }
    }
}

/// A failed simulation run, with everything needed to reproduce and inspect it.
public struct SimulationFailure: Error, CustomStringConvertible {
    public let underlying: Error
    public let backend: SimulatorBackend
    public let seed: UInt64?
    public let replayLog: URL
    /// The waveform of the replayed run, when it could be produced.
    public let waveform: URL?
    public let waveformError: String?

    public var description: String {
        var s = "simulation on \(backend) failed: \(underlying)\n"
        if let seed { s += "  seed: \(seed) (it also drew the registers' initial values; rerun with HDLSIM_SEED=\(seed))\n" }
        s += "  replay log: \(replayLog.path)\n"
        if let waveform { s += "  waveform: \(waveform.path)\n" }
        if let waveformError { s += "  no waveform: \(waveformError)\n" }
        return s
    }
}

/// The byte channel to a running harness.
protocol SimulationTransport: AnyObject {
    /// The harness's standard input, where commands go.
    var writer: StandardInputWriter { get }
    /// Waits for the answer lines of one batch (those before the "." marker line).
    func readAnswer() async throws -> [UInt8]
    /// Sends `commands` (the quit command) and closes the channel.
    func close(_ commands: [UInt8]) async throws
}

extension SimulationTransport {
    /// Sends `commands` (ending with the flush command) and returns the answer lines before the "." marker.
    /// Writes and reads concurrently: a large batch fills both pipes.
    func exchange(_ commands: [UInt8]) async throws -> [UInt8] {
        let writer = self.writer
        async let written: Int = writer.write(commands)
        do {
            let answer = try await readAnswer()
            _ = try await written
            return answer
        } catch {
            _ = try? await written
            throw error
        }
    }
}

/// Accumulates answer bytes until a line holding only "." arrives.
struct MarkerScanner {
    private(set) var buffer: [UInt8] = []
    private var scanned = 0
    private var lineStart = 0

    /// Adds bytes; returns the answer (without the marker line) once the marker has arrived, keeping
    /// anything after it for the next batch.
    mutating func append(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        buffer.append(contentsOf: bytes)
        return take()
    }

    mutating func take() -> [UInt8]? {
        while scanned < buffer.count {
            if buffer[scanned] == 10 {
                if scanned - lineStart == 1 && buffer[lineStart] == UInt8(ascii: ".") {
                    let answer = Array(buffer[0..<lineStart])
                    buffer.removeFirst(scanned + 1)
                    scanned = 0
                    lineStart = 0
                    return answer
                }
                lineStart = scanned + 1
            }
            scanned += 1
        }
        return nil
    }
}
