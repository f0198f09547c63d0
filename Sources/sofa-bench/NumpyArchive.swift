import Foundation
import NumpyFormat
import ZIPFoundation

/// Reads arrays from a numpy `.npz` (a zip of `.npy` files); each member is parsed by `NumpyFormat`.
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

    /// The array stored as `<name>.npy`.
    func array(_ name: String) throws -> NumpyArray {
        guard let entry = archive["\(name).npy"] else { throw NumpyError("\(path): no array '\(name)'") }
        var data = Data()
        _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
        return try NumpyArray(npy: data, file: "\(path)/\(name).npy")
    }

    /// A float32 array and its shape.
    func float32(_ name: String) throws -> (values: [Float], shape: [Int]) {
        let a = try array(name)
        guard case .float32(let values) = a.elements else { throw NumpyError("\(path): '\(name)' is \(a.dtype), expected float32") }
        return (values, a.shape)
    }
}

struct NumpyError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
