import Foundation
import NumpyFormat
import Testing

/// Files written by numpy itself (scripts/make-npy-fixtures.py), so the reader and writer are checked against the
/// real format without numpy at test time.
enum NumpyFixtures {
    static func url(_ name: String) -> URL { Bundle.module.resourceURL!.appendingPathComponent("Fixtures/\(name)") }
    static func data(_ name: String) throws -> Data { try Data(contentsOf: url(name)) }
}

@Suite struct NumpyArrayReadingTests {
    @Test func readsInt8() throws {
        let a = try NumpyArray.read(contentsOf: NumpyFixtures.url("int8_2x3.npy"))
        #expect(a.shape == [2, 3] && a.dtype == .int8)
        #expect(a.elements == .int8([-128, -1, 0, 1, 2, 127]))
        #expect(a.floatValues == [-128, -1, 0, 1, 2, 127])
    }

    @Test func readsFloat32InCOrder() throws {
        let a = try NumpyArray.read(contentsOf: NumpyFixtures.url("float32_2x2x3.npy"))
        #expect(a.shape == [2, 2, 3] && a.dtype == .float32)
        // numpy computed (i - 5.5) / 3 in float32; Float does the same two roundings.
        #expect(a.floatValues == (0..<12).map { (Float($0) - 5.5) / 3 })
    }

    @Test func readsFloat16IncludingSubnormalsAndInfinities() throws {
        let a = try NumpyArray.read(contentsOf: NumpyFixtures.url("float16_specials.npy"))
        #expect(a.shape == [9] && a.dtype == .float16)
        let f = a.floatValues
        #expect(Array(f[0..<6]) == [0, 0, 1.5, 65504, 0x1p-24, -0x1p-14])
        #expect(f[1].sign == .minus && f[6] == .infinity && f[7] == -.infinity)
        #expect(f[8] == 0.0999755859375)   // 0.1 rounded to binary16
    }

    @Test func readsBigEndianScalarsEmptyArraysAndLaterVersions() throws {
        #expect(try NumpyArray.read(contentsOf: NumpyFixtures.url("float32_big_endian.npy")).floatValues == [1, -2.5, 3.25])
        let scalar = try NumpyArray.read(contentsOf: NumpyFixtures.url("float32_scalar.npy"))
        #expect(scalar.shape == [] && scalar.floatValues == [7.5])
        let empty = try NumpyArray.read(contentsOf: NumpyFixtures.url("float32_0x4.npy"))
        #expect(empty.shape == [0, 4] && empty.count == 0)
        for name in ["float32_version2.npy", "float32_version3.npy"] {
            let a = try NumpyArray.read(contentsOf: NumpyFixtures.url(name))
            #expect(a.shape == [1, 2] && a.floatValues == [1, 2], "\(name)")
        }
    }

    /// Each rejected file gives one error naming the file and the problem.
    @Test(arguments: [
        ("float32_fortran.npy", "Fortran order"),
        ("float64_3.npy", "unsupported dtype '<f8' (float64)"),
        ("int32_3.npy", "unsupported dtype '<i4' (int32)"),
        ("object.npy", "unsupported dtype '|O' (object)"),
        ("structured.npy", "structured dtypes are not supported"),
    ])
    func rejectsWhatItDoesNotRead(_ name: String, _ problem: String) throws {
        let url = NumpyFixtures.url(name)
        let error = try #require(throws: NumpyFormatError.self) { try NumpyArray.read(contentsOf: url) }
        #expect(error.file == url.path)
        #expect(error.problem.contains(problem), "\(error)")
        #expect(!error.description.contains("\n"))
    }
}

@Suite struct NumpyArrayMalformedTests {
    static func problem(_ bytes: [UInt8]) -> String? {
        do {
            _ = try NumpyArray(npy: Data(bytes), file: "x.npy")
            return nil
        } catch let e as NumpyFormatError {
            #expect(e.file == "x.npy")
            return e.problem
        } catch {
            return "\(error)"
        }
    }

