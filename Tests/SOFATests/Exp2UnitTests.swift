import HDL
import HDLSim
import SOFA
import SOFAModel
import Testing

@Suite struct Exp2UnitTests {
    static func model(_ unit: Exp2Unit) -> Exp2Approximation {
        Exp2Approximation(integerBits: unit.integerBits, fractionBits: unit.fractionBits, tableBits: unit.tableBits,
                          mantissaBits: unit.mantissaBits, shiftBits: unit.shiftBits)
    }

    /// Streams `codes` through `unit` (one per cycle) and checks every result against the model `latency`
    /// rows later on a scoreboard. Pipelined units are reset now and then (`resetEvery` rows): the results in
    /// flight are lost, and the registers' 0 shows until the first new result.
    static func run(_ unit: Exp2Unit, _ codes: [Int], on backend: SimulatorBackend, name: String, seed: UInt64?,
                    resetEvery: Int = 997) async throws {
        let model = Self.model(unit)
        try await Simulation.run(unit, on: backend, name: name, seed: seed) { sim, io in
            var s = sim.stimulus()
            var board = sim.scoreboard(latency: unit.latency)
            var zerosUntil = 0
            func reset() {
                s.reset()
                zerosUntil = s.row + unit.latency
            }
            reset()
            for (k, u) in codes.enumerated() {
                if unit.latency > 0 && k % resetEvery == resetEvery - 1 { reset() }
                if s.row < zerosUntil {
                    s.expect(io.mantissa, 0); s.expect(io.shift, 0); s.expect(io.underflow, false)
                }
                s[io.u] = u
                let r = model.evaluate(u)
                board.expect(resultOf: s.row) { e in
                    e.expect(io.mantissa, r.mantissa); e.expect(io.shift, r.shift); e.expect(io.underflow, r.underflow)
                }
                s.step()
            }
            s.step(unit.latency)
            #expect(s.coverageGaps().filter { unit.latency > 0 || !$0.hasPrefix("no reset") }.isEmpty, "\(s.coverageGaps())")
            try await sim.stream(s, board)
        }
    }

    /// Every input code of the default format (65536), on both simulators.
    @Test(arguments: SimulatorBackend.allCases)
    func everyCodeOfTheDefaultFormat(_ backend: SimulatorBackend) async throws {
        let unit = Exp2Unit()
        try await Self.run(unit, Array(0..<(1 << unit.inputWidth)), on: backend, name: "exp2-all-\(backend)", seed: nil)
    }

    static var others: [(String, Exp2Unit)] { [
        ("table-only", Exp2Unit(integerBits: 4, fractionBits: 6, tableBits: 6, mantissaBits: 9, shiftBits: 4)),
        ("registered", Exp2Unit(integerBits: 5, fractionBits: 8, tableBits: 3, mantissaBits: 12, shiftBits: 3, pipelineStages: 1)),
        ("two-stage", Exp2Unit(integerBits: 8, fractionBits: 12, tableBits: 5, mantissaBits: 14, shiftBits: 6, pipelineStages: 2)),
        ("one-segment", Exp2Unit(integerBits: 1, fractionBits: 3, tableBits: 0, mantissaBits: 2, shiftBits: 1, pipelineStages: 2)),
        ("default-pipelined", Exp2Unit(pipelineStages: 2)),
    ] }

    /// Other parameterizations: the extremes of the input (0, 1, every power of two, all ones) and seeded
    /// random codes.
    @Test(arguments: SimulatorBackend.allCases, others.map(\.0))
    func otherParameterizations(_ backend: SimulatorBackend, _ name: String) async throws {
        let unit = try #require(Self.others.first { $0.0 == name }?.1)
        let seed = SeededGenerator.seed(default: UInt64(unit.inputWidth * 97 + unit.tableBits))
        var rng = SeededGenerator(seed: seed)
        let width = unit.inputWidth
        var codes = [0, 1, (1 << width) - 1] + (0..<width).map { 1 << $0 } + (0..<width).map { (1 << $0) - 1 }
        codes += (0..<3000).map { _ in Int(rng.bits(width)) }
        try await Self.run(unit, codes, on: backend, name: "exp2-\(name)-\(backend)", seed: seed)
    }

    @Test func latencyAndTables() throws {
        #expect(Exp2Unit().latency == 0 && Exp2Unit(pipelineStages: 2).latency == 2)
        #expect(try emitVerilog(Exp2Unit()).ports.allSatisfy { $0.name != "clk" })
        #expect(try emitVerilog(Exp2Unit(pipelineStages: 1)).ports.contains { $0.name == "clk" })
        // The generator's table (Double math at elaboration) equals the model's, computed on its own.
        for (_, unit) in Self.others + [("default", Exp2Unit())] {
            #expect(unit.mantissaTable == Self.model(unit).table)
        }
    }

    @Test func invalidParametersAreErrors() {
        for bad in [Exp2Unit(integerBits: 0), Exp2Unit(fractionBits: 0), Exp2Unit(fractionBits: 17),
                    Exp2Unit(tableBits: 11), Exp2Unit(fractionBits: 3, tableBits: 4), Exp2Unit(mantissaBits: 1),
                    Exp2Unit(shiftBits: 7), Exp2Unit(shiftBits: 0), Exp2Unit(pipelineStages: 3)] {
            #expect(throws: ElaborationError.self) { try emitVerilog(bad) }
        }
    }

    static var lintMatrix: [(String, Exp2Unit)] { others + [
        ("default", Exp2Unit()), ("registered-default", Exp2Unit(pipelineStages: 1)),
        ("wide", Exp2Unit(integerBits: 16, fractionBits: 16, tableBits: 10, mantissaBits: 24, shiftBits: 16, pipelineStages: 1)),
        ("no-underflow", Exp2Unit(integerBits: 5, fractionBits: 10, tableBits: 4, mantissaBits: 10, shiftBits: 5)),
    ] }

    @Test(arguments: lintMatrix.map(\.0))
    func lintClean(_ name: String) async throws {
        let unit = try #require(Self.lintMatrix.first { $0.0 == name }?.1)
        try await Lint.check(unit, name: "exp2-\(name)")
        let first = try emitVerilog(unit), second = try emitVerilog(unit)
        #expect(first.files == second.files && first.manifest == second.manifest)
    }
}
