import Foundation

/// The header of an `.npy` file (format versions 1.0, 2.0 and 3.0, numpy's `lib/format.py`): the magic string
/// `\x93NUMPY`, the version, the header length, then a Python dict literal with exactly the keys `descr`,
/// `fortran_order` and `shape`, padded with spaces and ended by a newline. The data follows the header.
struct NumpyHeader: Equatable {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]

    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// numpy leaves room for the first axis to grow to this many digits in the headers it writes.
    static let growthAxisMaxDigits = 21

    /// Parses the header at the start of `bytes`; returns it and the offset of the data. `problem` errors say
    /// what is wrong without the file name (the caller adds it).
    static func parse(_ bytes: [UInt8]) throws -> (NumpyHeader, dataOffset: Int) {
        guard bytes.count >= 8, Array(bytes[0..<6]) == magic else {
            throw HeaderProblem(bytes.count < 6 ? "not an .npy file (only \(bytes.count) bytes)" : "not an .npy file (no \\x93NUMPY magic)")
        }
        let major = bytes[6], minor = bytes[7]
        guard (1...3).contains(major), minor == 0 else { throw HeaderProblem("unsupported .npy format version \(major).\(minor)") }
        let lengthBytes = major == 1 ? 2 : 4
        guard bytes.count >= 8 + lengthBytes else { throw HeaderProblem("truncated header (the file ends in its length field)") }
        var length = 0
        for i in 0..<lengthBytes { length |= Int(bytes[8 + i]) << (8 * i) }
        let start = 8 + lengthBytes
        guard bytes.count >= start + length else {
            throw HeaderProblem("truncated header (\(bytes.count - start) of \(length) bytes)")
        }
        let raw = bytes[start..<(start + length)]
        // Versions 1 and 2 store the dict as latin-1, version 3 as UTF-8.
        let text: String
        if major == 3 {
            guard let s = String(validating: raw, as: UTF8.self) else { throw HeaderProblem("header is not valid UTF-8") }
            text = s
        } else {
            text = String(raw.map { Character(Unicode.Scalar($0)) })
        }
        return (try parseDictionary(text), start + length)
    }

    /// The dict literal: `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }` in any key order.
    static func parseDictionary(_ text: String) throws -> NumpyHeader {
        var parser = LiteralParser(text)
        let value: LiteralParser.Value
        do {
            value = try parser.parseValue()
            try parser.expectEnd()
        } catch let e as HeaderProblem {
            throw HeaderProblem("malformed header (\(e.message)): \(abbreviated(text))")
        }
        guard case .dictionary(let entries) = value else { throw HeaderProblem("header is not a dict: \(abbreviated(text))") }
        var seen: [String: LiteralParser.Value] = [:]
        for (key, v) in entries {
            guard seen.updateValue(v, forKey: key) == nil else { throw HeaderProblem("header repeats the key '\(key)'") }
        }
        let required = ["descr", "fortran_order", "shape"]
        for key in required where seen[key] == nil { throw HeaderProblem("header has no '\(key)'") }
        if let extra = seen.keys.sorted().first(where: { !required.contains($0) }) {
            throw HeaderProblem("header has an unexpected key '\(extra)'")
        }
        guard case .string(let descr) = seen["descr"]! else {
            throw HeaderProblem("structured dtypes are not supported (descr is not a type string)")
        }
        guard case .bool(let fortran) = seen["fortran_order"]! else { throw HeaderProblem("'fortran_order' is not True or False") }
        guard case .tuple(let dims) = seen["shape"]! else { throw HeaderProblem("'shape' is not a tuple") }
        var shape: [Int] = []
        for d in dims {
            guard case .integer(let n) = d, n >= 0 else { throw HeaderProblem("'shape' holds something other than non-negative integers") }
            shape.append(n)
        }
        return NumpyHeader(descr: descr, fortranOrder: fortran, shape: shape)
    }

    /// The header bytes numpy itself writes for this dict (format 1.0 while the dict fits 65535 bytes, else 2.0):
    /// keys sorted, the shape's repr, room for the first axis to grow, padded so the data starts at a multiple
    /// of 64 bytes.
    func encoded() -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dict = "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(shapeText), }"
        if let grow = shape.first.map({ Self.growthAxisMaxDigits - String(fortranOrder ? shape.last! : $0).count }) {
            dict += String(repeating: " ", count: max(0, grow))
        }
        let body = Array(dict.utf8)
        for major: UInt8 in [1, 2] {
            let prefix = Self.magic.count + 2 + (major == 1 ? 2 : 4)
            let unpadded = prefix + body.count + 1
            let padding = (64 - unpadded % 64) % 64
            let length = body.count + padding + 1
            if major == 1 && length > 0xFFFF { continue }
            var out = Self.magic + [major, 0]
            for i in 0..<(major == 1 ? 2 : 4) { out.append(UInt8((length >> (8 * i)) & 0xFF)) }
            return out + body + [UInt8](repeating: 0x20, count: padding) + [0x0A]
        }
        fatalError("unreachable: format 2.0 takes any header length")
    }

    private static func abbreviated(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.count > 120 ? String(trimmed.prefix(120)) + "..." : trimmed
    }
}

