import BlockCatalog
import Foundation
import HDL
import HDLSim

/// Synthesizes one elaborated point in its own work folder (`work/<id>/`) and fills in its record: Yosys generic
/// cells; with `--synth ice40`, the block's iCE40 cells and nextpnr's Fmax of the wrapped block. A step whose
/// tool is missing is marked and skipped; a failing step keeps the tool's message. The work folder is deleted
/// when every step succeeded and kept for inspection otherwise.
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
                record.generic = .failed(Self.summary(of: error))
            }
            record.synthesisSeconds += Self.seconds(clock.now - start)
        }

        if settings.mode == .ice40 {
            await runIce40(design, point: point, work: work, into: &record)
        }

        if record.steps.allSatisfy({ $0.status != .failed }) {
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
            record.ice40 = .failed(Self.summary(of: error))
            record.placeRoute = .failed("no netlist: synth_ice40 failed")
            record.synthesisSeconds += Self.seconds(clock.now - start)
            return
        }
        // Each logic cell holds one LUT4 and one flip-flop: a design needing more of either cannot be placed, and
        // nextpnr would take a while to find that out.
        let device = settings.device
        let needed = max(synthesis.wrapped.lut4, synthesis.wrapped.flipFlops)
        guard needed <= device.logicCells else {
            record.placeRoute = .failed("does not fit \(device.rawValue): \(synthesis.wrapped.lut4) LUT4 and "
                                        + "\(synthesis.wrapped.flipFlops) flip-flops with the I/O wrapper, \(device.logicCells) logic cells")
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
            record.placeRoute = .failed(Self.summary(of: error))
        }
        record.placeRouteSeconds = Self.seconds(clock.now - placeStart)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// One line for a table cell: the first `ERROR` line of a tool's output, else its last line, with the names
    /// of Yosys's temporary ABC folders made generic (they differ on every run; results must not).
    static func summary(of error: Error) -> String {
        let text: String
        switch error {
        case let e as Nextpnr.Failure: return e.message
        case let e as Yosys.Failure: text = e.message
        default: text = "\(error)"
        }
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let line = lines.first { $0.contains("ERROR") } ?? lines.last ?? "failed"
        return String(line.replacing(/yosys-abc-[A-Za-z0-9]+/, with: "yosys-abc-XXXXXX").prefix(300))
    }
}
