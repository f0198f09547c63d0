/// A configuration or input the attention model (and the core it mirrors) cannot take: one line saying what and why.
public struct AttentionModelError: Error, CustomStringConvertible, Equatable, Sendable {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw AttentionModelError(message()) }
}
