import BlockCatalog
import Foundation
import HDL
import HDLSim

/// Synthesizes one elaborated point in its own work folder (`work/<id>/`) and fills in its record: Yosys generic
/// cells; with `--synth ice40`, the block's iCE40 cells and nextpnr's Fmax of the wrapped block. A step whose
/// tool is missing is marked and skipped; a failing step keeps the tool's message. The work folder is deleted
/// unless Yosys failed (then the Verilog and the log are worth a look); a design that cannot be placed is a result,
/// not a fault, and its netlist (tens of megabytes for a large array) is not kept.
struct PointRunner: Sendable {
    var settings: SynthesisSettings
    var tools: SweepTools
    var workRoot: URL

    func run(_ point: SweepPoint, elaboration: ElaborationFigures, figures: [BlockFigure]) async -> PointRecord {
        var record = PointRecord(point: point, elaboration: elaboration, figures: figures)
        let work = workRoot.appendingPathComponent(point.id)
        let design: VerilogDesign
        do {
            design = try Elaboration.design(point)
        } catch {
            record.generic = .failed("elaboration: \(error)")
            return record
        }
        let clock = ContinuousClock()

        if tools.yosys {
            let start = clock.now
            do {
                record.genericCells = try await Yosys.genericCells(design, in: work.appendingPathComponent("generic")).byType
                record.generic = .done
            } catch {
                record.generic = .failure(error)
            }
            record.synthesisSeconds += Self.seconds(clock.now - start)
        }

        if settings.mode == .ice40 {
            await runIce40(design, point: point, work: work, into: &record)
        }

        if record.generic.status != .failed && record.ice40?.status != .failed {
            try? FileManager.default.removeItem(at: work)
        }
        return record
    }

    private func runIce40(_ design: VerilogDesign, point: SweepPoint, work: URL, into record: inout PointRecord) async {
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
            record.ice40 = .failure(error)
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
            record.placeRoute = .failure(error)
        }
        record.placeRouteSeconds = Self.seconds(clock.now - placeStart)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
