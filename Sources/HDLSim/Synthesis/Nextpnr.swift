import Foundation

/// Place and route with `nextpnr-ice40`, for the maximum clock frequency of a synthesized netlist
/// (`Yosys.ice40`). Runs with `--timing-allow-fail` (a missed target is a result, not an error) and a fixed
/// seed, so the same netlist gives the same figure on every run.
public enum Nextpnr {
    /// What the `--report` JSON says about the routed design.
    public struct Report: Sendable, Equatable {
        /// The achieved maximum frequency in MHz: the slowest clock domain's (nil when nothing is clocked).
        public var fmaxMHz: Double?
        /// Logic cells used / available on the part.
        public var logicCellsUsed: Int
        public var logicCellsAvailable: Int

        public init(fmaxMHz: Double?, logicCellsUsed: Int, logicCellsAvailable: Int) {
            self.fmaxMHz = fmaxMHz
            self.logicCellsUsed = logicCellsUsed
            self.logicCellsAvailable = logicCellsAvailable
        }
    }

    /// Placement or routing failed (e.g. the design does not fit the part); `message` is nextpnr's first
    /// `ERROR:` line.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var message: String
        public var description: String { "nextpnr-ice40: \(message)" }

        public init(message: String) {
            self.message = message
        }
    }

    /// Places and routes `netlist` on `device`, aiming at `targetMHz`; writes `report.json` into `directory`.
    public static func placeAndRoute(netlist: URL, device: Ice40Device, targetMHz: Double, seed: Int = 1,
                                     in directory: URL) async throws -> Report {
        let report = directory.appendingPathComponent("report.json")
        let arguments = device.nextpnrArguments + [
            "--json", netlist.path, "--freq", String(targetMHz), "--timing-allow-fail", "--seed", String(seed),
            "--report", report.path, "-q",
        ]
        let result = try await runProcess(.nextpnrIce40, arguments, in: directory)
        guard result.succeeded else {
            throw Failure(message: failureMessage(output: result.output, status: result.status, device: device))
        }
        return try parseReport(Data(contentsOf: report))
    }

    /// nextpnr's first `ERROR:` line (else the exit status and the end of its output); the placer's way of saying a
    /// design has more logic cells than the part becomes a plain "does not fit".
    public static func failureMessage(output: String, status: Int32, device: Ice40Device) -> String {
        let error = output.split(separator: "\n").first { $0.hasPrefix("ERROR:") }
        let message = error.map { $0.dropFirst("ERROR:".count).trimmingCharacters(in: .whitespaces) }
            ?? "exit status \(status): " + String(output.suffix(2000))
        if let match = message.firstMatch(of: /Failed to expand region .* of (\d+) ICESTORM_LCs/) {
            return "does not fit \(device.rawValue): placement needs \(match.1) logic cells, \(device.logicCells) available"
        }
        return message
    }

    /// Reads `fmax` (the slowest clock's `achieved`) and the `ICESTORM_LC` utilization from a `--report` file.
    public static func parseReport(_ data: Data) throws -> Report {
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let utilization = json["utilization"] as? [String: Any],
              let cells = utilization["ICESTORM_LC"] as? [String: Any],
              let used = cells["used"] as? Int, let available = cells["available"] as? Int
        else {
            throw Failure(message: "the report has no ICESTORM_LC utilization")
        }
        let clocks = (json["fmax"] as? [String: Any]) ?? [:]
        let achieved = clocks.values.compactMap { ($0 as? [String: Any])?["achieved"] as? Double }
        return Report(fmaxMHz: achieved.min(), logicCellsUsed: used, logicCellsAvailable: available)
    }
}
