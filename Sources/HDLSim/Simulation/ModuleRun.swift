import Foundation
import HDL

extension Simulation {
    /// Elaborates and emits `module`, then runs it on `backend` in a fresh work folder
    /// `Workspace.directory(name)`, handing `body` the simulation and the module's IO (from `ports()`), through
    /// which it pokes, expects and builds stimulus: `sim.poke(io.a, -3)`. `name` defaults to the Verilog top
    /// name and the backend; give tests that simulate the same module concurrently distinct names.
    @discardableResult
    public static func run<M: Module, R: Sendable>(_ module: M, on backend: SimulatorBackend, name: String? = nil,
                                                   seed: UInt64? = nil, waveformOnFailure: Bool = true,
                                                   file: String = #fileID, line: Int = #line,
                                                   _ body: (Simulation, M.IO) async throws -> R) async throws -> R {
        let design = try emitVerilog(module, file: file, line: line)
        let map = try PortMap(module, design: design)
        let directory = try Workspace.directory(name ?? "\(design.top)-\(backend)")
        return try await run(design, on: backend, in: directory, seed: seed, binding: PortBinding(map, design: design),
                             waveformOnFailure: waveformOnFailure) { sim in
            try await body(sim, map.io)
        }
    }

    /// The same, for a body that addresses ports by name or position only.
    @discardableResult
    public static func run<M: Module, R: Sendable>(_ module: M, on backend: SimulatorBackend, name: String? = nil,
                                                   seed: UInt64? = nil, waveformOnFailure: Bool = true,
                                                   file: String = #fileID, line: Int = #line,
                                                   _ body: (Simulation) async throws -> R) async throws -> R {
        try await run(module, on: backend, name: name, seed: seed, waveformOnFailure: waveformOnFailure,
                      file: file, line: line) { sim, _ in try await body(sim) }
    }
}

extension Lint {
    /// Elaborates and emits `module` and lints it in `Workspace.directory("lint-<name>")`.
    public static func check<M: Module>(_ module: M, name: String? = nil, file: String = #fileID, line: Int = #line) async throws {
        let design = try emitVerilog(module, file: file, line: line)
        try await check(design, in: try Workspace.directory("lint-\(name ?? design.top)"))
    }
}
