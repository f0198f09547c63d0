import Foundation

/// An n-dimensional array as stored in a numpy `.npy` file: a shape and its elements in C (row-major) order.
///
/// Reading takes int8, float16 and float32 data in either byte order (format versions 1.0-3.0) and rejects,
/// with an error naming the file and the problem, anything else: Fortran order, object or structured dtypes,
/// other element types, malformed headers, data shorter or longer than the shape says. Writing produces the
/// bytes `numpy.save` produces for the same array (format 1.0, little-endian).
public struct NumpyArray: Sendable, Equatable {
    public enum Elements: Sendable, Equatable {
        case int8([Int8])
        /// IEEE 754 binary16 bit patterns (kept as bits: `Float16` is not on every platform Swift runs on).
        case float16([UInt16])
        case float32([Float])

        public var count: Int {
            switch self {
            case .int8(let v): v.count
            case .float16(let v): v.count
            case .float32(let v): v.count
            }
        }
    }

    public let shape: [Int]
    public let elements: Elements

    /// Checks that the elements fill the shape exactly.
    public init(shape: [Int], elements: Elements) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw NumpyFormatError(file: "<array>", "negative dimension in shape \(shape)")
        }
        guard let count = Self.elementCount(shape), count == elements.count else {
            throw NumpyFormatError(file: "<array>", "\(elements.count) elements do not fill shape \(shape)")
        }
        self.shape = shape
        self.elements = elements
    }

    public var dtype: NumpyDType {
        switch elements {
        case .int8: .int8
        case .float16: .float16
        case .float32: .float32
        }
    }

    public var count: Int { elements.count }

    /// The elements as Float (int8 and float16 convert exactly).
    public var floatValues: [Float] {
        switch elements {
        case .int8(let v): v.map(Float.init)
        case .float16(let v): v.map(Self.float(fromHalf:))
        case .float32(let v): v
        }
    }

    /// The product of the dimensions, nil on overflow.
    static func elementCount(_ shape: [Int]) -> Int? {
        var n = 1
        for d in shape {
            let (p, overflow) = n.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            n = p
        }
        return n
    }

    // MARK: Reading

    /// Reads an `.npy` file; errors name `url.path`.
    public static func read(contentsOf url: URL) throws -> NumpyArray {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let reason = FileManager.default.fileExists(atPath: url.path) ? "cannot be read" : "no such file"
            throw NumpyFormatError(file: url.path, reason)
        }
        return try NumpyArray(npy: data, file: url.path)
    }

    /// Parses the bytes of an `.npy` file; `file` names it in errors.
    public init(npy data: Data, file: String) throws {
        let bytes = [UInt8](data)
        let header: NumpyHeader, offset: Int
        do {
            (header, offset) = try NumpyHeader.parse(bytes)
        } catch let e as HeaderProblem {
            throw NumpyFormatError(file: file, e.message)
        }
        guard !header.fortranOrder else {
            throw NumpyFormatError(file: file, "is in Fortran order (save it in C order, e.g. numpy.ascontiguousarray)")
        }
        guard let (type, bigEndian) = NumpyDType.parse(header.descr) else {
            throw NumpyFormatError(file: file, "unsupported dtype \(NumpyDType.describe(header.descr)); expected int8, float16 or float32")
        }
        guard let count = Self.elementCount(header.shape), count.multipliedReportingOverflow(by: type.itemSize).overflow == false else {
            throw NumpyFormatError(file: file, "shape \(header.shape) is too large")
        }
        let expected = count * type.itemSize
        let available = bytes.count - offset
        guard available >= expected else {
            throw NumpyFormatError(file: file, "truncated data: \(available) of \(expected) bytes for shape \(header.shape) \(type.rawValue)")
        }
        guard available == expected else {
            throw NumpyFormatError(file: file, "\(available - expected) bytes after the data of shape \(header.shape) \(type.rawValue)")
        }
        func word(_ i: Int, _ size: Int) -> UInt32 {
            var w: UInt32 = 0
            for b in 0..<size {
                let byte = UInt32(bytes[offset + i * size + (bigEndian ? size - 1 - b : b)])
                w |= byte << (8 * UInt32(b))
            }
            return w
        }
        let elements: Elements
        switch type {
        case .int8: elements = .int8(bytes[offset...].map { Int8(bitPattern: $0) })
        case .float16: elements = .float16((0..<count).map { UInt16(word($0, 2)) })
        case .float32: elements = .float32((0..<count).map { Float(bitPattern: word($0, 4)) })
        }
        self.shape = header.shape
        self.elements = elements
    }

    // MARK: Writing

    /// The `.npy` bytes: numpy's format 1.0 header for this shape and dtype, then little-endian C-order data.
    public func npyData() -> Data {
        var out = NumpyHeader(descr: dtype.descr, fortranOrder: false, shape: shape).encoded()
        out.reserveCapacity(out.count + count * dtype.itemSize)
        switch elements {
        case .int8(let v): out += v.map { UInt8(bitPattern: $0) }
        case .float16(let v): for h in v { out += [UInt8(h & 0xFF), UInt8(h >> 8)] }
        case .float32(let v):
            for f in v {
                let b = f.bitPattern
                out += [UInt8(b & 0xFF), UInt8((b >> 8) & 0xFF), UInt8((b >> 16) & 0xFF), UInt8(b >> 24)]
            }
        }
        return Data(out)
    }

    // MARK: float16

    /// binary16 -> binary32, exact (subnormals, infinities and NaN included).
    public static func float(fromHalf h: UInt16) -> Float {
        let sign = UInt32(h >> 15) << 31
        let exponent = Int((h >> 10) & 0x1F)
        let fraction = UInt32(h & 0x3FF)
        if exponent == 0x1F { return Float(bitPattern: sign | 0x7F80_0000 | (fraction << 13)) }
        if exponent == 0 {
            // Subnormal (or zero): fraction * 2^-24.
            let magnitude = Float(fraction) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign != 0 ? -magnitude : magnitude
        }
        return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (fraction << 13))
    }

    /// binary32 -> binary16, rounded to nearest even (overflow to infinity), as numpy's astype(float16).
    public static func half(fromFloat f: Float) -> UInt16 {
        let bits = f.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        if f.isNaN { return sign | 0x7E00 }
        let magnitude = abs(f)
        if magnitude >= 65520 { return sign | 0x7C00 }   // rounds to infinity
        if magnitude < Float(sign: .plus, exponent: -14, significand: 1) {
            // Subnormal range: units of 2^-24, rounded to nearest even by Float's own rounding.
            let units = (magnitude * Float(sign: .plus, exponent: 24, significand: 1)).rounded(.toNearestOrEven)
            return sign | UInt16(units)
        }
        let e = Int((bits >> 23) & 0xFF) - 127
        let mantissa = bits & 0x7F_FFFF
        var half = UInt32(e + 15) << 10 | (mantissa >> 13)
        let rest = mantissa & 0x1FFF
        if rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1) { half += 1 }   // may carry into the exponent: correct
        return sign | UInt16(half)
    }
}

extension NumpyArray {
    public init(shape: [Int], int8 values: [Int8]) throws { try self.init(shape: shape, elements: .int8(values)) }
    public init(shape: [Int], float32 values: [Float]) throws { try self.init(shape: shape, elements: .float32(values)) }
    /// float16 from Float values, rounded to nearest even.
    public init(shape: [Int], float16 values: [Float]) throws {
        try self.init(shape: shape, elements: .float16(values.map(Self.half(fromFloat:))))
    }
}
