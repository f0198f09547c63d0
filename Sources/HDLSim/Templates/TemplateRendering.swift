/// Fills the `@NAME@` placeholders (upper-case letters and `_` between two at-signs) of a harness template.
/// The templates are ours, not user input: a placeholder without a value, or a value no placeholder uses, is
/// a bug in HDLSim that the harness tests catch, so it traps rather than producing a broken harness.
func renderTemplate(_ template: String, _ values: [String: String]) -> String {
    let bytes = Array(template.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + values.values.reduce(0) { $0 + $1.utf8.count })
    var used = Set<String>()
    var i = 0
    while i < bytes.count {
        if bytes[i] == UInt8(ascii: "@") {
            var j = i + 1
            while j < bytes.count, (65...90).contains(bytes[j]) || bytes[j] == UInt8(ascii: "_") { j += 1 }
            if j > i + 1, j < bytes.count, bytes[j] == UInt8(ascii: "@") {
                let name = String(decoding: bytes[(i + 1)..<j], as: UTF8.self)
                guard let value = values[name] else { preconditionFailure("harness template placeholder @\(name)@ has no value") }
                out += value.utf8
                used.insert(name)
                i = j + 1
                continue
            }
        }
        out.append(bytes[i])
        i += 1
    }
    precondition(used == Set(values.keys), "harness template values never used: \(Set(values.keys).subtracting(used).sorted())")
    return String(decoding: out, as: UTF8.self)
}
