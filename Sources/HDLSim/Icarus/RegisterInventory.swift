import Foundation
import HDL

/// Every state element of a design, by hierarchical path: the bits of each `reg` a clocked process assigns
/// (a flip-flop) and each memory without initial contents. The Icarus testbench deposits seeded random values
/// into them before the first command, as Verilator's `--x-initial unique` does, so a register that needs a
/// reset and has none shows up on both simulators (Icarus would otherwise start it at x, which an `if`
/// quietly reads as false).
///
/// Found by Yosys, not by reading the Verilog: `proc` turns every clocked process into `$dff` cells whose
/// `Q` is the `reg` it assigns, whatever the source looks like (hand-written Verilog included), and the
/// RTLIL keeps that `reg` apart from the wires `assign`ed from it. Combinational `reg`s (`always @*`) are
/// not state and keep the values their logic gives them. Registers with a declared initial value and
/// memories with initial contents (ROMs) are left alone. One Yosys run per distinct design, cached by content.
struct RegisterInventory: Sendable, Equatable {
    /// Bits `msb...lsb` (Verilog indices) of the `reg` at `path`; `whole` when that is all of it.
    struct Register: Sendable, Equatable {
        var path: String
        var msb: Int
        var lsb: Int
        var whole: Bool
        var width: Int { abs(msb - lsb) + 1 }
    }

    /// Words `first ..< first + count` of the memory at `path`, each `width` bits.
    struct Memory: Sendable, Equatable {
        var path: String
        var width: Int
        var first: Int
        var count: Int
    }

    var registers: [Register] = []
    var memories: [Memory] = []

    static let script = "proc; memory_collect"