struct HeaderProblem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Just enough of Python's literal syntax for `.npy` headers: dicts, tuples, lists, strings, integers, True,
/// False and None.
struct LiteralParser {
    indirect enum Value: Equatable {
        case dictionary([(String, Value)])
        case tuple([Value])
        case list([Value])
        case string(String)
        case integer(Int)
        case bool(Bool)
        case none

        static func == (a: Value, b: Value) -> Bool {
            switch (a, b) {
            case (.dictionary(let x), .dictionary(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
            case (.tuple(let x), .tuple(let y)), (.list(let x), .list(let y)): x == y
            case (.string(let x), .string(let y)): x == y
            case (.integer(let x), .integer(let y)): x == y
            case (.bool(let x), .bool(let y)): x == y
            case (.none, .none): true
            default: false
            }
        }
    }

    private let chars: [Character]
    private var i = 0

    init(_ text: String) { chars = Array(text) }

    mutating func expectEnd() throws {
        skipSpace()
        guard i == chars.count else { throw HeaderProblem("unexpected '\(chars[i])' after the dict") }
    }

    mutating func parseValue() throws -> Value {
        skipSpace()
        guard i < chars.count else { throw HeaderProblem("ends early") }
        switch chars[i] {
        case "{":
            i += 1
            var entries: [(String, Value)] = []
            while true {
                skipSpace()
                if take("}") { return .dictionary(entries) }
                guard case .string(let key) = try parseValue() else { throw HeaderProblem("a dict key is not a string") }
                skipSpace()
                guard take(":") else { throw HeaderProblem("expected ':' after '\(key)'") }
                entries.append((key, try parseValue()))
                skipSpace()
                if take("}") { return .dictionary(entries) }
                guard take(",") else { throw HeaderProblem("expected ',' or '}' in the dict") }
            }
        case "(", "[":
            let close: Character = chars[i] == "(" ? ")" : "]"
            let isTuple = chars[i] == "("
            i += 1
            var items: [Value] = []
            var sawComma = false
            while true {
                skipSpace()
                if take(close) { break }
                items.append(try parseValue())
                skipSpace()
                if take(close) { break }
                guard take(",") else { throw HeaderProblem("expected ',' or '\(close)'") }
                sawComma = true
            }
            // (x) without a comma is a parenthesized value, not a tuple.
            if isTuple && items.count == 1 && !sawComma { return items[0] }
            return isTuple ? .tuple(items) : .list(items)
        case "'", "\"":
            let quote = chars[i]
            i += 1
            var s = ""
            while i < chars.count && chars[i] != quote {
                if chars[i] == "\\" && i + 1 < chars.count { i += 1 }
                s.append(chars[i])
                i += 1
            }
            guard take(quote) else { throw HeaderProblem("unterminated string") }
            return .string(s)
        case let c where c.isNumber || c == "-" || c == "+":
            var digits = String(c)
            i += 1
            while i < chars.count, chars[i].isNumber { digits.append(chars[i]); i += 1 }
            _ = take("L")   // Python 2 long suffix, found in old files
            guard let n = Int(digits) else { throw HeaderProblem("bad integer '\(digits)'") }
            return .integer(n)
        default:
            var word = ""
            while i < chars.count, chars[i].isLetter || chars[i] == "_" { word.append(chars[i]); i += 1 }
            switch word {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return .none
            default: throw HeaderProblem(word.isEmpty ? "unexpected '\(chars[i])'" : "unexpected '\(word)'")
            }
        }
    }

    private mutating func skipSpace() {
        while i < chars.count, chars[i].isWhitespace { i += 1 }
    }

    private mutating func take(_ c: Character) -> Bool {
        guard i < chars.count, chars[i] == c else { return false }
        i += 1
        return true
    }
}
