import HDL
import HDLSim
import Testing

/// Writes `fill == 3` twice (as a generator loop would) and uses a condition that is an expression.
private struct RepeatedCondition: Module {
    func ports(_ p: Ports) -> (fill: Unsigned, valid: Bit, a: Unsigned, y: Unsigned, z: Unsigned) {
        (p.input("fill", .uint(2)), p.input("valid", .bit), p.input("a", .uint(4)), p.output("y", .uint(4)), p.output("z", .uint(4)))
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        let held = m.reg("held", .uint(4), reset: 0)
        let other = m.reg("other", .uint(4))
        io.y <== mux(io.fill == Unsigned(3, width: 2), io.a, held)
        When(io.valid && io.fill == Unsigned(3, width: 2)) {
            held <== io.a
            other <== io.a &+ 1
        }
        io.z <== other
    }
}

private func module<M: Module>(_ m: M) throws -> ModuleIR { try elaborate(m).topModule }

@Suite struct PassTests {
    @Test func commonSubexpressionsAreMerged() throws {
        var ir = try module(RepeatedCondition())
        let before = IRText.dump(ir)
        #expect(before.components(separatedBy: "= eq ").count - 1 == 2, "\(before)")
        CommonSubexpressionElimination.run(&ir)
        let after = IRText.dump(ir)
        #expect(after.components(separatedBy: "= eq ").count - 1 == 1, "\(after)")
        // Nothing else changes: the same signals and statements.
        #expect(after.split(separator: "\n").filter { !$0.contains("%") || $0.contains("<=") }.count
                == before.split(separator: "\n").filter { !$0.contains("%") || $0.contains("<=") }.count)
    }

    @Test func cseOutputIsExactlyThis() throws {
        var ir = try module(RepeatedCondition())
        CommonSubexpressionElimination.run(&ir)
        #expect(IRText.dump(ir) == """
            module RepeatedCondition
              input fill : u2
              input valid : u1
              input a : u4
              output y : u4
              output z : u4
              reg held : u4 reset 4'd0
              reg other : u4
              %0 = fill : u2
              %1 = 2'd3 : u2
              %2 = eq %0, %1 : u1
              %3 = a : u4
              %4 = held : u4
              %5 = mux %2, %3, %4 : u4
              %6 = 4'd1 : u4
              %7 = add %3, %6 : u4
              %8 = valid : u1
              %9 = and %8, %2 : u1
              %10 = other : u4
              y <= %5
              when %9
                held <= %3
                other <= %7
              z <= %10

            """, "one eq left, read by the mux and the condition")
    }

    @Test func sharedExpressionsAndConditionsGetNamedWires() throws {
        var ir = try module(RepeatedCondition())
        PassPipeline.run(&ir)
        let dump = IRText.dump(ir)
        // `fill == 3` feeds y first; the When's condition is named after its first target.
        #expect(dump.contains("wire _y : u1 (generated)"), "\(dump)")
        #expect(dump.contains("wire _held_cond : u1 (generated)"), "\(dump)")
        let text = try emitVerilog(RepeatedCondition()).files[0].contents
        #expect(text.contains("wire _y = fill == 2'd3;"), "\(text)")
        #expect(text.contains("wire _held_cond = valid & _y;"), "\(text)")
        #expect(text.contains("if (_held_cond) begin"), "\(text)")
    }

    @Test func oneAlwaysBlockPerDecisionTree() throws {
        let text = try emitVerilog(RepeatedCondition()).files[0].contents
        // held (reset) and other (no reset) share the tree: one block, the reset last.
        #expect(text.components(separatedBy: "always @(posedge clk)").count - 1 == 1, "\(text)")
        #expect(text.contains("""
              always @(posedge clk) begin
                if (_held_cond) begin
            """), "\(text)")
        #expect(text.contains("    if (rst) begin"), "\(text)")
    }
}

/// A child whose registers have no reset, and one that resets.
private struct NoResetChild: Module {
    func ports(_ p: Ports) -> (a: Unsigned, y: Unsigned) { (p.input("a", .uint(4)), p.output("y", .uint(4))) }
    func body(_ m: Scope, _ io: IO) -> Block { io.y <== m.regNext(io.a, name: "a_q") }
}

private struct ResetChild: Module {
    func ports(_ p: Ports) -> (a: Unsigned, y: Unsigned) { (p.input("a", .uint(4)), p.output("y", .uint(4))) }
    func body(_ m: Scope, _ io: IO) -> Block { io.y <== m.regNext(io.a, name: "a_q", reset: 0) }
}

private struct ResetParent: Module {
    func ports(_ p: Ports) -> (a: Unsigned, y: Unsigned, z: Unsigned) {
        (p.input("a", .uint(4)), p.output("y", .uint(4)), p.output("z", .uint(4)))
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        let plain = m.instance("plain", NoResetChild())
        let resetting = m.instance("resetting", ResetChild())
        plain.a <== io.a
        resetting.a <== io.a
        io.y <== plain.y
        io.z <== resetting.y
    }
}

/// Signed comparisons with constants, and unsigned comparisons of reinterpreted signed values.
private struct SignedLiterals: Module {
    func ports(_ p: Ports) -> (a: Signed, b: Signed, lt: Bit, ge: Bit, ult: Bit, p: Signed) {
        (p.input("a", .sint(8)), p.input("b", .sint(8)), p.output("lt", .bit), p.output("ge", .bit), p.output("ult", .bit),
         p.output("p", .sint(16)))
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        io.lt <== io.a < Signed(-3, width: 8)
        io.ge <== io.a >= Signed(5, width: 8)
        io.ult <== io.a.asUnsigned() < io.b.asUnsigned()
        io.p <== io.a * Signed(-3, width: 8)
    }
}

@Suite struct PrinterTests {
    @Test func resetPortOnlyWhereUsed() throws {
        let design = try emitVerilog(ResetParent())
        let plain = try #require(design.files.first { $0.name == "NoResetChild.v" }).contents
        let resetting = try #require(design.files.first { $0.name == "ResetChild.v" }).contents
        let top = design.files.last!.contents
        #expect(!plain.contains("rst"), "\(plain)")
        #expect(resetting.contains("input  wire rst"))
        #expect(top.contains("input  wire rst"))  // the top keeps rst whenever it has state
        #expect(!top.contains("    .rst(rst),\n    .a(a),\n    .y(plain_y)"), "\(top)")
        #expect(design.ports.map(\.name).prefix(2) == ["clk", "rst"])
    }

    @Test func signedConstantsPrintSigned() throws {
        let text = try emitVerilog(SignedLiterals()).files[0].contents
        #expect(text.contains("assign lt = a < (-8'sd3);"), "\(text)")
        #expect(text.contains("assign ge = a >= 8'sd5;"), "\(text)")
        #expect(text.contains("assign ult = $unsigned(a) < $unsigned(b);"), "\(text)")
        #expect(text.contains("a * (-16'sd3)"), "\(text)")  // at the product's width: no Verilator WIDTH warning
    }
}

@Suite struct SignednessTests {
    /// Every (a, b) pair: signed comparisons with constants, the product with a negative constant, and an unsigned
    /// comparison of reinterpreted signed values (Verilog would compare them signed without `$unsigned`).
    @Test(arguments: [HDLSim.SimulatorBackend.verilator, .icarus])
    func constantsAndReinterpretationsOverEveryInput(_ backend: HDLSim.SimulatorBackend) async throws {
        var rows: [[Int]] = [], expected: [[Int?]] = []
        let step = backend == .icarus ? 3 : 1
        for a in stride(from: -128, to: 128, by: 1) {
            for b in stride(from: -128, to: 128, by: step) {
                rows.append([a, b])
                expected.append([a < -3 ? 1 : 0, a >= 5 ? 1 : 0, UInt8(truncatingIfNeeded: a) < UInt8(truncatingIfNeeded: b) ? 1 : 0, a * -3])
            }
        }
        try await HDLSim.Simulation.run(SignedLiterals(), on: backend, name: "signed-literals-\(backend)") { sim in
            try await sim.stream(rows, expect: expected)
        }
    }
}

/// A packed vector port at the top and on a child.
private struct PackedChild: Module {
    func ports(_ p: Ports) -> (lanes: [Signed], sums: [Signed]) {
        (p.input("lanes", .vec(4, .sint(6)).packed()), p.output("sums", .vec(2, .sint(7)).packed()))
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        io.sums[0] <== io.lanes[0] + io.lanes[1]
        io.sums[1] <== io.lanes[2] + io.lanes[3]
    }
}

private struct PackedTop: Module {
    func ports(_ p: Ports) -> (a: [Signed], y: [Signed]) {
        (p.input("a", .vec(4, .sint(6)).packed()), p.output("y", .vec(2, .sint(7))))
    }
    func body(_ m: Scope, _ io: IO) -> Block {
        let child = m.instance("child", PackedChild())
        child.lanes <== io.a
        io.y <== child.sums
    }
}

@Suite struct PackedPortTests {
    @Test func onePortPerVectorAndTheManifestDescribesIt() throws {
        let design = try emitVerilog(PackedTop())
        let child = try #require(design.files.first { $0.name == "PackedChild.v" }).contents
        #expect(child.contains("input  wire [23:0] lanes"), "\(child)")
        #expect(child.contains("output wire [13:0] sums"), "\(child)")
        #expect(child.contains("wire signed [5:0] lanes_2 = lanes[17:12];"), "\(child)")
        #expect(child.contains("assign sums = {sums_1, sums_0};"), "\(child)")
        let top = design.files.last!.contents
        #expect(top.contains(".lanes({a_3, a_2, a_1, a_0})"), "\(top)")
        #expect(top.contains(".sums({child_sums_1, child_sums_0})"), "\(top)")
        #expect(design.ports.map(\.name) == ["a", "y_0", "y_1"])
        #expect(design.ports[0].width == 24 && design.ports[0].packing == PortPacking(count: 4, elementWidth: 6, elementSigned: true))
        #expect(design.manifest.contains("\"packed\": {\"count\": 4, \"element_width\": 6, \"element_signed\": true}"))
    }

    @Test func packedPortsSimulate() async throws {
        var rows: [[UInt64]] = [], expected: [(Int, Int)] = []
        var rng = HDLSim.SeededGenerator(seed: 5)
        for _ in 0..<500 {
            let lanes = (0..<4).map { _ in rng.signedBits(6) }
            rows.append([lanes.enumerated().reduce(UInt64(0)) { $0 | (UInt64(bitPattern: Int64($1.element)) & 63) << UInt64(6 * $1.offset) }])
            expected.append((lanes[0] + lanes[1], lanes[2] + lanes[3]))
        }
        try await HDLSim.Simulation.run(PackedTop(), on: .verilator, name: "packed-top") { sim in
            let result = try await sim.stream(rows)
            for (r, e) in expected.enumerated() {
                #expect(result.signedValue(r, 0) == e.0 && result.signedValue(r, 1) == e.1)
            }
        }
        try await HDLSim.Lint.check(PackedTop(), name: "packed-top")
    }
}
