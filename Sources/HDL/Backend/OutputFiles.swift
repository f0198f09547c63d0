import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The output-folder policy for commands whose outputs are files the user names one by one (`sofa-gen attention
/// --out O.npy --report report.json`), rather than a folder (`OutputFolder`):
///
/// - A named file is created, or replaced when it is a regular file (the user named it); a folder, FIFO, socket or
///   device of that name is refused, and a symbolic link is followed to the regular file it names (the link stays).
/// - Every file is first written under a short temporary name (`.sofa-gen-tmp-<pid>-<n>`, within NAME_MAX) in its
///   destination's folder; only when all are written are they renamed into place, together, while holding the
///   folders' locks (so two runs writing the same pair leave one run's pair, never a mix).
/// - Missing parent folders are created; on any failure the temporaries and the folders created are removed.
///   Paths over PATH_MAX or with a name over NAME_MAX are refused before anything is created.
///
/// Errors are `OutputFolder.Refusal`s, one line naming the path as given.
public enum OutputFiles {
    public static func write(_ files: [(path: String, contents: Data)]) throws {
        var createdFolders: [String] = []
        var temporaries: [String] = []
        var locks: [Int32] = []
        func undo() {
            for temporary in temporaries { unlink(temporary) }
            for fd in locks { close(fd) }
            for folder in createdFolders.reversed() { rmdir(folder) }
        }
        do {
            // Every destination checked and resolved before anything is created.
            let base = FileManager.default.currentDirectoryPath + "/"
            var destinations: [(shown: String, absolute: String)] = []
            for (path, _) in files {
                guard !path.isEmpty, !path.utf8.contains(0) else { throw OutputFolder.Refusal("an output file is an empty path") }
                let absolute = path.hasPrefix("/") ? path : base + path
                try checkLength(absolute, shown: path)
                guard !path.hasSuffix("/") else { throw OutputFolder.Refusal("refusing to write \(path): it names a folder, not a file") }
                var destination = absolute
                switch OutputFolder.fileType(absolute, followLinks: false) {
                case nil, .regular?: break
                case .symbolicLink?:
                    guard OutputFolder.fileType(absolute, followLinks: true) == .regular, let target = OutputFolder.realPath(absolute) else {
                        throw OutputFolder.Refusal("refusing to write \(path): it is a symbolic link to something other than a file")
                    }
                    destination = target
                case .some(let type):
                    throw OutputFolder.Refusal("refusing to write \(path): it is \(type.article), not a file")
                }
                if destinations.contains(where: { $0.absolute == destination }) {
                    throw OutputFolder.Refusal("\(path) is named twice as an output")
                }
                destinations.append((path, destination))
            }

            // Parent folders (created when missing), each locked once, then the temporaries.
            var lockedFolders: [String] = []
            var folderLocks: [(folder: String, fd: Int32)] = []
            var counter = 0
            for ((shown, absolute), (_, contents)) in zip(destinations, files) {
                let folder = String(absolute[..<absolute.lastIndex(of: "/")!])
                try makeFolders(folder.isEmpty ? "/" : folder, shown: shown, created: &createdFolders)
                if !lockedFolders.contains(folder) {
                    let fd = open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                    guard fd >= 0 else { throw OutputFolder.Refusal("cannot open the folder of \(shown): \(errnoString())") }
                    locks.append(fd)
                    folderLocks.append((folder, fd))
                    lockedFolders.append(folder)
                }
                counter += 1
                let temporary = folder + "/" + OutputFolder.temporaryPrefix + "\(getpid())-\(counter)"
                try writeFile(temporary, contents, shown: shown)
                temporaries.append(temporary)
            }
            // In path order, so two runs naming the same folders cannot wait for each other.
            for (_, fd) in folderLocks.sorted(by: { $0.folder < $1.folder }) {
                while flock(fd, LOCK_EX) != 0 {
                    guard errno == EINTR else { throw OutputFolder.Refusal("cannot lock an output folder: \(errnoString())") }
                }
            }
            for (temporary, destination) in zip(temporaries, destinations) {
                guard rename(temporary, destination.absolute) == 0 else {
                    throw OutputFolder.Refusal("cannot write \(destination.shown): \(errnoString())")
                }
            }
            temporaries = []
            createdFolders = []
            undo()
        } catch {
            undo()
            throw error
        }
    }

    static func checkLength(_ absolute: String, shown: String) throws {
        if absolute.utf8.count >= OutputFolder.pathMax {
            throw OutputFolder.Refusal("the path \(shown) is too long: \(absolute.utf8.count) bytes as an absolute path (the limit is \(OutputFolder.pathMax - 1))")
        }
        if let long = absolute.split(separator: "/").first(where: { $0.utf8.count > OutputFolder.nameMax }) {
            throw OutputFolder.Refusal("a name in \(shown) is too long: \(long.utf8.count) bytes (the limit is \(OutputFolder.nameMax))")
        }
    }

    /// `mkdir -p folder`, recording what it created; every existing component must be a folder.
    static func makeFolders(_ folder: String, shown: String, created: inout [String]) throws {
        var prefix = ""
        for component in folder.split(separator: "/") {
            prefix += "/" + component
            switch OutputFolder.fileType(prefix, followLinks: true) {
            case .directory?: continue
            case nil:
                if mkdir(prefix, 0o777) == 0 {
                    created.append(prefix)
                } else if errno != EEXIST {
                    throw OutputFolder.Refusal("cannot write \(shown): \(prefix) cannot be created (\(errnoString()))")
                }
            case .some(let type):
                throw OutputFolder.Refusal("cannot write \(shown): \(prefix) is \(type.article), not a folder")
            }
        }
    }

    static func writeFile(_ path: String, _ contents: Data, shown: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw OutputFolder.Refusal("cannot write \(shown): \(errnoString())") }
        var failure: String?
        contents.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                #if canImport(Glibc)
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                #else
                let n = Darwin.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                #endif
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errnoString()
                    return
                }
                offset += n
            }
        }
        if close(fd) != 0, failure == nil { failure = errnoString() }
        if let failure {
            unlink(path)
            throw OutputFolder.Refusal("cannot write \(shown): \(failure)")
        }
    }

    static func errnoString() -> String { String(cString: strerror(errno)) }
}
