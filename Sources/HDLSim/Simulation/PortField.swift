import HDL

/// Where a leaf of a module's IO is among the simulation's ports: a whole input or output (by protocol index),
/// or an element of a packed vector port, at bits `lsb ..< lsb + width` of it.
struct PortField: Hashable, Sendable {
    let index: Int
    let lsb: Int
    let width: Int
    let signed: Bool
    /// Whether the field is all of its port.
    let whole: Bool
    /// The port's name, with `[element]` for an element of a packed vector.
    let name: String

    /// The port as one ground value (`PortDescriptor` of the field itself), for messages.
    func descriptor(_ direction: PortDescriptor.Direction) -> PortDescriptor {
        PortDescriptor(name: name, direction: direction, width: width, signed: signed)
    }

    /// The values it takes, in its signedness.
    var range: ClosedRange<Int> { Simulation.range(descriptor(.input)) }

    /// The bit pattern of `value` in the field's width, or nil when it does not fit.
    func words(_ value: Int) -> [UInt64]? { Simulation.words(value, port: descriptor(.input)) }

    /// The field's bits out of its port's words.
    func extract(_ words: ArraySlice<UInt64>) -> [UInt64] {
        if whole { return Array(words) }
        return BitField.extract(words, lsb: lsb, width: width)
    }

    /// A field of up to 64 bits as an integer in its signedness.
    func integer(_ words: [UInt64]) -> Int { Simulation.signedInt(words[0], width: min(64, width), signed: signed) }
}

/// Bit ranges of little-endian 64-bit words.
enum BitField {
    /// Bits `lsb ..< lsb + width` of `words`, as words of their own.
    static func extract(_ words: ArraySlice<UInt64>, lsb: Int, width: Int) -> [UInt64] {
        let base = words.startIndex
        var out = [UInt64](repeating: 0, count: (width + 63) / 64)
        for k in out.indices {
            let bit = lsb + 64 * k
            let w = bit / 64, shift = UInt64(bit % 64)
            var v = base + w < words.endIndex ? words[base + w] >> shift : 0
            if shift > 0, base + w + 1 < words.endIndex { v |= words[base + w + 1] << (64 - shift) }
            out[k] = v
        }
        return Simulation.masked(out, width)
    }

    /// `words` with bits `lsb ..< lsb + width` replaced by `value` (its low `width` bits).
    static func insert(_ value: [UInt64], into words: inout ArraySlice<UInt64>, lsb: Int, width: Int) {
        let base = words.startIndex
        if width <= 64 {
            let v = value[0] & Simulation.mask(width)
            let w = base + lsb / 64, shift = UInt64(lsb % 64)
            words[w] = words[w] & ~(Simulation.mask(width) << shift) | v << shift
            let spill = Int(shift) + width - 64
            if spill > 0, w + 1 < words.endIndex {
                words[w + 1] = words[w + 1] & ~Simulation.mask(spill) | v >> (64 - shift)
            }
            return
        }
        for b in 0..<width {
            let bit = (value[b / 64] >> UInt64(b % 64)) & 1
            let at = lsb + b
            let i = base + at / 64, mask = UInt64(1) << UInt64(at % 64)
            guard i < words.endIndex else { break }
            words[i] = bit == 1 ? words[i] | mask : words[i] & ~mask
        }
    }
}
