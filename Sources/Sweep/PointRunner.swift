import BlockCatalog
import Foundation
import HDL
import HDLSim

/// Synthesizes one elaborated point in its own work folder (`work/<run>/<id>/`) and fills in its record: Yosys
/// generic cells; with `--synth ice40`, the block's iCE40 cells and nextpnr's Fmax of the wrapped block. A step whose
/// tool is missing is marked and skipped; a failing step keeps the tool's message. The work folder is deleted
/// unless Yosys failed (then the Verilog and the log are worth a look); a design that cannot be placed is a result,
/// not a fault, and its netlist (tens of megabytes for a large array) is not kept.
///
/// A step that failed because of the run rather than the design (see `Fault`) makes the outcome a `.fault`: the
/// point gets no record, so the failure is never reused as the point's result.
struct PointRunner: Sendable {
    var settings: SynthesisSettings
    var tools: SweepTools
    var workRoot: URL

    enum Outcome: Sendable {
        case record(PointRecord)
        /// Why the point could not be computed in this run.
        case fault(String)
    }

    /// A failed step that says nothing about the design: the run could not write or read its files, start the
    /// tool, or the tool was killed. Thrown inside `run` and turned into `.fault`.
    struct Fault: Error {
        var reason: String
    }

    func run(_ point: SweepPoint, elaboration: ElaborationFigures, figures: [GeneratorFigure]) async -> Outcome {
        var record = PointRecord(point: point, elaboration: elaboration, figures: figures)
        let work = workRoot.appendingPathComponent(point.id)
        let design: VerilogDesign
        do {
            design = try Elaboration.design(point)
        } catch {
            record.generic = .failed("elaboration: \(error)")
            return .record(record)
        }
        let clock = ContinuousClock()
        do {
            if tools.yosys {
                let start = clock.now
                do {
                    let cells = try await Yosys.genericCells(design, in: work.appendingPathComponent("generic"))
                    record.genericCells = cells.byType
                    record.genericMemories = cells.memories
                    record.generic = .done
                } catch {
                    record.generic = try Self.result(of: error, step: "yosys synth")
                }
                record.synthesisSeconds += Self.seconds(clock.now - start)
            }

            if settings.mode == .ice40 {
                try await runIce40(design, point: point, work: work, into: &record)
            }
            if let library = settings.mode.cellLibrary {
                try await runASIC(design, library: library, work: work, into: &record)
            }
        } catch let fault as Fault {
            return .fault(fault.reason)
        } catch {
            return .fault("\(error)")
        }

        if record.generic.status != .failed && record.ice40?.status != .failed && record.asic?.status != .failed {
            try? FileManager.default.removeItem(at: work)
        }
        return .record(record)
    }

    /// The failed step a tool's error is, or a `Fault` when the error is the run's: anything but the tool's own
    /// failure report (writing the design, starting the tool, reading its output files), a report of a file the
    /// tool could not create or open, an empty report, or a tool killed by a signal.
    static func result(of error: Error, step: String) throws -> StepResult {
        let message: String
        switch error {
        case let e as Yosys.Failure: message = e.message
        case let e as Nextpnr.Failure: message = e.message
        case let e as OpenSTA.Failure: message = e.message
        default: throw Fault(reason: "\(step): \(error)")
        }
        let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
        let environmental = ["Can't open", "Can't create", "No space left", "Permission denied", "Read-only file system",
                             "Too many open files", "Cannot allocate memory", "Killed"]
        if text.isEmpty || environmental.contains(where: text.contains) || text.firstMatch(of: /^exit status 1[3-9][0-9]:/) != nil {
            let line = text.split(separator: "\n").first { $0.contains("ERROR") } ?? text.split(separator: "\n").last ?? "no output"
            throw Fault(reason: "\(step): \(line.prefix(300))")
        }
        return .failure(error)
    }

