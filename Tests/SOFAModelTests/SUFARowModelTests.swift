import Foundation
import HDLSim
import SOFAModel
import Testing

/// Directed and random rows through the SU-FA row model: exact results where the arithmetic is exact, the Double
/// softmax elsewhere, and every register within the widths docs/SU-FA.md proves.
@Suite struct SUFARowModelTests {
    let format = SUFAFormat()

    /// c = 2^-10: a score difference of 1024 is x = 1 (u = 1024), so exp2 results are exact powers of two.
    static let octave = 1024

    func constant(_ c: Double = 0x1p-10) throws -> SoftmaxConstant { try SoftmaxConstant(c, format: format) }

    /// Pushes the keys, checking after each that l and o fit the widths for `maxKeys` and that l never exceeds
    /// the keys so far (times 2^F).
    func run(_ scores: [Int], _ values: [[Int]], c: SoftmaxConstant, maxKeys: Int? = nil) throws -> SUFARowModel {
        let d = values[0].count
        var row = try SUFARowModel(format: format, constant: c, headDim: d)
        let n = maxKeys ?? scores.count
        let sumLimit = 1 << format.sumWidth(maxKeys: n)
        let accumulatorLimit = 1 << (format.accumulatorWidth(maxKeys: n) - 1)
        for (s, v) in zip(scores, values) {
            let step = row.push(score: s, value: v)
            #expect(row.sum <= row.keys << format.weightFraction && row.sum < sumLimit && row.sum >= 1 << format.weightFraction)
            #expect(row.accumulators.allSatisfy { $0 >= -accumulatorLimit && $0 < accumulatorLimit })
            if let u = step.exponentInput { #expect(u >= 0 && u < 1 << format.exponentInputWidth) }
            #expect(step.weight <= 1 << format.weightFraction)
            if let r = step.factor { #expect(r <= 1 << format.rescaleFraction) }
        }
        return row
    }

    /// The Double softmax of the row with the constant the registers hold: O in units of v.
    static func exact(_ scores: [Int], _ values: [[Int]], c: Double) -> [Double] {
        let m = scores.max()!
        let w = scores.map { exp2(-Double(m - $0) * c) }
        let z = w.reduce(0, +)
        return (0..<values[0].count).map { i in zip(w, values).reduce(0) { $0 + $1.0 * Double($1.1[i]) } / z }
    }

    func decoded(_ row: SUFARowModel) -> [Double] { row.output().map { Double($0) / Double(1 << format.outputFraction) } }

    @Test(arguments: [[5, -7, 0, 127, -128, 1], [-128, -128, -128, -128, -128, -128], [127, 127, 127, 127, 127, 127]])
    func oneKeyGivesItsValueExactly(_ v: [Int]) throws {
        let row = try run([12345], [v], c: try constant())
        #expect(row.output() == v.map { $0 << 8 })
        #expect(row.keys == 1 && row.rescales == 0 && row.exp2Evaluations == 0 && row.divisions == 6)
    }

    /// exp2(0) = 1 exactly, so equal scores give weight 1 each: O = mean(v), rounded to nearest (ties away from 0).
    @Test func allEqualScoresGiveTheMean() throws {
        var rng = SeededGenerator(seed: 11)
        let n = 256, d = 8
        let values = (0..<n).map { _ in (0..<d).map { _ in rng.signedBits(8) } }
        let row = try run([Int](repeating: -777, count: n), values, c: try constant(0.0013))
        #expect(row.sum == n << 16 && row.rescales == 0 && row.exp2Evaluations == n - 1)
        for i in 0..<d {
            let total = values.reduce(0) { $0 + $1[i] }
            let mean = (Double(total) * 256 / Double(n)).rounded(.toNearestOrAwayFromZero)
            #expect(row.output()[i] == Int(mean))
        }
    }

    /// A key 40 octaves above the rest: the others' weights (2^-40) underflow the exp2 unit, so O is that key's
    /// value exactly, whether it comes first (no rescale) or last (one rescale, r = 0 drops the old state).
    @Test func dominantKeyFirstAndLast() throws {
        var rng = SeededGenerator(seed: 12)
        let n = 64, d = 16
        let values = (0..<n).map { _ in (0..<d).map { _ in rng.signedBits(8) } }
        var scores = (0..<n).map { _ in Int(rng.bits(10)) }
        scores[0] = 40 * Self.octave + 1023
        let first = try run(scores, values, c: try constant())
        #expect(first.output() == values[0].map { $0 << 8 } && first.rescales == 0)
        let last = try run(Array(scores.reversed()), Array(values.reversed()), c: try constant())
        #expect(last.output() == values[0].map { $0 << 8 })
        // Ascending until the dominant key only where the random scores happen to rise, then once more for it.
        #expect(last.rescales >= 1 && last.exp2Evaluations == n - 1)
        // A milder dominance (10 octaves): both orders within a unit in the last place of the Double softmax.
        scores[0] = 10 * Self.octave
        for (s, v) in [(scores, values), (Array(scores.reversed()), Array(values.reversed()))] {
            let row = try run(s, v, c: try constant())
            Self.expectClose(decoded(row), Self.exact(s, v, c: 0x1p-10), v)
        }
    }

    /// Ascending scores: every key is a miss. With steps of one octave each r is exactly 1/2, so the only errors
    /// are the rescale roundings: O stays within one output unit of the Double softmax.
    @Test func everyKeyAMiss() throws {
        var rng = SeededGenerator(seed: 13)
        let n = 200, d = 32
        let values = (0..<n).map { _ in (0..<d).map { _ in rng.signedBits(8) } }
        let scores = (0..<n).map { $0 * Self.octave - 50_000 }
        let row = try run(scores, values, c: try constant())
        #expect(row.rescales == n - 1 && row.exp2Evaluations == n - 1)
        for (a, b) in zip(decoded(row), Self.exact(scores, values, c: 0x1p-10)) { #expect(abs(a - b) <= 0x1p-8) }
        // Random rising steps (r anywhere in (0, 1)): within the exp2 unit's error of the Double softmax.
        for seed in 0..<20 {
            var g = SeededGenerator(seed: 100 + UInt64(seed))
            var s = [Int(g.bits(12))]
            for _ in 1..<n { s.append(s.last! + 1 + Int(g.bits(Int(g.bits(3)) + 4))) }
            let c = try constant(0x1p-11 * (1 + Double(g.bits(16)) / 65536))
            let r = try run(s, values, c: c)
            #expect(r.rescales == n - 1)
            Self.expectClose(decoded(r), Self.exact(s, values, c: c.value), values)
        }
    }

    /// The bound the docs derive for any order: each weight within ~0.2 % (exp2 1.53e-3, u rounding 3.4e-4, c
    /// 2^-16 * x), so |O - O_exact| <= 0.005 * max|v_j - O| plus an output unit.
    static func expectClose(_ model: [Double], _ exact: [Double], _ values: [[Int]], sourceLocation: SourceLocation = #_sourceLocation) {
        for (i, (a, b)) in zip(model, exact).enumerated() {
            let spread = values.map { abs(Double($0[i]) - b) }.max()!
            #expect(abs(a - b) <= 0.005 * spread + 0x1p-8, "element \(i): \(a) vs \(b)", sourceLocation: sourceLocation)
        }
    }

    /// Random rows in random orders with realistic and extreme constants.
    @Test func randomRowsFollowTheDoubleSoftmax() throws {
        let seed = SeededGenerator.seed(default: 14)
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<200 {
            let n = 1 + Int(rng.bits(8)), d = 1 + Int(rng.bits(5))
            let values = (0..<n).map { _ in (0..<d).map { _ in rng.signedBits(8) } }
            let scores = (0..<n).map { _ in rng.signedBits(Int(rng.bits(3)) + 12) }
            let c = try constant(exp2(-Double(8 + rng.bits(4)) - Double(rng.bits(10)) / 1024))
            let row = try run(scores, values, c: c)
            #expect(row.keys == n && row.exp2Evaluations == n - 1 && row.divisions == d, "seed \(seed)")
            Self.expectClose(decoded(row), Self.exact(scores, values, c: c.value), values)
        }
    }

    /// |q| = |k| = 128 at the largest d (128): scores reach +-2^21, differences 2^22 - 2^15; nothing overflows and u
    /// saturates as specified.
    @Test func extremeScoresAtTheLargestHeadDim() throws {
        let d = 128
        let q = [Int](repeating: -128, count: d)
        let keys: [[Int]] = [[Int](repeating: -128, count: d), [Int](repeating: 127, count: d),
                             (0..<d).map { $0 % 2 == 0 ? -128 : 127 }, [Int](repeating: 0, count: d)]
        let scores = keys.map { DLZSScore.exact(q, $0) }
        #expect(scores == [d * 16384, -d * 16256, d * 64, 0])
        #expect(scores.allSatisfy { abs($0) < 1 << (SUFAFormat.scoreWidth(headDim: d) - 1) })
        #expect(scores.max()! - scores.min()! < 1 << SUFAFormat.differenceWidth(headDim: d))
        let values = [[Int](repeating: -128, count: d), [Int](repeating: 127, count: d),
                      [Int](repeating: 127, count: d), [Int](repeating: -1, count: d)]
        for c in [0x1p-20, 0.0013, 0x1p-11] {
            for order in [[0, 1, 2, 3], [1, 3, 2, 0], [3, 2, 1, 0]] {
                let row = try run(order.map { scores[$0] }, order.map { values[$0] }, c: try constant(c))
                Self.expectClose(decoded(row), Self.exact(order.map { scores[$0] }, order.map { values[$0] }, c: try constant(c).value),
                                 order.map { values[$0] })
            }
        }
        // The largest constant saturates u for a difference of a few units; nothing else changes.
        let c = SoftmaxConstant(mantissa: (1 << 16) - 1, shift: 11)
        let row = try run(scores, values, c: c)
        #expect(row.output() == values[0].map { $0 << 8 })
    }

    /// N = N_max keys of equal score and v = -128 (or 127): l = N * 2^F and o = -128 * N * 2^F, the proven extremes,
    /// exactly reached and still in range.
    @Test(arguments: [256, 1024])
    func maximumKeysReachTheWidthsExactly(_ n: Int) throws {
        for v in [-128, 127] {
            let row = try run([Int](repeating: 0, count: n), [[Int]](repeating: [v, 0], count: n), c: try constant(), maxKeys: n)
            #expect(row.sum == n << 16 && row.sum < 1 << format.sumWidth(maxKeys: n))
            #expect(row.accumulators[0] == v * n << 16)
            if v == -128 { #expect(row.accumulators[0] == -(1 << (format.accumulatorWidth(maxKeys: n) - 1))) }
            #expect(row.output() == [v << 8, 0])
        }
    }

    /// A row without keys outputs zeros and takes no division.
    @Test func emptyRow() throws {
        let row = try SUFARowModel(format: format, constant: try constant(), headDim: 4)
        #expect(row.output() == [0, 0, 0, 0] && row.divisions == 0)
    }

    /// The arithmetic step by step, worked by hand (docs/SU-FA.md): p = exp2 aligned to F bits, r to F_r bits, and
    /// every rounding to nearest with halves up, on both signs.
    @Test func stepsExposeTheArithmetic() throws {
        var row = try SUFARowModel(format: format, constant: try constant(), headDim: 2)
        #expect(row.push(score: 0, value: [1, -1]).kind == .first)
        #expect(row.sum == 65536 && row.accumulators == [65536, -65536])
        // x = 1.5: u = 1536, shift 1, mantissa = table entry 8 of 16 = round(1024 * 2^-0.5) = 724; p = 724 * 2^5.
        let hit = row.push(score: -1536, value: [2, -2])
        #expect(hit.kind == .hit && hit.exponentInput == 1536 && hit.exp2?.shift == 1 && hit.exp2?.mantissa == 724)
        #expect(hit.weight == 23168 && row.sum == 88704 && row.accumulators == [111_872, -111_872])
        // x = 11.5: p = 724 / 2^5 = 22.625, rounded to 23.
        let small = row.push(score: -11 * 1024 - 512, value: [5, -5])
        #expect(small.weight == 23 && row.sum == 88727 && row.accumulators == [111_987, -111_987])
        // 3 octaves above m: r = 2^21 / 2^24 = 1/8. l = round(88727 / 8 = 11090.875) + 2^16;
        // o = round(+-13998.375) + 3 * 2^16: 13998 and -13998 (halves up, not toward zero or down).
        let miss = row.push(score: 3072, value: [3, -3])
        #expect(miss.kind == .miss && miss.factor == 1 << 21 && miss.weight == 1 << 16 && row.runningMax == 3072)
        #expect(row.sum == 11091 + 65536 && row.accumulators == [13998 + 196_608, -13998 - 196_608])
        // O = 210606 / 76627 = 2.7485... -> 703.6 / 256 -> 704.
        #expect(row.output() == [704, -704])
        #expect(row.rescales == 1 && row.exp2Evaluations == 3 && row.keys == 4)
    }
}
