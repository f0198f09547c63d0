import BlockCatalog
import Foundation
import HDL
import HDLSim

/// How one step of a point went.
public struct StepResult: Codable, Hashable, Sendable {
    public enum Status: String, Codable, Hashable, Sendable {
        case done
        /// The tool ran and failed (or the design cannot fit the part): `message` says why.
        case failed
        /// The tool was not found: `message` names it. A later run with the tool redoes the point.
        case toolMissing = "tool-missing"
    }

    public var status: Status
    public var message: String?

    public static let done = StepResult(status: .done, message: nil)
    public static func failed(_ message: String) -> StepResult { StepResult(status: .failed, message: message) }
    public static func toolMissing(_ tool: String) -> StepResult { StepResult(status: .toolMissing, message: tool) }

    /// A failed step from a tool's error: one line for a table cell, the first `ERROR` line of the tool's output (else
    /// its last line), with the names of Yosys's temporary ABC folders made generic (they differ on every run;
    /// results must not).
    public static func failure(_ error: Error) -> StepResult {
        let text: String
        switch error {
        case let e as Nextpnr.Failure: return .failed(e.message)
        case let e as OpenSTA.Failure: text = e.message
        case let e as Yosys.Failure: text = e.message
        default: text = "\(error)"
        }
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let line = lines.first { $0.contains("ERROR") } ?? lines.last ?? "failed"
        return .failed(String(line.replacing(/yosys-abc-[A-Za-z0-9]+/, with: "yosys-abc-XXXXXX").prefix(300)))
    }
}

/// What elaborating a point costs and produces.
public struct ElaborationFigures: Codable, Hashable, Sendable {
    /// Wall-clock time of elaborate + check + emit, in milliseconds (varies run to run).
    public var milliseconds: Double
    /// Lines of Verilog, all files.
    public var verilogLines: Int
    /// Distinct modules (files).
    public var modules: Int

    public init(milliseconds: Double, verilogLines: Int, modules: Int) {
        self.milliseconds = milliseconds
        self.verilogLines = verilogLines
        self.modules = modules
    }
}

/// Everything a sweep knows about one finished point: written to `points/<id>.json` when the point finishes, so
/// an interrupted sweep keeps it and shards can be merged. Figures that need a missing tool are absent and the
/// step says which tool; a failed step keeps the tool's message.
public struct PointRecord: Codable, Hashable, Sendable {
    public var id: String
    /// `SweepPoint.key`: a record is reused only for the same block, configuration and synthesis settings.
    public var key: String
    public var block: String
    public var configuration: [ParameterValue]
    public var elaboration: ElaborationFigures
    public var figures: [GeneratorFigure]
    /// Yosys generic `synth`: cell counts by type.
    public var generic: StepResult
    public var genericCells: [String: Int]
    /// The memories the generic synthesis kept as macros (`MemoryMacros`; each is a `$mem_v2` in `genericCells`).
    /// Nil in a record made before memories were kept: such a record is redone.
    public var genericMemories: [MemoryMacro]?
    /// `synth_ice40` of the wrapped block (nil unless the sweep uses `--synth ice40`): the block's own cells by type.
    public var ice40: StepResult?
    public var ice40Cells: [String: Int]
    /// nextpnr-ice40 out of context (nil unless `--synth ice40`).
    public var placeRoute: StepResult?
    public var fmaxMHz: Double?
    /// Logic cells the wrapped block occupies on the part.
    public var logicCells: Int?
    /// Mapping to a standard-cell library (nil unless `--synth sky130|osu018`): library cells of the whole design by
    /// type, area in µm² (all of it, and the flip-flops' part), flip-flops, and each module's figures.
    public var asic: StepResult?
    public var asicCells: [String: Int]?
    public var asicAreaUm2: Double?
    public var asicFlipFlops: Int?
    public var asicFlipFlopAreaUm2: Double?
    public var asicModules: [ModuleArea]?
    /// Memories left out of the cell mapping (macros: not in the cells or the area).
    public var asicMemories: [MemoryMacro]?
    /// OpenSTA's worst path at the target clock (nil unless `--synth osu018`).
    public var timing: StepResult?
    public var timingReport: OpenSTA.Report?
    /// Wall-clock seconds in Yosys (every run) and OpenSTA, and in nextpnr (vary run to run).
    public var synthesisSeconds: Double
    public var placeRouteSeconds: Double

    public init(point: SweepPoint, elaboration: ElaborationFigures, figures: [GeneratorFigure]) {
        id = point.id
        key = point.key
        block = point.block
        configuration = point.configuration
        self.elaboration = elaboration
        self.figures = figures
        generic = .toolMissing("yosys")
        genericCells = [:]
        ice40Cells = [:]
        synthesisSeconds = 0
        placeRouteSeconds = 0
    }

    public var steps: [StepResult] { [generic] + [ice40, placeRoute, asic, timing].compactMap { $0 } }

    /// Whether a rerun with `tools` has nothing to add: no step waits for a tool that is now available.
    public func isComplete(with tools: SweepTools) -> Bool {
        !steps.contains { $0.status == .toolMissing && tools.isAvailable($0.message ?? "") }
            && !(generic.status == .done && genericMemories == nil)
    }

    /// Bits in the memories the generic synthesis kept, every instance counted.
    public var genericMemoryBits: Int? { generic.status == .done ? genericMemories?.totalBits : nil }
    public var asicMemoryBits: Int? { asic?.status == .done ? asicMemories?.totalBits : nil }

    /// Generic cells in total (nil without a successful generic synthesis).
    public var genericTotal: Int? { generic.status == .done ? genericCells.values.reduce(0, +) : nil }
}
