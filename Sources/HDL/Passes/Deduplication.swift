/// Merges structurally identical modules (two parameter values that produce the same hardware become one
/// Verilog module) and then gives every module its final, unique name.
enum Deduplication {
    static func run(_ modules: [ModuleIR]) -> Circuit {
        var canonical: [Int] = []
        var kept: [ModuleIR] = []
        var seen: [ModuleIR: Int] = [:]
        for var m in modules {
            for j in m.instances.indices { m.instances[j].module = canonical[m.instances[j].module] }
            let key = m.structure
            if let existing = seen[key] {
                canonical.append(existing)
            } else {
                seen[key] = kept.count
                canonical.append(kept.count)
                kept.append(m)
            }
        }
        return Circuit(modules: kept, names: ModuleNaming.assign(kept))
    }
}
