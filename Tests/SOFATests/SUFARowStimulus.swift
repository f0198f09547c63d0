import Foundation
import HDLSim
import SOFA
import SOFAModel

/// One query row for `SUFARow`: q, the keys and values in arrival order, the row registers, and what
/// `SUFARowModel` (the spec's model) says the row must output.
struct SUFARowStimulus {
    var query: [Int]
    var keys: [[Int]]
    var values: [[Int]]
    var constant: SoftmaxConstant
    /// d_use: the elements that count.
    var headDim: Int
    /// What is driven on `head_dim` (0 or anything above the row's d reads as d).
    var headDimInput: Int

    var keyCount: Int { keys.count }

    /// The exact scores q . k_j over the first d_use elements.
    var scores: [Int] { keys.map { k in (0..<headDim).reduce(0) { $0 + query[$1] * k[$1] } } }

    /// O, rescales and exp2 evaluations as the model computes them.
    func expected(_ format: SUFAFormat) throws -> (output: [Int], rescales: Int, evaluations: Int) {
        var model = try SUFARowModel(format: format, constant: constant, headDim: headDim)
        for (s, v) in zip(scores, values) { model.push(score: s, value: Array(v.prefix(headDim))) }
        return (model.output(), model.rescales, model.exp2Evaluations)
    }

    /// Random int8 data everywhere (the row's own elements and the junk lanes past d_use).
    static func randomRow(_ rng: inout SeededGenerator, maxDim: Int) -> [Int] {
        (0..<maxDim).map { _ in rng.signedBits(8) }
    }
}

extension SUFARowStimulus {
    /// A row of `n` keys with random int8 data, the given c and d_use.
    static func random(_ rng: inout SeededGenerator, keys n: Int, headDim: Int, maxDim: Int, constant: SoftmaxConstant) -> SUFARowStimulus {
        SUFARowStimulus(query: randomRow(&rng, maxDim: maxDim), keys: (0..<n).map { _ in randomRow(&rng, maxDim: maxDim) },
                        values: (0..<n).map { _ in randomRow(&rng, maxDim: maxDim) }, constant: constant, headDim: headDim,
                        headDimInput: headDim == maxDim && rng.next() % 4 == 0 ? 0 : headDim)
    }

    /// c as the model's registers from a Double, in the format's range.
    static func constant(_ c: Double, _ format: SUFAFormat) -> SoftmaxConstant {
        try! SoftmaxConstant(c, format: format)
    }

    /// A random c: mostly MiniLM's range (9e-5 ... 2.2e-3), sometimes either end of the registers' range or a
    /// random normalized mantissa with any accepted shift.
    static func randomConstant(_ rng: inout SeededGenerator, _ format: SUFAFormat) -> SoftmaxConstant {
        let b = format.constantMantissaBits
        switch rng.next() % 8 {
        case 0:
            return SoftmaxConstant(mantissa: (1 << (b - 1)) + Int(rng.bits(b - 1)),
                                   shift: format.minimumConstantShift + Int(rng.next() % UInt64(format.maximumConstantShift - format.minimumConstantShift + 1)))
        case 1: return SoftmaxConstant(mantissa: (1 << b) - 1, shift: format.minimumConstantShift)
        case 2: return SoftmaxConstant(mantissa: 1 << (b - 1), shift: format.maximumConstantShift)
        default:
            let logC = -9.3 + Double(rng.next() % 1000) / 1000 * 3.2   // e^-9.3 = 9.1e-5, e^-6.1 = 2.2e-3
            return constant(exp(logC), format)
        }
    }
}

/// The model's format for a generator format (the same fields; the generator keeps its own copy).
extension SUFARowFormat {
    var model: SUFAFormat {
        SUFAFormat(exp2IntegerBits: exp2IntegerBits, exp2FractionBits: exp2FractionBits, exp2TableBits: exp2TableBits,
                   exp2MantissaBits: exp2MantissaBits, exp2ShiftBits: exp2ShiftBits, constantMantissaBits: constantMantissaBits,
                   constantShiftBits: constantShiftBits, weightFraction: weightFraction, rescaleFraction: rescaleFraction,
                   outputFraction: outputFraction)
    }
}
