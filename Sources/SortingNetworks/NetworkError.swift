/// An invalid network, family/size combination or proof request: one line that says what was wrong.
public struct NetworkError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
