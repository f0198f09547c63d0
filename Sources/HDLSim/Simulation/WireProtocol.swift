/// The text protocol between `Simulation` and a simulator harness. One command per line, values in hex:
///
///     p <input> <hex>   set an input (inputs numbered in port order, without clk)
///     s <n>             n clock cycles (rising then falling edge)
///     g <output>        answer one line: the output's value in hex
///     v <n>             n vector rows follow, each "<hex> <hex> ..." for every input; per row: apply,
///                       answer one line with every output, then one clock cycle
///     f                 answer "." and flush (the end of a batch)
///     q                 quit
///
/// Unknown bits (Icarus) appear as x/z digits in answers.
struct CommandBuffer {
    private(set) var bytes: [UInt8] = []

    mutating func reserve(_ n: Int) { bytes.reserveCapacity(bytes.count + n) }

    mutating func poke(_ input: Int, _ words: [UInt64], width: Int) {
        bytes.append(UInt8(ascii: "p")); bytes.append(32)
        appendDecimal(input); bytes.append(32)
        appendHex(words, width: width)
        bytes.append(10)
    }

    mutating func step(_ n: Int) {
        bytes.append(UInt8(ascii: "s")); bytes.append(32)
        appendDecimal(n); bytes.append(10)
    }

    mutating func sample(_ output: Int) {
        bytes.append(UInt8(ascii: "g")); bytes.append(32)
        appendDecimal(output); bytes.append(10)
    }

    mutating func vectorHeader(_ rows: Int) {
        bytes.append(UInt8(ascii: "v")); bytes.append(32)
        appendDecimal(rows); bytes.append(10)
    }

    mutating func flush() { bytes.append(UInt8(ascii: "f")); bytes.append(10) }
    mutating func quit() { bytes.append(UInt8(ascii: "q")); bytes.append(10) }
    mutating func space() { bytes.append(32) }
    mutating func newline() { bytes.append(10) }
    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    mutating func appendDecimal(_ n: Int) {
        if n < 10 { bytes.append(UInt8(48 + n)); return }
        var digits: [UInt8] = []
        var v = n
        while v > 0 { digits.append(UInt8(48 + v % 10)); v /= 10 }
        bytes.append(contentsOf: digits.reversed())
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Minimal hex of a 64-bit value (no leading zeros; "0" for zero).
    mutating func appendHex(_ v: UInt64) {
        if v == 0 { bytes.append(48); return }
        var shift = (63 - v.leadingZeroBitCount) / 4 * 4
        while shift >= 0 {
            bytes.append(Self.hexDigits[Int((v >> UInt64(shift)) & 0xF)])
            shift -= 4
        }
    }

    mutating func appendHex(_ words: [UInt64], width: Int) {
        var top = min(words.count, (width + 63) / 64) - 1
        while top > 0 && words[top] == 0 { top -= 1 }
        appendHex(words[top])
        if top > 0 {
            for i in stride(from: top - 1, through: 0, by: -1) {
                let w = words[i]
                for shift in stride(from: 60, through: 0, by: -4) {
                    bytes.append(Self.hexDigits[Int((w >> UInt64(shift)) & 0xF)])
                }
            }
        }
    }
}

/// One value read back from a harness: little-endian words, and whether any bit was x/z.
struct HexToken {
    var words: [UInt64]
    var unknown: Bool
}

/// Parses answer lines: hex tokens separated by spaces, lines by newlines.
struct ResponseParser {
    let bytes: [UInt8]
    private(set) var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var atEnd: Bool { position >= bytes.count }

    /// The next token on the current line as words of 64 bits; nil at the end of the line.
    mutating func nextToken(wordCount: Int) -> HexToken? {
        while position < bytes.count && bytes[position] == 32 { position += 1 }
        guard position < bytes.count, bytes[position] != 10 else { return nil }
        let start = position
        while position < bytes.count && bytes[position] != 32 && bytes[position] != 10 { position += 1 }
        var words = [UInt64](repeating: 0, count: max(1, wordCount))
        var unknown = false
        var bit = 0
        var i = position - 1
        while i >= start {
            let c = bytes[i]
            var nibble: UInt64 = 0
            switch c {
            case 48...57: nibble = UInt64(c - 48)
            case 97...102: nibble = UInt64(c - 87)
            case 65...70: nibble = UInt64(c - 55)
            default: unknown = true  // x, X, z, Z
            }
            if bit / 64 < words.count { words[bit / 64] |= nibble << UInt64(bit % 64) }
            bit += 4
            i -= 1
        }
        return HexToken(words: words, unknown: unknown)
    }

    /// The next token on the current line as one 64-bit word (for outputs of up to 64 bits) and whether it had
    /// x/z digits; nil at the end of the line. No allocation: the hot path of `stream`.
    mutating func nextWord() -> (UInt64, Bool)? {
        while position < bytes.count && bytes[position] == 32 { position += 1 }
        guard position < bytes.count, bytes[position] != 10 else { return nil }
        var value: UInt64 = 0
        var unknown = false
        while position < bytes.count {
            let c = bytes[position]
            if c == 32 || c == 10 { break }
            let nibble: UInt64
            switch c {
            case 48...57: nibble = UInt64(c - 48)
            case 97...102: nibble = UInt64(c - 87)
            case 65...70: nibble = UInt64(c - 55)
            default: nibble = 0; unknown = true
            }
            value = value << 4 | nibble
            position += 1
        }
        return (value, unknown)
    }

    /// Skips to the start of the next line.
    mutating func endLine() {
        while position < bytes.count && bytes[position] != 10 { position += 1 }
        if position < bytes.count { position += 1 }
    }
}
