import HDL
import HDLSim
import Testing

/// Signed operators with constant operands (`a < -3`, `a >= 5`, `a * -3`, ...): the emitter must print a
/// signed constant so that Verilog keeps the operation signed (an unsigned constant makes the whole
/// expression unsigned). Every 8-bit input on both simulators against Swift integer arithmetic.
struct SignedConstantOperators: Module {
    struct IO {
        var a: Signed
        var lessThanMinus3: Bit, atLeast5: Bit, aboveMinus1: Bit, atMostMinus128: Bit, equalsMinus3: Bit, belowMinus100: Bit
        var timesMinus3: Signed, wrapTimesMinus3: Signed, timesMinus128: Signed, plusMinus5: Signed, minusMinus7: Signed
        var maxWithMinus20: Signed
    }

    func ports(_ p: Ports) -> IO {
        IO(a: p.input("a", .sint(8)),
           lessThanMinus3: p.output("lt_m3", .bit), atLeast5: p.output("ge_5", .bit), aboveMinus1: p.output("gt_m1", .bit),
           atMostMinus128: p.output("le_m128", .bit), equalsMinus3: p.output("eq_m3", .bit), belowMinus100: p.output("lt_m100", .bit),
           timesMinus3: p.output("mul_m3", .sint(11)), wrapTimesMinus3: p.output("wrap_mul_m3", .sint(8)),
           timesMinus128: p.output("mul_m128", .sint(16)), plusMinus5: p.output("add_m5", .sint(9)),
           minusMinus7: p.output("sub_m7", .sint(9)), maxWithMinus20: p.output("max_m20", .sint(8)))
    }

    func body(_ m: Scope, _ io: IO) -> Block {
        io.lessThanMinus3 <== io.a < -3
        io.atLeast5 <== io.a >= 5
        io.aboveMinus1 <== io.a > -1
        io.atMostMinus128 <== io.a <= -128
        io.equalsMinus3 <== io.a == -3
        io.belowMinus100 <== io.a < -100
        io.timesMinus3 <== io.a * -3
        io.wrapTimesMinus3 <== io.a &* -3
        io.timesMinus128 <== io.a * -128
        io.plusMinus5 <== io.a + -5
        io.minusMinus7 <== io.a - -7
        io.maxWithMinus20 <== mux(io.a > -20, io.a, Signed(-20, width: 8))
    }
}

@Suite struct SignedConstantOperatorTests {
    static func wrap8(_ x: Int) -> Int { (x & 0xFF) >= 128 ? (x & 0xFF) - 256 : x & 0xFF }

    @Test(arguments: SimulatorBackend.allCases)
    func everyInputAgainstSwiftArithmetic(_ backend: SimulatorBackend) async throws {
        try await Simulation.run(SignedConstantOperators(), on: backend, name: "signed-constants-\(backend)") { sim, io in
            var s = sim.stimulus()
            for a in -128...127 {
                s[io.a] = a
                s.expect(io.lessThanMinus3, a < -3); s.expect(io.atLeast5, a >= 5); s.expect(io.aboveMinus1, a > -1)
                s.expect(io.atMostMinus128, a <= -128); s.expect(io.equalsMinus3, a == -3); s.expect(io.belowMinus100, a < -100)
                s.expect(io.timesMinus3, a * -3); s.expect(io.wrapTimesMinus3, Self.wrap8(a * -3))
                s.expect(io.timesMinus128, a * -128); s.expect(io.plusMinus5, a - 5); s.expect(io.minusMinus7, a + 7)
                s.expect(io.maxWithMinus20, max(a, -20))
                s.step()
            }
            #expect(s.coverageGaps().isEmpty, "\(s.coverageGaps())")
            try await sim.stream(s)
        }
    }

    @Test func lintClean() async throws {
        try await Lint.check(SignedConstantOperators(), name: "signed-constants")
    }
}
