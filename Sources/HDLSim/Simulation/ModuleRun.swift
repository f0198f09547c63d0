import Foundation
import HDL

extension Simulation {
    /// Elaborates and emits `module`, then runs it on `backend` in a fresh work folder
    /// `Workspace.directory(name)`. `name` defaults to the Verilog top name and the backend; give tests that
    /// simulate the same module concurrently distinct names.
    @discardableResult
    public static func run<M: Module, R: Sendable>(_ module: M, on backend: SimulatorBackend, name: String? = nil,
                                                   seed: UInt64? = nil, waveformOnFailure: Bool = true,
                                                   file: String = #fileID, line: Int = #line,
                                                   _ body: (Simulation) async throws -> R) async throws -> R {
        let design = try emitVerilog(module, file: file, line: line)
        let directory = try Workspace.directory(name ?? "\(design.top)-\(backend)")
        return try await run(design, on: backend, in: directory, seed: seed, waveformOnFailure: waveformOnFailure, body)
    }
}

extension Lint {
    /// Elaborates and emits `module` and lints it in `Workspace.directory("lint-<name>")`.
    public static func check<M: Module>(_ module: M, name: String? = nil, file: String = #fileID, line: Int = #line) async throws {
        let design = try emitVerilog(module, file: file, line: line)
        try await check(design, in: try Workspace.directory("lint-\(name ?? design.top)"))
    }
}
