import Foundation
import Subprocess
import SystemPackage

/// The outcome of running a tool to completion.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String

    public var succeeded: Bool { status == 0 }
    /// Both streams, for error messages.
    public var output: String { [standardOutput, standardError].filter { !$0.isEmpty }.joined(separator: "\n") }
}

/// Runs `tool` (or an absolute executable path) with `arguments` in `directory`, collecting both streams.
/// Standard input is the null device unless `input` is given.
public func runProcess(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                       input: [UInt8]? = nil, outputLimit: Int = 64 << 20) async throws -> ProcessResult {
    let config = Configuration(executable: .path(FilePath(executable)), arguments: Arguments(arguments),
                               workingDirectory: directory.map { FilePath($0.path) })
    let status: TerminationStatus
    let out: String?, err: String?
    if let input {
        let r = try await run(config, input: .array(input), output: .string(limit: outputLimit), error: .string(limit: outputLimit))
        (status, out, err) = (r.terminationStatus, r.standardOutput, r.standardError)
    } else {
        let r = try await run(config, output: .string(limit: outputLimit), error: .string(limit: outputLimit))
        (status, out, err) = (r.terminationStatus, r.standardOutput, r.standardError)
    }
    return ProcessResult(status: exitCode(status), standardOutput: out ?? "", standardError: err ?? "")
}

/// A shell-style exit status: the code, or 128 + the signal number.
func exitCode(_ status: TerminationStatus) -> Int32 {
    switch status {
    case .exited(let code): return Int32(code)
    case .signaled(let signal): return 128 + Int32(signal)
    }
}

public func runProcess(_ tool: Tool, _ arguments: [String], in directory: URL? = nil,
                       input: [UInt8]? = nil) async throws -> ProcessResult {
    try await runProcess(try tool.path(), arguments, in: directory, input: input)
}
