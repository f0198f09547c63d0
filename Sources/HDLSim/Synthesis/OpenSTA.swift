import Foundation

/// Static timing of a gate-level netlist with OpenSTA (`sta`, Debian `opensta`): the worst setup path at a target
/// clock, and from it an Fmax estimate.
///
/// The block is timed on its own, as if it sat between registers of the same library: every input is driven by the
/// library's flip-flop (`set_driving_cell`, so its clock-to-Q delay and drive strength are counted) with no further
/// input delay, every output loads one flip-flop D pin (`set_load`) with no output delay, the clock is ideal (no
/// skew, no latency, no uncertainty). A block without a `clk` port is timed against a virtual clock of the same
/// period. Nets have no wire capacitance (the OSU library has no wire-load model): the figures are pre-layout and
/// optimistic.
public enum OpenSTA {
    public struct Constraints: Sendable, Hashable {
        public var periodNs: Double
        /// The clock port, or nil for a combinational block (a virtual clock).
        public var clockPort: String?
        /// The cell, output pin and input pin of the flip-flop at the block's boundary.
        public var boundaryCell: String
        public var boundaryOutput: String
        public var boundaryInput: String

        public init(periodNs: Double, clockPort: String?, boundaryCell: String, boundaryOutput: String, boundaryInput: String) {
            self.periodNs = periodNs
            self.clockPort = clockPort
            self.boundaryCell = boundaryCell
            self.boundaryOutput = boundaryOutput
            self.boundaryInput = boundaryInput
        }

        /// The SDC commands (after `link_design`).
        public func sdc(libraryName: String) -> String {
            let period = String(format: "%.4f", periodNs)
            var s = ""
            if let clockPort {
                s += "create_clock -name clk -period \(period) [get_ports {\(clockPort)}]\n"
                s += "set data_inputs [delete_from_list [all_inputs] [get_ports {\(clockPort)}]]\n"
            } else {
                s += "create_clock -name clk -period \(period)\n"
                s += "set data_inputs [all_inputs]\n"
            }
            s += "set_input_delay 0 -clock clk $data_inputs\n"
            s += "set_driving_cell -lib_cell \(boundaryCell) -pin \(boundaryOutput) $data_inputs\n"
            s += "set_output_delay 0 -clock clk [all_outputs]\n"
            s += "set_load [get_property [get_lib_pins \(libraryName)/\(boundaryCell)/\(boundaryInput)] capacitance] [all_outputs]\n"
            return s
        }
    }

    /// The worst setup path.
    public struct Report: Codable, Hashable, Sendable {
        public var periodNs: Double
        public var slackNs: Double
        public var arrivalNs: Double
        /// Where the path starts and ends: a register (its signal's name, hierarchical) or a port, with its kind.
        public var startpoint: String
        public var endpoint: String
        /// Cells the path passes through between its start and end (the launching and capturing flip-flops not counted).
        public var depth: Int

        public init(periodNs: Double, slackNs: Double, arrivalNs: Double, startpoint: String, endpoint: String, depth: Int) {
            self.periodNs = periodNs
            self.slackNs = slackNs
            self.arrivalNs = arrivalNs
            self.startpoint = startpoint
            self.endpoint = endpoint
            self.depth = depth
        }

        /// The shortest period this path allows is the target's minus the slack (every constraint is an offset from
        /// the clock edge of zero, so it scales with the period); Fmax is its inverse.
        public var minimumPeriodNs: Double { periodNs - slackNs }
        public var fmaxMHz: Double { 1000 / minimumPeriodNs }
    }

    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var message: String
        public var description: String { "sta: \(message)" }

        public init(message: String) {
            self.message = message
        }
    }

    /// Times `netlist` (top `top`) against `constraints` with `liberty`; writes `timing.tcl` and `timing.txt` into
    /// `directory`.
    public static func analyze(netlist: URL, top: String, liberty: URL, libraryName: String, constraints: Constraints,
                               in directory: URL) async throws -> Report {
        let script = """
            read_liberty {\(liberty.path)}
            read_verilog {\(netlist.path)}
            link_design {\(top)}
            \(constraints.sdc(libraryName: libraryName))report_checks -path_delay max -group_count 1 -digits 3
            exit

            """
        let tcl = directory.appendingPathComponent("timing.tcl")
        try Data(script.utf8).write(to: tcl)
        let result = try await runProcess(.sta, ["-no_splash", "-exit", tcl.path], in: directory)
        try? Data(result.output.utf8).write(to: directory.appendingPathComponent("timing.txt"))
        guard result.succeeded else { throw Failure(message: "exit status \(result.status): " + String(result.output.suffix(2000))) }
        if let error = result.output.split(separator: "\n").first(where: { $0.hasPrefix("Error") }) {
            throw Failure(message: String(error))
        }
        return try parse(result.output, periodNs: constraints.periodNs)
    }

    /// Reads the first path of `report_checks` (the worst): slack, data arrival time, start and end points and the
    /// cells between them.
    public static func parse(_ text: String, periodNs: Double) throws -> Report {
        if text.contains("No paths found") { throw Failure(message: "no constrained paths (the block has no timed path)") }
        guard let start = text.firstMatch(of: /Startpoint: (\S+)\s*\(([^)]*)\)/),
              let end = text.firstMatch(of: /Endpoint: (\S+)\s*\(([^)]*)\)/),
              let slack = text.firstMatch(of: /(-?[0-9.]+)\s+slack \((MET|VIOLATED)\)/),
              let arrival = text.firstMatch(of: /(-?[0-9.]+)\s+data arrival time/),
              let slackNs = Double(slack.1), let arrivalNs = Double(arrival.1)
        else {
            throw Failure(message: "cannot read the timing report: " + String(text.suffix(1500)))
        }
        // Path lines up to the arrival time: `... 0.156 0.379 ^ merge/_1994_/Y (INVX1)`; ports show as `(in)`/`(out)`.
        let path = text[..<arrival.range.lowerBound]
        var instances: [String] = []
        for line in path.split(separator: "\n") {
            guard let m = line.firstMatch(of: /[v^]\s+(\S+)\s+\(([A-Za-z0-9_]+)\)\s*$/), m.2 != "in", m.2 != "out" else { continue }
            let pin = String(m.1)
            let instance = pin.split(separator: "/").dropLast().joined(separator: "/")
            if instances.last != instance { instances.append(instance) }
        }
        let startName = String(start.1), endName = String(end.1)
        let depth = instances.filter { $0 != startName && $0 != endName }.count
        return Report(periodNs: periodNs, slackNs: slackNs, arrivalNs: arrivalNs,
                      startpoint: describe(startName, String(start.2)), endpoint: describe(endName, String(end.2)), depth: depth)
    }

    /// `acc_q[3]$_SDFF_PP0_` with kind "rising edge-triggered flip-flop ..." -> `acc_q[3] (register)`; a port ->
    /// `u[9] (input)` / `mantissa[8] (output)`.
    static func describe(_ name: String, _ kind: String) -> String {
        if kind.contains("input port") { return "\(name) (input)" }
        if kind.contains("output port") { return "\(name) (output)" }
        let register = name.split(separator: "$", maxSplits: 1).first.map(String.init) ?? name
        return "\(register) (register)"
    }
}
