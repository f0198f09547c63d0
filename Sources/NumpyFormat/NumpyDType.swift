/// The element types this library reads and writes: what attention tensors come as (int8 with a scale, or float).
public enum NumpyDType: String, Sendable, Hashable, CaseIterable {
    case int8
    case float16
    case float32

    /// Bytes per element.
    public var itemSize: Int {
        switch self {
        case .int8: 1
        case .float16: 2
        case .float32: 4
        }
    }

    /// The `descr` numpy writes for it on a little-endian machine (int8 has no byte order: `|`).
    public var descr: String {
        switch self {
        case .int8: "|i1"
        case .float16: "<f2"
        case .float32: "<f4"
        }
    }

    /// The type and byte order a `descr` string names, or nil when it is none of the three. numpy writes `|i1`,
    /// `<f2`, `<f4` (and `>` for big-endian data); `=` (native) is read as little-endian, as numpy does on the
    /// machines this runs on.
    static func parse(_ descr: String) -> (type: NumpyDType, bigEndian: Bool)? {
        guard let order = descr.first, "<>|=".contains(order) || order.isLetter else { return nil }
        let code = order.isLetter ? descr : String(descr.dropFirst())
        let bigEndian = order == ">"
        switch code {
        case "i1", "b": return (.int8, false)
        case "f2", "e": return (.float16, bigEndian)
        case "f4", "f": return (.float32, bigEndian)
        default: return nil
        }
    }

    /// A readable name for a numpy type code the reader does not take, for error messages (`<f8` -> float64).
    static func describe(_ descr: String) -> String {
        let code = descr.first.map { "<>|=".contains($0) } == true ? String(descr.dropFirst()) : descr
        let kinds: [Character: String] = ["f": "float", "i": "int", "u": "uint", "c": "complex", "b": "bool",
                                          "O": "object", "U": "unicode string", "S": "byte string", "V": "void",
                                          "M": "datetime", "m": "timedelta"]
        guard let kind = code.first, let name = kinds[kind] else { return "'\(descr)'" }
        if let bytes = Int(code.dropFirst()), ["f", "i", "u", "c"].contains(kind) {
            return "'\(descr)' (\(name)\(bytes * 8))"
        }
        return "'\(descr)' (\(name))"
    }
}