    /// The inventory of `design` (from the cache when this design was seen before).
    static func of(_ design: VerilogDesign) async throws -> RegisterInventory {
        var hash = ContentHash()
        hash.add("register-inventory 1")
        hash.add(script)
        hash.add(design.top)
        for f in design.files {
            hash.add(f.name)
            hash.add(f.contents)
        }
        let root = Workspace.cacheRoot.appendingPathComponent("registers")
        let cached = root.appendingPathComponent("\(hash.hex).txt")
        if let text = try? String(contentsOf: cached, encoding: .utf8), let inventory = RegisterInventory(serialized: text) {
            return inventory
        }
        let fm = FileManager.default
        let work = root.appendingPathComponent("\(hash.hex).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: work) }
        for f in design.files { try Data(f.contents.utf8).write(to: work.appendingPathComponent(f.name)) }
        let files = design.files.map(\.name).joined(separator: " ")
        let result = try await runProcess(.yosys, ["-q", "-p", "read_verilog \(files); hierarchy -top \(design.top); \(script); write_rtlil design.il"],
                                          in: work)
        guard result.succeeded else {
            throw SimulationError.buildFailed(tool: "yosys (finding the registers to randomize for Icarus)", log: String(result.output.suffix(8000)))
        }
        let rtlil = try String(contentsOf: work.appendingPathComponent("design.il"), encoding: .utf8)
        let inventory = try RegisterInventory(rtlil: rtlil, top: design.top)
        let staged = work.appendingPathComponent("inventory.txt")
        try Data(inventory.serialized.utf8).write(to: staged)
        try? fm.removeItem(at: cached)
        try? fm.moveItem(at: staged, to: cached)
        return inventory
    }

    init() {}

    // MARK: Reading RTLIL

    private struct Wire {
        var width: Int
        var offset: Int
        var upto: Bool
        var hasInit: Bool
    }

    private struct ModuleState {
        var wires: [String: Wire] = [:]
        /// Flip-flop bits per wire (RTLIL bit positions, 0 = LSB).
        var flopBits: [String: Set<Int>] = [:]
        var flopOrder: [String] = []
        var memories: [(name: String, width: Int, first: Int, count: Int)] = []
        var instances: [(name: String, module: String)] = []
    }

    /// Reads the `write_rtlil` text of a design after `proc; memory_collect`.
    init(rtlil: String, top: String) throws {
        var modules: [String: ModuleState] = [:]
        var current: String?
        var state = ModuleState()
        var pendingInit = false
        // The cell being read: its type, name, parameters and Q connection.
        var cell: (type: String, name: String, parameters: [String: String], q: String?)?
        for raw in rtlil.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("module ") {
                current = String(line.dropFirst(7))
                state = ModuleState()
                continue
            }
            guard let module = current else { continue }
            if var c = cell {
                if line == "end" {
                    Self.finish(cell: c, into: &state)
                    cell = nil
                } else if line.hasPrefix("parameter ") {
                    let parts = line.dropFirst(10).split(separator: " ", maxSplits: 1)
                    if parts.count == 2 { c.parameters[String(parts[0])] = String(parts[1]) }
                    cell = c
                } else if line.hasPrefix("connect \\Q ") {
                    c.q = String(line.dropFirst(11))
                    cell = c
                }
                continue
            }
            if line == "end" {
                modules[module] = state
                current = nil
            } else if line.hasPrefix("attribute \\init ") {
                pendingInit = true
            } else if line.hasPrefix("attribute ") {
                continue
            } else if line.hasPrefix("wire ") {
                var tokens = line.split(separator: " ").map(String.init).dropFirst()
                var wire = Wire(width: 1, offset: 0, upto: false, hasInit: pendingInit)
                pendingInit = false
                while let t = tokens.first, !t.hasPrefix("\\"), !t.hasPrefix("$") {
                    tokens = tokens.dropFirst()
                    switch t {
                    case "width": wire.width = Int(tokens.first ?? "") ?? 1; tokens = tokens.dropFirst()
                    case "offset": wire.offset = Int(tokens.first ?? "") ?? 0; tokens = tokens.dropFirst()
                    case "upto": wire.upto = true
                    case "input", "output", "inout": tokens = tokens.dropFirst()
                    default: break
                    }
                }
                if let name = tokens.first { state.wires[name] = wire }
            } else if line.hasPrefix("cell ") {
                let parts = line.split(separator: " ").map(String.init)
                guard parts.count >= 3 else { throw SimulationError.protocolViolation("unreadable RTLIL cell: \(line)") }
                cell = (parts[1], parts[2], [:], nil)
                pendingInit = false
            } else {
                pendingInit = false
            }
        }
        guard modules["\\" + top] != nil else {
            throw SimulationError.protocolViolation("yosys did not produce the top module \(top)")
        }
        var inventory = RegisterInventory()
        func visit(_ module: String, path: String, depth: Int) {
            guard let m = modules[module], depth < 200 else { return }
            for name in m.flopOrder {
                guard let bits = m.flopBits[name], let wire = m.wires[name], !wire.hasInit else { continue }
                let id = Self.verilogIdentifier(name)
                for run in Self.runs(bits.sorted()) {
                    func index(_ bit: Int) -> Int { wire.upto ? wire.offset + wire.width - 1 - bit : wire.offset + bit }
                    let whole = run.lowerBound == 0 && run.upperBound == wire.width - 1
                    let a = index(run.upperBound), b = index(run.lowerBound)
                    inventory.registers.append(Register(path: "\(path).\(id)", msb: wire.upto ? b : a, lsb: wire.upto ? a : b,
                                                        whole: whole))
                }
            }
            for mem in m.memories {
                inventory.memories.append(Memory(path: "\(path).\(Self.verilogIdentifier(mem.name))", width: mem.width,
                                                 first: mem.first, count: mem.count))
            }
            for instance in m.instances where modules[instance.module] != nil {
                visit(instance.module, path: "\(path).\(Self.verilogIdentifier(instance.name))", depth: depth + 1)
            }
        }
        visit("\\" + top, path: "dut", depth: 0)
        self = inventory
    }

    private static func finish(cell c: (type: String, name: String, parameters: [String: String], q: String?), into state: inout ModuleState) {
        if c.type.lowercased().contains("dff"), let q = c.q {
            for (wire, bit) in bits(of: q, state.wires) where wire.hasPrefix("\\") {
                if state.flopBits[wire] == nil { state.flopOrder.append(wire) }
                state.flopBits[wire, default: []].insert(bit)
            }
        } else if c.type == "$mem_v2" || c.type == "$mem" {
            let initial = c.parameters["\\INIT"] ?? ""
            let initBits = initial.split(separator: "'").last ?? ""
            guard !initBits.contains("0") && !initBits.contains("1") else { return }  // a ROM or initialized RAM
            let id = (c.parameters["\\MEMID"] ?? c.name).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                .replacingOccurrences(of: "\\\\", with: "\\")
            guard id.hasPrefix("\\"), let width = Int(c.parameters["\\WIDTH"] ?? ""), let size = Int(c.parameters["\\SIZE"] ?? ""),
                  let offset = Int(c.parameters["\\OFFSET"] ?? "0") else { return }
            state.memories.append((id, width, offset, size))
        } else if c.type.hasPrefix("\\") {
            state.instances.append((c.name, c.type))
        }
    }

