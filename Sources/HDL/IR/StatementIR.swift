/// The body of a module (not `indirect`: nested bodies live in arrays, so a statement is not a heap box of its
/// own, which matters for modules with millions of connects): connects nested in conditionals, with last-connect semantics (within one
/// activation, the last connect that applies to a signal wins).
public enum StatementIR: Hashable, Sendable {
    case connect(Connect)
    case when(When)
    case switchCase(Switch)
    case memoryWrite(MemoryWrite)

    public struct Connect: Hashable, Sendable {
        public var target: SignalID
        public var value: ExprID
        public var location: SourceLocation
    }

    public struct When: Hashable, Sendable {
        public var condition: ExprID
        public var then: [StatementIR]
        public var otherwise: [StatementIR]
        public var location: SourceLocation
    }

    public struct Switch: Hashable, Sendable {
        public struct Case: Hashable, Sendable {
            public var values: [Constant]
            /// For each value, the module symbol it was written as (printed by name), or nil.
            public var symbols: [Int?]
            public var body: [StatementIR]
            public var location: SourceLocation
        }
        public var selector: ExprID
        public var cases: [Case]
        /// nil when the switch has no `Default` branch.
        public var defaultBody: [StatementIR]?
        public var location: SourceLocation
    }

    public struct MemoryWrite: Hashable, Sendable {
        public var memory: Int
        public var address: ExprID
        public var data: ExprID
        /// One bit per mask lane of the memory (lane i = bits [i * laneWidth, (i + 1) * laneWidth)); nil writes
        /// the whole word.
        public var mask: ExprID?
        public var location: SourceLocation
    }

    public var location: SourceLocation {
        switch self {
        case .connect(let c): return c.location
        case .when(let w): return w.location
        case .switchCase(let s): return s.location
        case .memoryWrite(let w): return w.location
        }
    }
}
