import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way sofa-gen writes into a folder a user named, so that no file of the user's can be lost:
///
/// - The folder is new, or empty, or one this tool wrote before (it holds `.sofa-gen.json`, the list of what the
///   tool wrote there and for which purpose, its `kind`). Anything else is refused: a non-empty folder without the
///   marker, a folder of another kind (a sweep is not an emit folder), a file, a FIFO or any other non-folder, the
///   current folder or one that contains it (`.`, `..`, `sub/..`), the home folder, `/`. A symbolic link is
///   followed to the folder it names, which must pass the same rules; a link to anything else is refused.
/// - Only files the tool owns are replaced or removed; a name that exists and is not owned is never overwritten.
///   Each file is written under a short temporary name (`.sofa-gen-tmp-<pid>-<n>`, far below NAME_MAX) next to
///   its final name and renamed over it, so a reader sees the old file or the new one, never half of one.
/// - Writers of one folder take turns (`flock` on the folder), or the second is refused (`wait: false`, after a
///   grace of two seconds).
/// - A failure leaves nothing behind: temporary files are removed, and a folder this claim created (with the
///   parent folders it created) is removed again by `discard()`. Paths longer than PATH_MAX or names longer than
///   NAME_MAX are refused before anything is created.
///
/// Every error is an `OutputFolder.Refusal`, one line naming the path.
public final class OutputFolder: @unchecked Sendable {
    /// Why a folder cannot be written: one line, naming the path as the user wrote it.
    public struct Refusal: Error, CustomStringConvertible, Equatable, Sendable {
        public let message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    public static let markerName = ".sofa-gen.json"
    static let temporaryPrefix = ".sofa-gen-tmp-"
    static let pathMax = Int(PATH_MAX)
    static let nameMax = Int(NAME_MAX)

    /// The folder (symbolic links resolved).
    public let url: URL
    /// What the folder holds (`verilog`, `catalog`, `sweep`, ...): a folder of one kind is refused for another.
    public let kind: String
    /// The path as the user gave it, for messages.
    public let displayPath: String
    /// True when this claim created the folder (so `discard()` removes it).
    public let created: Bool
    /// Files (and, with a trailing `/`, folders) the tool wrote here, relative to `url`.
    public private(set) var owned: Set<String>

    private var lock: Int32
    private let createdAncestors: [String]
    private var temporaryCounter = 0
    private let mutex = NSLock()

    private init(url: URL, kind: String, displayPath: String, created: Bool, createdAncestors: [String], owned: Set<String>,
                 lock: Int32) {
        self.url = url
        self.kind = kind
        self.displayPath = displayPath
        self.created = created
        self.createdAncestors = createdAncestors
        self.owned = owned
        self.lock = lock
    }

    deinit {
        if lock >= 0 { close(lock) }
    }

    // MARK: Claiming

