/// A state machine over a `HardwareEnum` (Amaranth's `m.FSM`, SpinalHDL's `StateMachine`): a state register
/// that resets to `initial`, `goto` for transitions, and `Switch(fsm.state)` with `Is(State.x)` for the
/// per-state logic. The states are `localparam`s, so the Verilog reads `case (state) STATE_IDLE: ...` and a
/// waveform viewer shows them.
///
///     enum Phase: HardwareEnum { case idle, load, run }
///     let fsm = m.fsm("phase", initial: Phase.idle)
///     Switch(fsm.state) {
///         Is(Phase.idle) { When(io.start) { fsm.goto(.load) } }
///         Is(Phase.load) { When(loaded) { fsm.goto(.run) } }
///         Is(Phase.run) { When(done) { fsm.goto(.idle) } }
///     }
///
/// Elaboration checks that every state other than `initial` is the target of some `goto`: a state nothing
/// enters is a mistake (a forgotten transition or a dead case), reported at the `fsm` line.
public final class FSM<State: HardwareEnum> {
    /// The current state (a register).
    public let state: EnumValue<State>
    public let initial: State
    let name: String
    let location: SourceLocation
    private var entered: [State: SourceLocation] = [:]

    init(state: EnumValue<State>, initial: State, name: String, location: SourceLocation) {
        self.state = state
        self.initial = initial
        self.name = name
        self.location = location
    }

    /// Moves to `next` at the clock edge (when the enclosing conditions hold; the last `goto` that applies wins).
    public func goto(_ next: State, file: String = #fileID, line: Int = #line) -> Statement {
        if entered[next] == nil { entered[next] = SourceLocation(fileID: file, line: line) }
        return Statement(.connect(target: state.node, value: next.symbolNode), location: SourceLocation(fileID: file, line: line))
    }

    /// 1 while the machine is in `s`.
    public func isIn(_ s: State) -> Bit { state == s }

    /// The states no `goto` targets (the initial state excepted), in declaration order.
    var unreachable: [State] { State.allCases.filter { $0 != initial && entered[$0] == nil } }
}

extension Scope {
    /// A state machine named `name` (its state register) over `State`, starting in `initial` after reset.
    public func fsm<State: HardwareEnum>(_ name: String, initial: State, file: String = #fileID, line: Int = #line) -> FSM<State> {
        let loc = SourceLocation(fileID: file, line: line)
        let state = reg(name, .enumeration(State.self), reset: initial, file: file, line: line)
        let machine = FSM(state: state, initial: initial, name: name, location: loc)
        addFinalCheck { [unowned self] in
            let missing = machine.unreachable
            guard !missing.isEmpty else { return }
            let list = missing.map { ".\($0)" }.joined(separator: ", ")
            diagnose(.invalidExpression,
                     "state machine '\(name)': \(missing.count == 1 ? "state" : "states") \(list) \(missing.count == 1 ? "is" : "are") "
                        + "never entered: no goto targets \(missing.count == 1 ? "it" : "them") (add the transition or remove the state)",
                     at: loc)
        }
        return machine
    }
}
