/// The hardware type of a value in the IR: a bit width and whether arithmetic treats it as two's complement.
public struct HWType: Hashable, Sendable, CustomStringConvertible {
    public var width: Int
    public var signed: Bool

    public init(width: Int, signed: Bool) {
        self.width = width
        self.signed = signed
    }

    public static func unsigned(_ width: Int) -> HWType { HWType(width: width, signed: false) }
    public static func signed(_ width: Int) -> HWType { HWType(width: width, signed: true) }
    public static let bit = HWType(width: 1, signed: false)

    public var description: String { signed ? "signed \(width)-bit" : "\(width)-bit" }
}