    /// Opens `path` for writing under the policy, creating it (and missing parents) when it does not exist, and
    /// holds its lock until `release()` (or until this object goes). With `wait` a writer already at work is
    /// waited for; without, it is a refusal.
    public static func claim(_ path: String, kind: String, wait: Bool = true) throws -> OutputFolder {
        let shown = path
        guard !path.isEmpty else { throw Refusal("the output folder is an empty path") }
        guard !path.utf8.contains(0) else { throw Refusal("the output folder path contains a NUL character") }
        let base = currentDirectory() + "/"
        let absolute = path.hasPrefix("/") ? path : base + path
        try checkLength(absolute, shown: shown)
        /// A folder on the way, as the user wrote it (relative paths stay relative).
        func shownPrefix(_ prefix: String) -> String { path.hasPrefix("/") || !prefix.hasPrefix(base) ? prefix : String(prefix.dropFirst(base.count)) }

        // Walk down from "/", creating what is missing; every existing component must be a folder.
        var components = absolute.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let last = components.popLast()
        var prefix = ""
        var createdAncestors: [String] = []
        func undoAncestors() {
            for folder in createdAncestors.reversed() { rmdir(folder) }
        }
        for component in components {
            prefix += "/" + component
            if component == "." || component == ".." { continue }
            switch fileType(prefix, followLinks: true) {
            case .directory: continue
            case nil:
                if mkdir(prefix, 0o777) == 0 {
                    createdAncestors.append(prefix)
                } else if errno != EEXIST || fileType(prefix, followLinks: true) != .directory {
                    let reason = errnoText()
                    undoAncestors()
                    throw Refusal("cannot create \(shown): \(shownPrefix(prefix)) cannot be created (\(reason))")
                }
            case .some(let type):
                undoAncestors()
                throw Refusal("cannot create \(shown): \(shownPrefix(prefix)) is \(type.article), not a folder")
            }
        }
        guard let last else { throw Refusal("refusing to write into \(shown): it is the root folder") }
        let target = prefix + "/" + last

        // The folder itself: create it, or follow what is there.
        var created = false
        switch fileType(target, followLinks: false) {
        case nil:
            if mkdir(target, 0o777) == 0 {
                created = true
            } else if errno != EEXIST {
                let reason = errnoText()
                undoAncestors()
                throw Refusal("cannot create \(shown): \(reason)")
            }
        case .symbolicLink:
            switch fileType(target, followLinks: true) {
            case .directory: break
            case nil: throw Refusal("refusing to write into \(shown): it is a symbolic link to nothing (\(linkTarget(target)))")
            case .some(let type):
                throw Refusal("refusing to write into \(shown): it is a symbolic link to \(type.article), not to a folder")
            }
        case .directory: break
        case .some(let type):
            throw Refusal("refusing to write into \(shown): it is \(type.article), not a folder")
        }

        func fail(_ message: String) -> Refusal {
            if created { rmdir(target) }
            undoAncestors()
            return Refusal(message)
        }
        guard let resolved = realPath(target) else { throw fail("cannot resolve \(shown): \(errnoText())") }
        if let reason = protectedReason(resolved) { throw fail("refusing to write into \(shown): \(reason)") }
        try checkLength(resolved, shown: shown)

        // Take the folder's lock, then look at what is inside (under the lock, so two writers agree). A folder that is
        // plainly not this claim's (another kind, foreign files) is refused at once rather than after a long wait.
        if !created {
            do {
                _ = try readOwnership(URL(fileURLWithPath: resolved, isDirectory: true), kind: kind, shown: shown)
            } catch {
                undoAncestors()
                throw error
            }
        }
        let fd = open(resolved, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw fail("cannot open \(shown): \(errnoText())") }
        // Without `wait`, a holder still gets two seconds: a child process forked by another thread can hold a copy
        // of a just-released lock until it execs.
        var attempts = 0
        while flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
            if errno == EINTR { continue }
            let busy = errno == EWOULDBLOCK
            if busy && attempts < 40 {
                attempts += 1
                usleep(50_000)
                continue
            }
            let reason = errnoText()
            close(fd)
            throw fail(busy ? "\(shown) is being written by another sofa-gen run; wait for it to finish or choose another folder"
                            : "cannot lock \(shown): \(reason)")
        }
        let folder = URL(fileURLWithPath: resolved, isDirectory: true)
        let owned: Set<String>
        do {
            owned = try readOwnership(folder, kind: kind, shown: shown)
        } catch {
            close(fd)
            if created { rmdir(target) }
            undoAncestors()
            throw error
        }
        // A folder someone else wrote into while this claim waited for the lock is not this claim's to remove.
        let result = OutputFolder(url: folder, kind: kind, displayPath: shown, created: created && owned.isEmpty,
                                  createdAncestors: createdAncestors, owned: owned, lock: fd)
        do {
            result.removeStaleTemporaries()
            try result.saveMarker()
        } catch {
            result.discard()
            throw error
        }
        return result
    }

    /// The whole job of a command that writes a set of files (`emit`, `all`, `attention`): claims `path` for `kind`,
    /// makes `files` its owned contents (`replaceContents`), and releases it; on a failure, a folder the claim created
    /// is removed again. Throws `Refusal`.
    public static func write(_ files: [(path: String, contents: Data)], toFolder path: String, kind: String) throws {
        let folder = try claim(path, kind: kind)
        do {
            try folder.replaceContents(with: files)
        } catch {
            folder.discard()
            throw error
        }
        folder.release()
    }