    /// A valid file's bytes with its header text replaced (length field fixed up).
    static func withHeader(_ text: String, data: [UInt8] = [0, 0, 0x80, 0x3F]) -> [UInt8] {
        let body = Array(text.utf8) + [0x0A]
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(body.count & 0xFF), UInt8(body.count >> 8)] + body + data
    }

    @Test func truncatedData() throws {
        let good = [UInt8](try NumpyFixtures.data("float32_2x2x3.npy"))
        for cut in [1, 4, 47] {
            let p = Self.problem(Array(good.dropLast(cut)))
            #expect(p?.hasPrefix("truncated data: \(48 - cut) of 48 bytes") == true, "\(p ?? "accepted")")
        }
        #expect(Self.problem(good + [0])?.contains("1 bytes after the data") == true)
    }

    @Test func truncatedOrMissingHeader() throws {
        let good = [UInt8](try NumpyFixtures.data("int8_2x3.npy"))
        #expect(Self.problem([]) == "not an .npy file (only 0 bytes)")
        #expect(Self.problem(Array(good.prefix(9)))?.hasPrefix("truncated header") == true)
        #expect(Self.problem(Array(good.prefix(40)))?.hasPrefix("truncated header (30 of 118 bytes)") == true)
        #expect(Self.problem(Array("PK\u{3}\u{4}this is a zip".utf8)) == "not an .npy file (no \\x93NUMPY magic)")
        var version = good
        version[6] = 9
        #expect(Self.problem(version) == "unsupported .npy format version 9.0")
    }

    @Test(arguments: [
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), ", "malformed header"),
        ("{'descr': '<f4', 'fortran_order': False}", "header has no 'shape'"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}", "unexpected key 'extra'"),
        ("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", "repeats the key 'descr'"),
        ("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}", "'fortran_order' is not True or False"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}", "non-negative integers"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': [1]}", "'shape' is not a tuple"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 'a')}", "non-negative integers"),
        ("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1,)}", "malformed header"),
        ("['descr', '<f4']", "header is not a dict"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}", "malformed header"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296)}", "too large"),
    ])
    func badHeaders(_ header: String, _ expected: String) {
        let p = Self.problem(Self.withHeader(header))
        #expect(p?.contains(expected) == true, "\(p ?? "accepted")")
    }

    /// The header forms numpy accepts: any key order, no trailing comma, (x) as x, a Python 2 long.
    @Test func lenientWhereNumpyIs() throws {
        let a = try NumpyArray(npy: Data(Self.withHeader("{'shape': (1L,), 'fortran_order': False, 'descr': '<f4'}")), file: "x.npy")
        #expect(a.shape == [1] && a.floatValues == [1])
        let b = try NumpyArray(npy: Data(Self.withHeader("{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": ((1),)}")), file: "x.npy")
        #expect(b.shape == [1])
    }
}

@Suite struct NumpyArrayWritingTests {
    /// The writer produces numpy's own bytes for the same arrays.
    @Test func writesWhatNumpyWrites() throws {
        let cases: [(String, NumpyArray)] = [
            ("int8_2x3.npy", try NumpyArray(shape: [2, 3], int8: [-128, -1, 0, 1, 2, 127])),
            ("float32_2x2x3.npy", try NumpyArray(shape: [2, 2, 3], float32: (0..<12).map { (Float($0) - 5.5) / 3 })),
            ("float32_scalar.npy", try NumpyArray(shape: [], float32: [7.5])),
            ("float32_0x4.npy", try NumpyArray(shape: [0, 4], float32: [])),
            ("float16_specials.npy", try NumpyArray(shape: [9], float16: [0, -0.0, 1.5, 65504, 0x1p-24, -0x1p-14, .infinity, -.infinity, 0.1])),
        ]
        for (name, array) in cases {
            #expect(array.npyData() == (try NumpyFixtures.data(name)), "\(name)")
        }
    }

    @Test func roundTripsEveryType() throws {
        let arrays = [
            try NumpyArray(shape: [3, 1, 2], int8: [1, -2, 3, -4, 127, -128]),
            try NumpyArray(shape: [2, 2], float32: [.pi, -0.0, .greatestFiniteMagnitude, .leastNonzeroMagnitude]),
            try NumpyArray(shape: [4], float16: [1, -2, 0.5, 1000]),
            // A long shape: the header still pads the data to a multiple of 64 bytes.
            try NumpyArray(shape: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2], float32: [1, 2]),
        ]
        for a in arrays {
            let data = a.npyData()
            #expect((data.count - a.count * a.dtype.itemSize) % 64 == 0)
            #expect(try NumpyArray(npy: data, file: "x") == a)
        }
    }

    @Test func elementsMustFillTheShape() {
        #expect(throws: NumpyFormatError.self) { try NumpyArray(shape: [2, 3], float32: [1, 2]) }
        #expect(throws: NumpyFormatError.self) { try NumpyArray(shape: [-1], int8: []) }
    }

    /// float32 -> float16 rounds to nearest even, as numpy's astype does, over every float16 value and the
    /// midpoints between neighbours.
    @Test func halfConversionRoundsToNearestEven() {
        for bits in UInt16(0)...UInt16(0x7BFF) {
            let f = NumpyArray.float(fromHalf: bits)
            #expect(NumpyArray.half(fromFloat: f) == bits)
            #expect(NumpyArray.half(fromFloat: -f) == bits | 0x8000)
            let next = NumpyArray.float(fromHalf: bits + 1)
            let mid = (f + next) / 2   // exact in float32
            #expect(NumpyArray.half(fromFloat: mid) == (bits & 1 == 0 ? bits : bits + 1), "midpoint above \(bits)")
        }
        #expect(NumpyArray.half(fromFloat: 65520) == 0x7C00 && NumpyArray.half(fromFloat: 65519) == 0x7BFF)
        #expect(NumpyArray.float(fromHalf: NumpyArray.half(fromFloat: .nan)).isNaN)
    }
}
