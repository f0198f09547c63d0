/// Index of an expression in its module's expression table.
public struct ExprID: Hashable, Sendable, Comparable {
    public let raw: Int32
    public init(_ raw: Int) { self.raw = Int32(raw) }
    public var index: Int { Int(raw) }
    public static func < (a: ExprID, b: ExprID) -> Bool { a.raw < b.raw }
}

/// Operators with one operand.
public enum UnaryOp: String, Hashable, Sendable {
    /// Bitwise complement (same width).
    case not
    /// AND / OR / XOR of all bits (width 1).
    case reduceAnd, reduceOr, reduceXor
}

/// Operators with two operands. Unless noted, both operands and the result have the same width: the front
/// end inserts explicit extensions, so the IR never relies on Verilog's context-dependent sizing.
public enum BinaryOp: String, Hashable, Sendable {
    case add, sub, and, or, xor
    /// Full product: result width = sum of the operand widths (both operands have the same signedness).
    case mul
    /// Comparisons of two equal-width operands of the same signedness; result width 1.
    case eq, ne, lt, le, gt, ge
    /// Dynamic shifts; the right operand is an unsigned amount of any width. `shl`: the left operand already
    /// has the result width. `shr`: logical for unsigned, arithmetic for signed operands.
    case shl, shr

    public var isComparison: Bool {
        switch self {
        case .eq, .ne, .lt, .le, .gt, .ge: return true
        default: return false
        }
    }
}

/// One node of a module's expression DAG. Operands refer to earlier entries of the same table, so the table
/// is always in topological order.
public enum ExprOp: Hashable, Sendable {
    case signal(SignalID)
    /// Boxed: a constant's words would otherwise double the size of every expression.
    indirect case constant(Constant)
    /// A named constant of the module (`ModuleIR.symbols`): its value, printed by name.
    case symbol(Int)
    case unary(UnaryOp, ExprID)
    case binary(BinaryOp, ExprID, ExprID)
    /// `cond ? whenTrue : whenFalse`; both arms have the result width.
    case mux(ExprID, ExprID, ExprID)
    /// Most significant part first, as in Verilog.
    case concat([ExprID])
    /// Bits `[lo, lo + width)` of the operand.
    case slice(ExprID, lo: Int)
    /// Zero- or sign-extension (by the operand's signedness) to the expression's width.
    case extend(ExprID)
    /// Reinterpret the operand's bits with the expression's signedness (same width).
    case cast(ExprID)
}

public struct Expr: Hashable, Sendable {
    public var op: ExprOp
    public var type: HWType

    public init(_ op: ExprOp, _ type: HWType) {
        self.op = op
        self.type = type
    }

    public var width: Int { type.width }

    /// The operands, in order.
    public var operands: [ExprID] {
        switch op {
        case .signal, .constant, .symbol: return []
        case .unary(_, let a), .slice(let a, _), .extend(let a), .cast(let a): return [a]
        case .binary(_, let a, let b): return [a, b]
        case .mux(let c, let a, let b): return [c, a, b]
        case .concat(let parts): return parts
        }
    }
}
