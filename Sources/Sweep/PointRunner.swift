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
                    record.genericCells = try await Yosys.genericCells(design, in: work.appendingPathComponent("generic")).byType
                    record.generic = .done
                } catch {
                    record.generic = try Self.result(of: error, step: "yosys synth")
                }
                record.synthesisSeconds += Self.seconds(clock.now - start)
            }

            if settings.mode == .ice40 {
                try await runIce40(design, point: point, work: work, into: &record)
            }
        } catch let fault as Fault {
            return .fault(fault.reason)
        } catch {
            return .fault("\(error)")
        }

        if record.generic.status != .failed && record.ice40?.status != .failed {
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

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
