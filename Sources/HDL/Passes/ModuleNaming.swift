/// Final Verilog module names: the type name (or `moduleName`) when one module has it; otherwise the
/// parameters that tell the variants apart are appended (`Counter_width4`, `Counter_width8`). The top
/// keeps its bare name; a black box keeps its exact name, and a generated module that would take it is renamed.
/// Deterministic: depends only on the modules and their order.
enum ModuleNaming {
    static func assign(_ modules: [ModuleIR]) -> [String] {
        var names = [String](repeating: "", count: modules.count)
        var used = Set<String>()
        let top = modules.count - 1
        var groups: [String: [Int]] = [:]
        var order: [String] = []
        for (i, m) in modules.enumerated() where m.blackBox != nil {
            names[i] = m.baseName
            used.insert(m.baseName)
        }
        for (i, m) in modules.enumerated() where m.blackBox == nil {
            let base = VerilogNames.legalize(m.baseName)
            if groups[base] == nil { order.append(base) }
            groups[base, default: []].append(i)
        }
        if top >= 0 {
            let base = VerilogNames.legalize(modules[top].baseName)
            names[top] = base
            used.insert(base)
        }
        for base in order {
            let members = groups[base]!.filter { $0 != top }
            if members.isEmpty { continue }
            if members.count == 1 && !used.contains(base) && groups[base]!.count == 1 {
                names[members[0]] = base
                used.insert(base)
                continue
            }
            // Parameters whose values differ within the group name the variants.
            let all = groups[base]!
            let paramNames = modules[all[0]].parameters.map(\.name)
            let distinguishing = paramNames.filter { p in
                Set(all.map { i in modules[i].parameters.first { $0.name == p }?.value ?? "" }).count > 1
            }
            for i in members {
                let suffix = distinguishing.compactMap { p -> String? in
                    guard let v = modules[i].parameters.first(where: { $0.name == p })?.value else { return nil }
                    return VerilogNames.sanitizeFragment("\(p)\(v)")
                }.joined(separator: "_")
                var candidate = suffix.isEmpty ? base : "\(base)_\(suffix)"
                var k = 1
                while used.contains(candidate) || VerilogNames.isReserved(candidate) {
                    candidate = suffix.isEmpty ? "\(base)_\(k)" : "\(base)_\(suffix)_\(k)"
                    k += 1
                }
                names[i] = candidate
                used.insert(candidate)
            }
        }
        return names
    }
}
