import HDL
import HDLSim
import SOFA
import SOFAModel
import Testing

@Suite struct SoftmaxDividerTests {
    struct Division {
        var o: Int
        var l: Int
        /// Idle cycles (start low) before this division's start.
        var idleBefore = 0
    }

    static func model(_ d: SoftmaxDivider) -> RoundedQuotient {
        RoundedQuotient(numeratorFraction: d.numeratorFraction, denominatorFraction: d.denominatorFraction,
                        quotientWidth: d.quotientWidth, quotientFraction: d.quotientFraction)
    }

    /// Runs the divisions back to back through the handshake. While busy, `start` and the operands carry
    /// random values (a start then must be ignored); `done` must come exactly `latency` cycles after each start
    /// (a scoreboard with `done` as its valid) with the model's quotient, which must then hold through idle
    /// cycles. With `resets`, a seeded few divisions are cut short by a reset in their middle: busy, done and
    /// the quotient return to 0 and the division in flight is lost.
    static func run(_ divider: SoftmaxDivider, _ divisions: [Division], on backend: SimulatorBackend,
                    name: String, seed: UInt64, resets: Bool = true) async throws {
        let model = Self.model(divider)
        var rng = SeededGenerator(seed: seed ^ 0x5EED)
        try await Simulation.run(divider, on: backend, name: name, seed: seed) { sim, io in
            var s = sim.stimulus()
            var board = sim.scoreboard(latency: divider.latency, valid: io.done)
            var held = 0
            s.reset()
            for d in divisions {
                // A division cut short by a reset is run again, so every one is checked.
                var cutOnce = false
                while true {
                    for _ in 0..<d.idleBefore {
                        s[io.start] = false
                        s.randomize([io.numerator, io.denominator] as [any HardwareValue], &rng)
                        s.expect(io.busy, false); s.expect(io.quotient, held)
                        s.step()
                    }
                    s[io.start] = true; s[io.numerator] = d.o; s[io.denominator] = d.l
                    s.expect(io.busy, false); s.expect(io.quotient, held)
                    let q = model(d.o, d.l)
                    board.expect(resultOf: s.row) { $0.expect(io.quotient, q) }
                    s.step()
                    let cut = resets && !cutOnce && rng.next() % 200 == 0 ? 1 + Int(rng.next() % UInt64(divider.latency - 1)) : nil
                    for k in 1..<divider.latency {
                        if k == cut {
                            s.reset()
                            break
                        }
                        s[io.start] = rng.next() & 1 == 0
                        s.randomize([io.numerator, io.denominator] as [any HardwareValue], &rng)
                        s.expect(io.busy, true)
                        s.step()
                    }
                    if cut == nil {
                        held = q
                        break
                    }
                    held = 0
                    cutOnce = true
                }
            }
            s[io.start] = false
            for _ in 0..<2 {
                s.expect(io.busy, false); s.expect(io.quotient, held)
                s.step()
            }
            if divisions.count > 1000 { #expect(s.coverageGaps().isEmpty, "\(s.coverageGaps())") }
            try await sim.stream(s, board)
        }
    }

    /// Reduced widths: 8-bit o with 0 fraction bits, 8-bit l with 4, int8 out, q = round(16 o / l).
    static var reducedA: SoftmaxDivider { SoftmaxDivider(numeratorWidth: 8, numeratorFraction: 0, denominatorWidth: 8,
                                         denominatorFraction: 4, quotientWidth: 8, quotientFraction: 0) }
    /// The other alignment: o with 4 fraction bits, l integer, 6-bit quotient with 3: q = round(o / 2l).
    static var reducedB: SoftmaxDivider { SoftmaxDivider(numeratorWidth: 8, numeratorFraction: 4, denominatorWidth: 8,
                                         denominatorFraction: 0, quotientWidth: 6, quotientFraction: 3) }

    static func everyPair(_ d: SoftmaxDivider) -> [Division] {
        (-128...127).flatMap { o in (0...255).map { l in Division(o: o, l: l) } }
    }

    /// Every 8-bit numerator x every 8-bit denominator (65536 divisions), two fraction alignments: Verilator.
    @Test(arguments: ["A", "B"])
    func exhaustiveReducedWidthOnVerilator(_ which: String) async throws {
        let d = which == "A" ? Self.reducedA : Self.reducedB
        try await Self.run(d, Self.everyPair(d), on: .verilator, name: "divider-all-\(which)",
                           seed: SeededGenerator.seed(default: which == "A" ? 11 : 12))
    }

    /// Icarus is ~100x slower: a seeded random 4000 of the same pairs, with idle gaps.
    @Test(arguments: ["A", "B"])
    func reducedWidthSubsetOnIcarus(_ which: String) async throws {
        let d = which == "A" ? Self.reducedA : Self.reducedB
        let seed = SeededGenerator.seed(default: which == "A" ? 21 : 22)
        var rng = SeededGenerator(seed: seed)
        var divisions = [Division(o: 0, l: 0), Division(o: -128, l: 0), Division(o: 127, l: 255), Division(o: -128, l: 1)]
        divisions += (0..<4000).map { _ in
            Division(o: rng.signedBits(8), l: Int(rng.bits(8)), idleBefore: rng.next() % 8 == 0 ? Int(rng.bits(2)) : 0)
        }
        try await Self.run(d, divisions, on: .icarus, name: "divider-subset-\(which)", seed: seed)
    }

    /// The default format (o: 32 bits, 16 fraction; l: 24 bits, 16 fraction; int8 out).
    static func directedDefault() -> [Division] {
        let one = 1 << 16, half = 1 << 15
        let oMax = Int(Int32.max), oMin = Int(Int32.min), lMax = (1 << 24) - 1
        return [
            // zero numerator / zero denominator
            Division(o: 0, l: 0), Division(o: 0, l: 1), Division(o: 0, l: lMax), Division(o: 1, l: 0), Division(o: -1, l: 0),
            Division(o: oMax, l: 0), Division(o: oMin, l: 0),
            // one, minus one, the extremes
            Division(o: one, l: one), Division(o: -one, l: one), Division(o: 1, l: 1), Division(o: -1, l: 1),
            Division(o: oMax, l: 1), Division(o: oMin, l: 1), Division(o: oMax, l: lMax), Division(o: oMin, l: lMax),
            Division(o: 127 * one, l: one), Division(o: -128 * one, l: one), Division(o: 128 * one, l: one),
            Division(o: -129 * one, l: one),
            // exact halves: ties away from zero, and saturation after rounding
            Division(o: half, l: one), Division(o: -half, l: one), Division(o: half - 1, l: one), Division(o: -(half - 1), l: one),
            Division(o: 3 * half, l: one), Division(o: -3 * half, l: one), Division(o: 253 * half, l: one),
            Division(o: 255 * half, l: one), Division(o: -255 * half, l: one), Division(o: -257 * half, l: one),
            Division(o: 127 * 3 + 1, l: 3), Division(o: 5, l: 2), Division(o: -5, l: 2), Division(o: 5, l: 10),
            Division(o: 127 * lMax + lMax / 2, l: lMax), Division(o: -(127 * lMax + lMax / 2), l: lMax),
        ]
    }

    /// Directed corner cases and seeded random stimulus at the default width: quotients near every
    /// representable value (remainders anywhere in +-l, exact halves included), uniform random bits
    /// (mostly saturating), powers of two and tiny denominators.
    static func randomDefault(_ rng: inout SeededGenerator, count: Int) -> [Division] {
        let lMax = (1 << 24) - 1
        var out: [Division] = []
        for _ in 0..<count {
            let l: Int
            switch rng.next() % 4 {
            case 0: l = Int(rng.bits(24))
            case 1: l = 1 << Int(rng.next() % 24)
            case 2: l = Int(rng.bits(Int(rng.next() % 24) + 1))
            default: l = (1 << 16) + Int(rng.bits(20)) % (lMax - (1 << 16))
            }
            var o: Int
            switch rng.next() % 4 {
            case 0:
                o = rng.signedBits(32)
            case 1:
                let target = Int(rng.next() % 281) - 140
                o = target * l + l / 2 * (rng.next() & 1 == 0 ? 1 : -1)
            default:
                let target = Int(rng.next() % 281) - 140
                o = target * l + (l == 0 ? 0 : Int(rng.next() % UInt64(2 * l + 1)) - l)
            }
            o = min(Int(Int32.max), max(Int(Int32.min), o))
            out.append(Division(o: o, l: l, idleBefore: rng.next() % 16 == 0 ? 1 : 0))
        }
        return out
    }

    @Test(arguments: SimulatorBackend.allCases)
    func defaultWidthDirectedAndRandom(_ backend: SimulatorBackend) async throws {
        let seed = SeededGenerator.seed(default: 2024)
        var rng = SeededGenerator(seed: seed)
        let divisions = Self.directedDefault() + Self.randomDefault(&rng, count: backend == .verilator ? 30_000 : 3_000)
        try await Self.run(SoftmaxDivider(), divisions, on: backend, name: "divider-default-\(backend)", seed: seed)
    }

    /// The directed cases cover saturation on both sides, both ties and both special cases.
    @Test func directedCasesCoverTheCorners() {
        let q = Self.model(SoftmaxDivider())
        let results = Self.directedDefault().map { q($0.o, $0.l) }
        #expect(results.contains(127) && results.contains(-128) && results.contains(0))
        #expect(q(3 << 15, 1 << 16) == 2 && q(-(3 << 15), 1 << 16) == -2)
        #expect(q(255 << 15, 1 << 16) == 127 && q(-(255 << 15), 1 << 16) == -128)
    }

    /// A reset in the middle of a division returns to idle with quotient 0; the next division is normal.
    @Test(arguments: SimulatorBackend.allCases)
    func resetDuringADivision(_ backend: SimulatorBackend) async throws {
        let d = SoftmaxDivider()
        let q = Self.model(d)
        try await Simulation.run(d, on: backend, name: "divider-reset-\(backend)") { sim, io in
            sim.reset()
            sim.poke(io.start, true); sim.poke(io.numerator, -100 << 16); sim.poke(io.denominator, 3 << 16)
            sim.step()
            sim.poke(io.start, false)
            sim.step(3)
            sim.expect(io.busy, true)
            sim.reset()
            sim.expect(io.busy, false); sim.expect(io.done, false); sim.expect(io.quotient, 0)
            sim.poke(io.start, true); sim.poke(io.numerator, 7 << 16); sim.poke(io.denominator, 2 << 16)
            sim.step()
            sim.poke(io.start, false)
            sim.step(d.latency - 1)
            sim.expect(io.done, true); sim.expect(io.busy, false); sim.expect(io.quotient, q(7 << 16, 2 << 16))
            try await sim.flush()
        }
    }

    @Test func latencyIsOneCyclePerQuotientBitPlusOne() {
        #expect(SoftmaxDivider().latency == 9)
        #expect(SoftmaxDivider(quotientWidth: 16).latency == 17)
    }

    @Test func invalidParametersAreErrors() {
        for bad in [SoftmaxDivider(numeratorWidth: 1), SoftmaxDivider(numeratorWidth: 49), SoftmaxDivider(denominatorWidth: 0),
                    SoftmaxDivider(quotientWidth: 1), SoftmaxDivider(quotientWidth: 33), SoftmaxDivider(numeratorFraction: -1),
                    SoftmaxDivider(quotientFraction: 49),
                    SoftmaxDivider(numeratorWidth: 48, numeratorFraction: 0, denominatorFraction: 16),
                    SoftmaxDivider(numeratorFraction: 40, denominatorWidth: 48, denominatorFraction: 0)] {
            #expect(throws: ElaborationError.self) { try emitVerilog(bad) }
        }
    }

    static var lintMatrix: [(String, SoftmaxDivider)] { [
        ("default", SoftmaxDivider()), ("reduced-a", reducedA), ("reduced-b", reducedB),
        ("smallest", SoftmaxDivider(numeratorWidth: 2, numeratorFraction: 0, denominatorWidth: 1, denominatorFraction: 0,
                                    quotientWidth: 2, quotientFraction: 0)),
        ("wide", SoftmaxDivider(numeratorWidth: 48, numeratorFraction: 0, denominatorWidth: 48, denominatorFraction: 12,
                                quotientWidth: 32, quotientFraction: 0)),
        ("int16-out", SoftmaxDivider(quotientWidth: 16, quotientFraction: 8)),
    ] }

    @Test(arguments: lintMatrix.map(\.0))
    func lintClean(_ name: String) async throws {
        let d = try #require(Self.lintMatrix.first { $0.0 == name }?.1)
        try await Lint.check(d, name: "divider-\(name)")
        let first = try emitVerilog(d), second = try emitVerilog(d)
        #expect(first.files == second.files && first.manifest == second.manifest)
    }
}