    /// What the marker says this folder holds, or an empty set for an empty folder; refuses everything else.
    private static func readOwnership(_ folder: URL, kind: String, shown: String) throws -> Set<String> {
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw Refusal("cannot read \(shown): \(describe(error))")
        }
        let marker = folder.appendingPathComponent(markerName)
        guard entries.contains(markerName) else {
            let foreign = entries.filter { !$0.hasPrefix(temporaryPrefix) }
            if foreign.isEmpty { return [] }
            throw Refusal("refusing to write into \(shown): it is not empty and was not written by sofa-gen (no \(markerName)); "
                          + "choose a new or empty folder")
        }
        guard fileType(marker.path, followLinks: false) == .regular,
              let data = try? Data(contentsOf: marker),
              let record = try? JSONDecoder().decode(Marker.self, from: data), record.writtenBy == "sofa-gen"
        else {
            throw Refusal("refusing to write into \(shown): its \(markerName) cannot be read; choose another folder")
        }
        guard record.kind == kind else {
            throw Refusal("refusing to write into \(shown): it holds sofa-gen \(record.kind) output, not \(kind) output; "
                          + "choose another folder")
        }
        return Set(record.files)
    }

    /// What `.sofa-gen.json` holds: sorted, so the same contents give the same bytes.
    struct Marker: Codable {
        var writtenBy: String
        var kind: String
        var files: [String]

        enum CodingKeys: String, CodingKey {
            case writtenBy = "written-by", kind, files
        }
    }

    /// Why `resolved` must not be written into, if it is the root, the home folder, the current folder or one of
    /// its ancestors.
    private static func protectedReason(_ resolved: String) -> String? {
        if resolved == "/" { return "it is the root folder" }
        if let home = ProcessInfo.processInfo.environment["HOME"].flatMap(realPath), home == resolved {
            return "it is the home folder"
        }
        if let cwd = realPath(currentDirectory()) {
            if cwd == resolved { return "it is the current folder" }
            if cwd.hasPrefix(resolved + "/") { return "it contains the current folder" }
        }
        return nil
    }

    private static func checkLength(_ absolute: String, shown: String) throws {
        let bytes = absolute.utf8.count
        if bytes >= pathMax {
            throw Refusal("the path \(shown) is too long: \(bytes) bytes as an absolute path (the limit is \(pathMax - 1))")
        }
        if let long = absolute.split(separator: "/").first(where: { $0.utf8.count > nameMax }) {
            throw Refusal("a name in \(shown) is too long: \(long.utf8.count) bytes (the limit is \(nameMax))")
        }
    }

    // MARK: Writing

    /// Makes `files` (relative paths, `sub/name` allowed) the folder's whole owned contents: each is written and
    /// renamed into place, owned files not among them are removed (and owned folders left empty), and every file
    /// that is not owned stays as it was. Checks every name before writing anything.
    public func replaceContents(with files: [(path: String, contents: Data)]) throws {
        let staging = try stage(files.map(\.path))
        do {
            for file in files { try staging.write(file.contents, to: file.path) }
            try staging.commit()
        } catch {
            staging.abandon()
            throw error
        }
    }

    /// `replaceContents(with:)` for files produced one after another and streamed to disk (a design's Verilog can
    /// be larger than the memory it should take): checks every name of `paths` and creates their folders now;
    /// each file is then written through the returned `Staging` (whole, or appended in pieces) under a temporary
    /// name, and `commit()` renames them all into place and removes the owned files not among them. On a failure,
    /// `abandon()` removes the temporaries (the folder's earlier contents stay as they were).
    public func stage(_ paths: [String]) throws -> Staging {
        mutex.lock()
        defer { mutex.unlock() }
        var seen = Set<String>()
        if let dup = paths.first(where: { !seen.insert($0).inserted }) {
            throw Refusal("\(dup) is written twice into \(displayPath)")
        }
        var folders = Set<String>()
        for path in paths { try checkWritable(path, folders: &folders) }
        for folder in folders.sorted() where fileType(absolute(folder), followLinks: false) == nil {
            try makeFolder(folder)
        }
        return Staging(folder: self, paths: paths, folders: folders)
    }

    /// Files being written into an `OutputFolder` under temporary names until `commit()` (see `stage(_:)`).
    public final class Staging {
        private let folder: OutputFolder
        private let paths: [String]
        private let folders: Set<String>
        private var temporaries: [String: String] = [:]

        fileprivate init(folder: OutputFolder, paths: [String], folders: Set<String>) {
            self.folder = folder
            self.paths = paths
            self.folders = folders
        }

        /// Writes the whole of `path` (one of the staged paths).
        public func write(_ contents: Data, to path: String) throws {
            let file = try open(path)
            file.append(contents)
            try file.close()
        }

        /// Starts writing `path` (one of the staged paths) piece by piece.
        public func open(_ path: String) throws -> StagedFile {
            guard paths.contains(path), temporaries[path] == nil else {
                throw Refusal("\(path) is not a file to write into \(folder.displayPath) now")
            }
            folder.mutex.lock()
            defer { folder.mutex.unlock() }
            let (fd, temporary) = try folder.openTemporary(besides: path)
            temporaries[path] = temporary
            return StagedFile(fd: fd, shown: folder.shown(path))
        }

        /// Renames every staged file into place (all must have been written), then removes the owned files and
        /// folders the new contents do not have.
        public func commit() throws {
            folder.mutex.lock()
            defer { folder.mutex.unlock() }
            if let missing = paths.first(where: { temporaries[$0] == nil }) {
                throw Refusal("cannot write \(folder.shown(missing)): it was never produced")
            }
            folder.owned.formUnion(paths)
            try folder.saveMarker()
            for path in paths {
                guard rename(temporaries[path]!, folder.absolute(path)) == 0 else {
                    throw Refusal("cannot write \(folder.shown(path)): \(errnoText())")
                }
                temporaries[path] = nil
            }

            // Owned files the new contents do not have, then owned folders left empty (deepest first).
            let keep = Set(paths).union(folders.map { $0 + "/" })
            for stale in folder.owned.subtracting(keep).filter({ !$0.hasSuffix("/") }) {
                if OutputFolder.fileType(folder.absolute(stale), followLinks: false) != .directory { unlink(folder.absolute(stale)) }
                folder.owned.remove(stale)
            }
            for stale in folder.owned.subtracting(keep).filter({ $0.hasSuffix("/") }).sorted(by: { $0.count > $1.count }) {
                if rmdir(folder.absolute(String(stale.dropLast()))) == 0 || OutputFolder.fileType(folder.absolute(stale), followLinks: false) == nil {
                    folder.owned.remove(stale)
                }
            }
            try folder.saveMarker()
        }

        /// Removes the temporaries not yet renamed into place.
        public func abandon() {
            for temporary in temporaries.values { unlink(temporary) }
            temporaries = [:]
        }

        deinit { abandon() }
    }

    /// One file being written under its temporary name. The first failure is kept (later appends do nothing) and
    /// thrown by `close()`, so a printer can stream into it without handling errors on every piece.
    public final class StagedFile {
        private var fd: Int32
        private let shown: String
        private var failure: String?

        fileprivate init(fd: Int32, shown: String) {
            self.fd = fd
            self.shown = shown
        }

        public func append(_ contents: Data) {
            contents.withUnsafeBytes { append($0) }
        }

        public func append(_ text: String) {
            var text = text
            text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
        }

        private func append(_ buffer: UnsafeRawBufferPointer) {
            guard failure == nil, fd >= 0 else { return }
            var offset = 0
            while offset < buffer.count {
                let n = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errnoText()
                    return
                }
                offset += n
            }
        }

        /// Closes the file; throws the first write failure (the staging's `abandon()` removes the file).
        public func close() throws {
            if fd >= 0 {
                #if canImport(Glibc)
                let closed = Glibc.close(fd)
                #else
                let closed = Darwin.close(fd)
                #endif
                if closed != 0, failure == nil { failure = errnoText() }
                fd = -1
            }
            if let failure { throw Refusal("cannot write \(shown): \(failure)") }
        }

        deinit { try? close() }
    }

    /// Writes one owned file (replacing the previous one atomically), keeping the rest of the folder as it is.
    public func write(_ contents: Data, to path: String) throws {
        mutex.lock()
        defer { mutex.unlock() }
        var folders = Set<String>()
        try checkWritable(path, folders: &folders)
        for folder in folders.sorted() where fileType(absolute(folder), followLinks: false) == nil {
            try makeFolder(folder)
        }
        let temporary = try writeTemporary(contents, besides: path)
        if !owned.contains(path) {
            owned.insert(path)
            do {
                try saveMarker()
            } catch {
                unlink(temporary)
                throw error
            }
        }
        guard rename(temporary, absolute(path)) == 0 else {
            let reason = errnoText()
            unlink(temporary)
            throw Refusal("cannot write \(shown(path)): \(reason)")
        }
    }

    /// Removes an owned file, or an owned empty folder given with a trailing `/` (nothing happens for a name the
    /// tool does not own).
    public func remove(_ path: String) throws {
        mutex.lock()
        defer { mutex.unlock() }
        guard owned.contains(path) else { return }
        let removed = path.hasSuffix("/") ? rmdir(absolute(String(path.dropLast()))) : unlink(absolute(path))
        if removed != 0 && errno != ENOENT {
            throw Refusal("cannot remove \(shown(path)): \(errnoText())")
        }
        owned.remove(path)
        try saveMarker()
    }

    /// An owned sub-folder (created when missing) whose contents the caller manages, e.g. a sweep's `work/`.
    public func folder(_ path: String) throws -> URL {
        mutex.lock()
        defer { mutex.unlock() }
        try checkName(path)
        var folders = Set<String>()
        let parts = path.split(separator: "/").map(String.init)
        for i in 1...parts.count { folders.insert(parts[..<i].joined(separator: "/")) }
        for folder in folders.sorted() {
            switch fileType(absolute(folder), followLinks: false) {
            case nil: try makeFolder(folder)
            case .directory where owned.contains(folder + "/"): continue
            default: throw Refusal("refusing to write into \(shown(folder)): it exists and was not written by sofa-gen")
            }
        }
        return url.appendingPathComponent(path, isDirectory: true)
    }

    /// Whether the tool owns `path` (a file, or a folder given with a trailing `/`).
    public func owns(_ path: String) -> Bool {
        mutex.lock()
        defer { mutex.unlock() }
        return owned.contains(path)
    }

    /// Ends the claim: other writers may go on.
    public func release() {
        mutex.lock()
        defer { mutex.unlock() }
        if lock >= 0 { close(lock) }
        lock = -1
    }

    /// Undoes the claim after a failure: a folder this claim created is removed with everything the tool wrote
    /// into it (and the parent folders it created); an existing folder keeps its contents. Then releases.
    public func discard() {
        if created {
            mutex.lock()
            for path in owned.filter({ !$0.hasSuffix("/") }) { unlink(absolute(path)) }
            for folder in owned.filter({ $0.hasSuffix("/") }).sorted(by: { $0.count > $1.count }) {
                try? FileManager.default.removeItem(at: url.appendingPathComponent(String(folder.dropLast())))
            }
            removeStaleTemporaries()
            unlink(absolute(Self.markerName))
            rmdir(url.path)
            for folder in createdAncestors.reversed() { rmdir(folder) }
            mutex.unlock()
        }
        release()
    }

    // MARK: Helpers

    private func absolute(_ path: String) -> String { url.path + "/" + path }
    private func shown(_ path: String) -> String { displayPath.hasSuffix("/") ? displayPath + path : displayPath + "/" + path }

    /// Every component a plain name (no `.`, `..` or empty parts) within NAME_MAX, the whole within PATH_MAX.
    private func checkName(_ path: String) throws {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.utf8.contains(0) }),
              path != Self.markerName, !path.hasPrefix(Self.temporaryPrefix) else {
            throw Refusal("'\(path)' is not a file name sofa-gen can write into \(displayPath)")
        }
        if let long = parts.first(where: { $0.utf8.count > Self.nameMax }) {
            throw Refusal("cannot write into \(displayPath): the name \(long.prefix(40))... is \(long.utf8.count) bytes (the limit is \(Self.nameMax))")
        }
        if absolute(path).utf8.count >= Self.pathMax {
            throw Refusal("cannot write \(shown(path)): the path is longer than \(Self.pathMax - 1) bytes")
        }
    }

    /// Refuses `path` unless writing it replaces nothing the tool does not own: the file is new or owned, and each
    /// folder on the way is new or owned. Collects the folders on the way.
    private func checkWritable(_ path: String, folders: inout Set<String>) throws {
        try checkName(path)
        let parts = path.split(separator: "/").map(String.init)
        for i in 1..<parts.count {
            let folder = parts[..<i].joined(separator: "/")
            folders.insert(folder)
            switch fileType(absolute(folder), followLinks: false) {
            case nil: continue
            case .directory where owned.contains(folder + "/"): continue
            default:
                throw Refusal("refusing to write \(shown(path)): \(shown(folder)) exists and was not written by sofa-gen")
            }
        }
        switch fileType(absolute(path), followLinks: false) {
        case nil: return
        case .directory:
            throw Refusal("refusing to write \(shown(path)): a folder of that name is in the way")
        case .some:
            guard owned.contains(path) else {
                throw Refusal("refusing to write \(shown(path)): the file exists and was not written by sofa-gen")
            }
        }
    }

    private func makeFolder(_ path: String) throws {
        guard mkdir(absolute(path), 0o777) == 0 else { throw Refusal("cannot create \(shown(path)): \(errnoText())") }
        owned.insert(path + "/")
    }

    /// Writes `contents` to a new temporary file in the folder of `path`; returns its absolute path.
    private func writeTemporary(_ contents: Data, besides path: String) throws -> String {
        let (fd, temporary) = try openTemporary(besides: path)
        let file = StagedFile(fd: fd, shown: shown(path))
        file.append(contents)
        do {
            try file.close()
        } catch {
            unlink(temporary)
            throw error
        }
        return temporary
    }

    /// Creates a new temporary file in the folder of `path`: its descriptor and absolute path.
    private func openTemporary(besides path: String) throws -> (Int32, String) {
        temporaryCounter += 1
        let folder = path.split(separator: "/").dropLast().joined(separator: "/")
        let name = "\(Self.temporaryPrefix)\(getpid())-\(temporaryCounter)"
        let temporary = absolute(folder.isEmpty ? name : folder + "/" + name)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw Refusal("cannot write \(shown(path)): \(errnoText())") }
        return (fd, temporary)
    }

    private func saveMarker() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Marker(writtenBy: "sofa-gen", kind: kind, files: owned.sorted())) + Data("\n".utf8)
        let temporary = try writeTemporary(data, besides: Self.markerName)
        guard rename(temporary, absolute(Self.markerName)) == 0 else {
            let reason = errnoText()
            unlink(temporary)
            throw Refusal("cannot write \(shown(Self.markerName)): \(reason)")
        }
    }

    /// Temporary files of runs that died (the lock is held, so no live writer has any), in owned folders too.
    private func removeStaleTemporaries() {
        let folders = [""] + owned.filter { $0.hasSuffix("/") }.map { String($0.dropLast()) }
        for folder in folders {
            let path = folder.isEmpty ? url.path : absolute(folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] where name.hasPrefix(Self.temporaryPrefix) {
                unlink(path + "/" + name)
            }
        }
    }

    // MARK: File system

    enum FileType: Equatable {
        case regular, directory, symbolicLink, fifo, socket, characterDevice, blockDevice, other

        var article: String {
            switch self {
            case .regular: "a file"
            case .directory: "a folder"
            case .symbolicLink: "a symbolic link"
            case .fifo: "a FIFO"
            case .socket: "a socket"
            case .characterDevice, .blockDevice: "a device"
            case .other: "a special file"
            }
        }
    }

    static func fileType(_ path: String, followLinks: Bool) -> FileType? {
        var st = stat()
        guard (followLinks ? stat(path, &st) : lstat(path, &st)) == 0 else { return nil }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        case S_IFLNK: return .symbolicLink
        case S_IFIFO: return .fifo
        case S_IFSOCK: return .socket
        case S_IFCHR: return .characterDevice
        case S_IFBLK: return .blockDevice
        default: return .other
        }
    }

    private func fileType(_ path: String, followLinks: Bool) -> FileType? { Self.fileType(path, followLinks: followLinks) }

    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    static func linkTarget(_ path: String) -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
    }

    static func currentDirectory() -> String { FileManager.default.currentDirectoryPath }

    static func describe(_ error: Error) -> String {
        if let e = error as? CocoaError, let underlying = e.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return (error as NSError).localizedDescription
    }
}

private func errnoText() -> String { String(cString: strerror(errno)) }

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, buffer, count)
    #else
    Darwin.write(fd, buffer, count)
    #endif
}
