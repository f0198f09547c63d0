/// Merges structurally identical modules (two parameter values that produce the same hardware become one
/// Verilog module) and then gives every module its final, unique name.
enum Deduplication {
    /// Consumes `modules`: each is moved out of the array before it is changed, so nothing is copied.
    static func run(_ modules: consuming [ModuleIR]) -> Circuit {
        var modules = modules
        var canonical: [Int] = []
        var kept: [ModuleIR] = []
        var seen: [ModuleIR: Int] = [:]
        for i in modules.indices {
            var m = modules[i]
            modules[i] = .placeholder
            for j in m.instances.indices { m.instances[j].module = canonical[m.instances[j].module] }
            // The top (last) is instantiated by nothing: it cannot stand in for another module, nor be replaced.
            if i == modules.count - 1 {
                canonical.append(kept.count)
                kept.append(m)
                continue
            }
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
