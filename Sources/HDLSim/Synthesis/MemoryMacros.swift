import Foundation

/// One memory the synthesis flows keep as a macro (a `$mem_v2` cell) instead of mapping it to flip-flops.
public struct MemoryMacro: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The module that declares it and its name there.
    public var module: String
    public var name: String
    /// Bits per word and words.
    public var width: Int
    public var depth: Int
    public var readPorts: Int
    public var writePorts: Int
    /// How many times the whole design instantiates `module`.
    public var instances: Int

    public init(module: String, name: String, width: Int, depth: Int, readPorts: Int, writePorts: Int, instances: Int) {
        self.module = module
        self.name = name
        self.width = width
        self.depth = depth
        self.readPorts = readPorts
        self.writePorts = writePorts
        self.instances = instances
    }

    /// Bits of one instance.
    public var bits: Int { width * depth }

    public var description: String {
        "\(module).\(name): \(depth) x \(width) bits, \(readPorts)R \(writePorts)W, \(instances) instance\(instances == 1 ? "" : "s")"
    }
}

extension Sequence where Element == MemoryMacro {
    /// Bits in all of them, every instance counted.
    public var totalBits: Int { reduce(0) { $0 + $1.bits * $1.instances } }
}

/// How the synthesis flows treat the memories Yosys infers. A writable memory of `minimumWords` words or more stays
/// one `$mem_v2` cell: a macro (an SRAM or a register file in an ASIC flow, block or distributed RAM on an FPGA) that
/// the figures count by its bits, because mapping it to flip-flops and read multiplexers (what a plain `synth` does)
/// makes a design's cell count measure its buffers, not its logic: the default attention core's Q/K/V memories
/// alone would be about 200,000 flip-flops. Read-only tables (a decoder) and shallower memories (a few registers:
/// a row's q held as 8 beats, a double-buffered register pair) are logic and are mapped like the rest, as a memory
/// compiler's smallest macro (16 words is a common floor) would not take them either.
public enum MemoryMacros {
    /// The fewest words of a memory kept as a macro.
    public static let minimumWords = 16

    /// The inferred memories that are mapped to logic, as a Yosys selection: the read-only and the shallow ones.
    public static let mappedToLogic = "t:$mem_v2 r:WR_PORTS=0 %i t:$mem_v2 r:SIZE<\(minimumWords) %i %u"

    /// Yosys commands that do what `synth -top <top>` does (Yosys 0.23's script: `begin` to `check`, hierarchical)
    /// except for the memories that stay macros: `memory_map` sees only `mappedToLogic`.
    public static func synthesis(top: String) -> [String] {
        ["synth -top \(top) -run begin:fine", "opt -fast -full", "memory_map \(mappedToLogic)", "opt -full", "techmap",
         "opt -fast", "abc -fast", "opt -fast", "hierarchy -check", "check"]
    }

    /// The command that writes the kept memories' descriptions (module by module) for `parse`.
    public static let dumpCommand = "tee -q -o memories.txt dump -m t:$mem_v2"
    public static let dumpFile = "memories.txt"

    /// The kept memories of each module from the output of `dumpCommand` (`instances` left at 1).
    public static func parse(dump: String) -> [String: [MemoryMacro]] {
        var out: [String: [MemoryMacro]] = [:]
        var module: String?
        var cell: (name: String, parameters: [String: Int])?
        func finish() {
            guard let m = module, let c = cell else { return }
            let p = c.parameters
            out[m, default: []].append(MemoryMacro(module: m, name: c.name, width: p["WIDTH"] ?? 0, depth: p["SIZE"] ?? 0,
                                                   readPorts: p["RD_PORTS"] ?? 0, writePorts: p["WR_PORTS"] ?? 0, instances: 1))
            cell = nil
        }
        for line in dump.split(separator: "\n") {
            let words = line.split(separator: " ")
            guard let first = words.first else { continue }
            switch first {
            case "module" where words.count >= 2:
                finish()
                module = unescape(words[1])
            case "cell" where words.count >= 3:
                finish()
                cell = words[1] == "$mem_v2" ? (unescape(words[2]), [:]) : nil
            case "parameter" where words.count >= 3 && cell != nil:
                // `parameter \WIDTH 256`; a parameter too wide for an Int is not one of those read here.
                if let value = Int(words.last!) { cell!.parameters[unescape(words[words.count - 2])] = value }
            case "end" where line.hasPrefix("  end") || line == "end":
                finish()
            default:
                break
            }
        }
        finish()
        return out.mapValues { $0.sorted { $0.name < $1.name } }
    }

    static func unescape<S: StringProtocol>(_ name: S) -> String {
        name.hasPrefix("\\") ? String(name.dropFirst()) : String(name)
    }

    /// Every kept memory of the design with its instance count, from each module's memories and `instances`
    /// (module -> how many times the design holds it), sorted by module then name.
    public static func inventory(_ byModule: [String: [MemoryMacro]], instances: [String: Int]) -> [MemoryMacro] {
        byModule.keys.sorted().flatMap { module in
            byModule[module]!.compactMap { m -> MemoryMacro? in
                guard let n = instances[module], n > 0 else { return nil }
                var m = m
                m.instances = n
                return m
            }
        }
    }
}

/// The module hierarchy of a `stat -json` report: each module's own cell types (child modules appear as types),
/// and how many times the design holds each module.
struct StatHierarchy {
    var byModule: [String: [String: Int]]
    /// The top first, then every module after all its parents.
    var order: [String]
    var instances: [String: Int]

    init(json: [String: Any], top: String) throws {
        guard let modules = json["modules"] as? [String: Any] else { throw Yosys.Failure(message: "stat -json has no modules") }
        var byModule: [String: [String: Int]] = [:]
        for (key, value) in modules {
            byModule[MemoryMacros.unescape(key)] = ((value as? [String: Any])?["num_cells_by_type"] as? [String: Int]) ?? [:]
        }
        guard byModule[top] != nil else { throw Yosys.Failure(message: "stat -json has no module \(top)") }
        // Modules in an order where every parent comes before its children: repeatedly take those whose parents are done.
        var order = [top]
        var remaining = Set(byModule.keys).subtracting([top])
        while !remaining.isEmpty {
            let ready = remaining.filter { m in !byModule.contains { parent, types in types[m] != nil && remaining.contains(parent) } }.sorted()
            guard !ready.isEmpty else { throw Yosys.Failure(message: "the module hierarchy of \(top) is recursive") }
            order += ready
            remaining.subtract(ready)
        }
        var instances: [String: Int] = [top: 1]
        for m in order {
            let count = instances[m] ?? 0
            for (type, n) in byModule[m]! where byModule[type] != nil { instances[type, default: 0] += n * count }
        }
        self.byModule = byModule
        self.order = order
        self.instances = instances
    }

    /// `stat -json` output as JSON: Yosys 0.23 prints the hierarchy ("   ShiftAddPE   8") into it, so only lines that
    /// can be JSON are kept.
    static func json(_ data: Data) throws -> [String: Any] {
        let text = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { line in line.contains { "\"{}[]".contains($0) } || line.allSatisfy(\.isWhitespace) }
            .joined(separator: "\n")
        guard let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw Yosys.Failure(message: "stat -json is not a JSON object")
        }
        return json
    }
}
