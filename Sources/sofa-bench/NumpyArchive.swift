import Foundation
import ZIPFoundation

/// Reads arrays from a numpy `.npz` (a zip of `.npy` files): enough of the format for the MiniLM data set's
/// float32 and int8 tensors (little-endian, C order).
struct NumpyArchive {
    let archive: Archive
    let path: String

    init(_ url: URL) throws {
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw NumpyError("\(url.path): not a readable zip archive (\(error))")
        }
        path = url.path
    }

    /// The raw bytes of `<name>.npy`.
    func npy(_ name: String) throws -> Data {
        guard let entry = archive["\(name).npy"] else { throw NumpyError("\(path): no array '\(name)'") }
        var data = Data()
        _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
        return data
    }

    /// A float32 array and its shape.
    func float32(_ name: String) throws -> (values: [Float], shape: [Int]) {
        let (header, body) = try split(try npy(name), name)
        guard header.descr == "<f4" else { throw NumpyError("\(path): '\(name)' is \(header.descr), expected <f4") }
        let count = header.shape.reduce(1, *)
        guard body.count == count * 4 else { throw NumpyError("\(path): '\(name)' has \(body.count) bytes for \(count) floats") }
        let values = body.withUnsafeBytes { raw in (0..<count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) } }
        return (values, header.shape)
    }

    private struct Header {
        var descr: String
        var shape: [Int]
    }

    /// Parses the `.npy` header (magic, version, a Python dict literal) and returns it with the data.
    private func split(_ data: Data, _ name: String) throws -> (Header, Data) {
        let bytes = [UInt8](data)
        guard bytes.count > 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else {
            throw NumpyError("\(path): '\(name)' is not an .npy array")
        }
        let major = bytes[6]
        let headerLength: Int, start: Int
        if major == 1 {
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            start = 10
        } else {
            guard bytes.count > 12 else { throw NumpyError("\(path): '\(name)' header is truncated") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            start = 12
        }
        guard start + headerLength <= bytes.count else { throw NumpyError("\(path): '\(name)' header is truncated") }
        let text = String(decoding: bytes[start..<(start + headerLength)], as: UTF8.self)
        guard let descr = text.firstMatch(of: /'descr':\s*'([^']*)'/)?.1,
              let shapeText = text.firstMatch(of: /'shape':\s*\(([^)]*)\)/)?.1 else {
            throw NumpyError("\(path): '\(name)' header has no descr/shape: \(text)")
        }
        if text.contains("'fortran_order': True") { throw NumpyError("\(path): '\(name)' is in Fortran order") }
        let shape = shapeText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return (Header(descr: String(descr), shape: shape), data.subdata(in: (start + headerLength)..<data.count))
    }
}

struct NumpyError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
