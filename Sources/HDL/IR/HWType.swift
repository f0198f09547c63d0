/// The hardware type of a value in the IR: a bit width and whether arithmetic treats it as two's complement.
public struct HWType: Hashable, Sendable, CustomStringConvertible {
    // 8 bytes, not 16: every signal and expression carries one.
    private var storedWidth: Int32
    public var signed: Bool

    public var width: Int {
        get { Int(storedWidth) }
        set { storedWidth = Int32(clamping: newValue) }
    }

    public init(width: Int, signed: Bool) {
        self.storedWidth = Int32(clamping: width)
        self.signed = signed
    }

    public static func unsigned(_ width: Int) -> HWType { HWType(width: width, signed: false) }
    public static func signed(_ width: Int) -> HWType { HWType(width: width, signed: true) }
    public static let bit = HWType(width: 1, signed: false)

    public var description: String { signed ? "signed \(width)-bit" : "\(width)-bit" }
}
