import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive advisory lock on a file (`flock`), held while `body` runs. Serializes simulator builds
/// between concurrent tests and processes: on two cores, parallel builds are no faster and collide.
func withFileLock<T>(_ path: URL, _ body: () async throws -> T) async throws -> T {
    try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
    let fd = open(path.path, O_CREAT | O_RDWR, 0o644)
    guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path.path]) }
    defer { close(fd) }
    // Blocking flock would stall a cooperative thread; poll instead.
    while flock(fd, LOCK_EX | LOCK_NB) != 0 {
        try await Task.sleep(nanoseconds: 50_000_000)
    }
    defer { flock(fd, LOCK_UN) }
    return try await body()
}