    private func runIce40(_ design: VerilogDesign, point: SweepPoint, work: URL, into record: inout PointRecord) async throws {
        guard tools.yosys else {
            record.ice40 = .toolMissing(Tool.yosys.rawValue)
            record.placeRoute = .toolMissing(Tool.yosys.rawValue)  // nothing to place without a netlist
            return
        }
        let clock = ContinuousClock()
        let folder = work.appendingPathComponent("ice40")
        let synthesis: Yosys.Ice40Synthesis
        let start = clock.now
        do {
            synthesis = try await Yosys.ice40(design, device: settings.device, in: folder)
            record.ice40Cells = synthesis.block.byType
            record.ice40 = .done
            record.synthesisSeconds += Self.seconds(clock.now - start)
        } catch {
            record.ice40 = try Self.result(of: error, step: "yosys synth_ice40")
            record.placeRoute = .failed("no netlist: synth_ice40 failed")
            record.synthesisSeconds += Self.seconds(clock.now - start)
            return
        }
        let device = settings.device
        if let reason = device.misfit(synthesis.wrapped) {
            record.placeRoute = .failed(reason)
            return
        }
        guard tools.nextpnr else {
            record.placeRoute = .toolMissing(Tool.nextpnrIce40.rawValue)
            return
        }
        let placeStart = clock.now
        do {
            let report = try await Nextpnr.placeAndRoute(netlist: synthesis.netlist, device: device, targetMHz: settings.targetMHz,
                                                         in: folder)
            record.fmaxMHz = report.fmaxMHz
            record.logicCells = report.logicCellsUsed
            record.placeRoute = .done
        } catch {
            record.placeRoute = try Self.result(of: error, step: "nextpnr-ice40")
        }
        record.placeRouteSeconds = Self.seconds(clock.now - placeStart)
    }

    /// The block mapped to `library` (cells, area per module); with a library that has timing, mapped for the target
    /// clock and timed by OpenSTA.
    private func runASIC(_ design: VerilogDesign, library: CellLibrary, work: URL, into record: inout PointRecord) async throws {
        let missing: String? = !tools.yosys ? Tool.yosys.rawValue : (library == .osu018 && !tools.osu018 ? SweepTools.osu018Liberty : nil)
        if let missing {
            record.asic = .toolMissing(missing)
            if library.hasTiming { record.timing = .toolMissing(missing) }
            return
        }
        let clock = ContinuousClock()
        let folder = work.appendingPathComponent(library.rawValue)
        let periodNs = 1000 / settings.targetMHz
        let start = clock.now
        let synthesis: Yosys.ASICSynthesis
        do {
            synthesis = try await Yosys.asic(design, library: library, delayTargetPs: periodNs * 1000, in: folder)
        } catch {
            record.synthesisSeconds += Self.seconds(clock.now - start)
            record.asic = try Self.result(of: error, step: "yosys \(library.rawValue) mapping")
            if library.hasTiming { record.timing = .failed("no netlist: the \(library.rawValue) mapping failed") }
            return
        }
        record.asic = .done
        record.asicCells = synthesis.cells.byType
        record.asicAreaUm2 = synthesis.areaUm2
        record.asicFlipFlops = synthesis.flipFlops
        record.asicFlipFlopAreaUm2 = synthesis.flipFlopAreaUm2
        record.asicModules = synthesis.modules
        record.asicMemories = synthesis.memories
        guard library.hasTiming, let boundary = library.boundaryFlipFlop else {
            record.synthesisSeconds += Self.seconds(clock.now - start)
            return
        }
        guard tools.sta else {
            record.timing = .toolMissing(Tool.sta.rawValue)
            record.synthesisSeconds += Self.seconds(clock.now - start)
            return
        }
        let constraints = OpenSTA.Constraints(periodNs: periodNs, clockPort: design.hasClock ? "clk" : nil, boundaryCell: boundary.cell,
                                              boundaryOutput: boundary.output, boundaryInput: boundary.input)
        do {
            record.timingReport = try await OpenSTA.analyze(netlist: synthesis.netlist, top: design.top, liberty: synthesis.liberty,
                                                            libraryName: library.libraryName, constraints: constraints, in: folder)
            record.timing = .done
        } catch {
            record.timing = try Self.result(of: error, step: "sta")
        }
        record.synthesisSeconds += Self.seconds(clock.now - start)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
