/// Why an `.npy` file could not be read or written: the file (as the user named it) and the problem, printed as
/// `file: problem` on one line.
public struct NumpyFormatError: Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String
    public var problem: String

    public init(file: String, _ problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String { "\(file): \(problem)" }
}
