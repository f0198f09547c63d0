import HDL
import Testing

@Suite struct SignalTests {
    /// A large array's top keeps one signal per instance port (ten million at 1024 x 1024): each byte counts.
    @Test func aSignalFitsIn64Bytes() {
        #expect(MemoryLayout<Signal>.stride <= 64)
    }

    /// The optional expressions are stored as raw indices: nil and every index round-trip.
    @Test func enableAndDefaultRoundTrip() {
        var s = Signal(name: "r", type: .unsigned(4), kind: .register, location: .unknown)
        #expect(s.enable == nil && s.defaultValue == nil && s.reset == nil)
        s.enable = ExprID(0)
        s.defaultValue = ExprID(Int(Int32.max))
        #expect(s.enable == ExprID(0) && s.defaultValue == ExprID(Int(Int32.max)))
        s.enable = nil
        #expect(s.enable == nil && s.defaultValue == ExprID(Int(Int32.max)))
        let t = Signal(name: "r", type: .unsigned(4), kind: .register, location: .unknown, enable: ExprID(3), defaultValue: nil)
        #expect(t.enable == ExprID(3) && t.defaultValue == nil && t != s)
    }
}
