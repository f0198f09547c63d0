/// Why two designs cannot be combined into one file set.
public struct LinkError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public var description: String { message }

    public init(message: String) {
        self.message = message
    }
}

extension VerilogDesign {
    /// This design with the definitions of black boxes supplied by designs emitted separately (e.g. a test
    /// harness or an I/O wrapper around a generated block): their files come first, in the order given, then
    /// this design's, so the file list stays in dependency order. A black box whose definition is supplied is no
    /// longer listed; black boxes of the dependencies carry over.
    ///
    /// Each dependency's top must be one of this design's black boxes, and files of one name must have the same
    /// contents (a shared leaf module is kept once); anything else throws `LinkError`, since two different
    /// modules of one name cannot be read by one tool.
    public func linked(with dependencies: [VerilogDesign]) throws -> VerilogDesign {
        var files: [VerilogFile] = []
        var byName: [String: (contents: String, owner: String)] = [:]
        func add(_ file: VerilogFile, from owner: String) throws {
            if let existing = byName[file.name] {
                guard existing.contents == file.contents else {
                    throw LinkError(message: "\(existing.owner) and \(owner) both define \(file.name) with different contents")
                }
                return
            }
            byName[file.name] = (file.contents, owner)
            files.append(file)
        }
        var remaining = blackBoxes
        var inherited: [String] = []
        for d in dependencies {
            guard let k = remaining.firstIndex(of: d.top) else {
                throw LinkError(message: "\(top) does not instantiate a black box named \(d.top)")
            }
            remaining.remove(at: k)
            for f in d.files { try add(f, from: d.top) }
            inherited += d.blackBoxes.filter { !inherited.contains($0) }
        }
        for f in self.files { try add(f, from: top) }
        let defined = Set(files.map { String($0.name.dropLast(2)) })
        let unresolved = (remaining + inherited.filter { !remaining.contains($0) }).filter { !defined.contains($0) }
        var result = self
        result.files = files
        result.blackBoxes = unresolved
        return result
    }
}