    /// The (wire, bit) pairs of an RTLIL signal spec: `\w`, `\w [3]`, `\w [7:4]`, `{ ... }` (MSB first),
    /// constants (skipped).
    static func bits(of sigspec: String, width: (String) -> Int?) -> [(String, Int)] {
        let tokens = sigspec.replacingOccurrences(of: "{", with: " ").replacingOccurrences(of: "}", with: " ")
            .split(separator: " ").map(String.init)
        var result: [(String, Int)] = []
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            i += 1
            guard t.hasPrefix("\\") || t.hasPrefix("$") else { continue }  // a constant
            if i < tokens.count, tokens[i].hasPrefix("[") {
                let range = tokens[i].dropFirst().dropLast().split(separator: ":").compactMap { Int($0) }
                i += 1
                if range.count == 2 {
                    for b in stride(from: range[0], through: range[1], by: range[0] >= range[1] ? -1 : 1) { result.append((t, b)) }
                } else if range.count == 1 {
                    result.append((t, range[0]))
                }
            } else if let w = width(t) {
                for b in stride(from: w - 1, through: 0, by: -1) { result.append((t, b)) }
            } else {
                result.append((t, 0))
            }
        }
        return result
    }

    private static func bits(of sigspec: String, _ wires: [String: Wire]) -> [(String, Int)] {
        bits(of: sigspec) { wires[$0]?.width }
    }

    /// Consecutive runs of sorted bit positions.
    static func runs(_ sorted: [Int]) -> [ClosedRange<Int>] {
        var runs: [ClosedRange<Int>] = []
        for b in sorted {
            if let last = runs.last, last.upperBound + 1 == b {
                runs[runs.count - 1] = last.lowerBound...b
            } else {
                runs.append(b...b)
            }
        }
        return runs
    }

    /// An RTLIL public name (`\name`) as a Verilog identifier: plain when it is one, else escaped.
    static func verilogIdentifier(_ rtlilName: String) -> String {
        let name = rtlilName.hasPrefix("\\") ? String(rtlilName.dropFirst()) : rtlilName
        let plain = !name.isEmpty && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0)
            || ("0"..."9").contains($0) || $0 == "_" || $0 == "$" }
            && !("0"..."9").contains(name.unicodeScalars.first!) && name.first != "$"
        return plain ? name : "\\\(name) "
    }

    // MARK: Cache format (tab-separated, one element per line)

    var serialized: String {
        var lines = ["register-inventory 1"]
        lines += registers.map { "r\t\($0.path)\t\($0.msb)\t\($0.lsb)\t\($0.whole ? 1 : 0)" }
        lines += memories.map { "m\t\($0.path)\t\($0.width)\t\($0.first)\t\($0.count)" }
        return lines.joined(separator: "\n") + "\n"
    }

    init?(serialized text: String) {
        let lines = text.split(separator: "\n")
        guard lines.first == "register-inventory 1" else { return nil }
        for line in lines.dropFirst() {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 5, let a = Int(f[2]), let b = Int(f[3]), let c = Int(f[4]) else { return nil }
            switch f[0] {
            case "r": registers.append(Register(path: f[1], msb: a, lsb: b, whole: c == 1))
            case "m": memories.append(Memory(path: f[1], width: a, first: b, count: c))
            default: return nil
            }
        }
    }

    // MARK: The testbench's deposits

    /// Verilog statements that set every register bit and memory word to a value drawn from `seed`.
    func deposits(seed: UInt64) -> [String] {
        var rng = SeededGenerator(seed: seed ^ 0x1CA2_0517)
        func literal(_ width: Int) -> String {
            var hex = ""
            var remaining = width
            var words: [UInt64] = []
            while remaining > 0 {
                words.append(rng.bits(min(64, remaining)))
                remaining -= 64
            }
            for (k, w) in words.reversed().enumerated() {
                let h = String(w, radix: 16)
                hex += k == 0 ? h : String(repeating: "0", count: 16 - h.count) + h
            }
            return "\(width)'h\(hex)"
        }
        var lines: [String] = []
        for r in registers {
            let target = r.whole ? r.path : (r.msb == r.lsb ? "\(r.path)[\(r.msb)]" : "\(r.path)[\(r.msb):\(r.lsb)]")
            lines.append("\(target) = \(literal(r.width));")
        }
        for m in memories {
            for a in m.first..<(m.first + m.count) { lines.append("\(m.path)[\(a)] = \(literal(m.width));") }
        }
        return lines
    }
}
