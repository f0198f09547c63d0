import Foundation
import HDL

/// The SU-FA exp2 unit (SOFA-SPEC section 4): p = 2^x for x = -u / 2^fractionBits <= 0.
///
/// Input `u` is the magnitude of x, unsigned fixed point with `integerBits` integer and `fractionBits`
/// fraction bits. With n = floor(u / 2^F) and f = u mod 2^F, 2^x = 2^(-f / 2^F) * 2^-n: the integer part
/// becomes a right shift the consumer applies (`shift` = n), the fraction a mantissa in [1/2, 1]
/// (`mantissa` / 2^mantissaBits). Output as (mantissa, shift) rather than one fixed-point number so the
/// relative error bound holds for every result down to 2^-(2^shiftBits), however small.
///
/// Mantissa: a ROM of 2^(-i / 2^T) (i = the top T = `tableBits` fraction bits), each entry rounded to
/// nearest on `mantissaBits` fraction bits, plus entry 2^T = 1/2 as the end of the last segment; the
/// remaining R = F - T bits r interpolate linearly between entries i and i + 1, and the interpolated value
/// (entry_i * (2^R - r) + entry_{i+1} * r) / 2^R is rounded to nearest, ties up. T = F is table only.
///
/// `underflow` is 1 when n >= 2^shiftBits (the result is below 2^-(2^shiftBits) and reads as 0):
/// `mantissa` and `shift` are 0 then, so mantissa * v >> shift is 0 however the consumer uses them.
/// With shiftBits = integerBits it never fires.
///
/// Defaults (I = 6, F = 10, T = 4, P = 10, S = 5): a 16-bit input covering x in (-64, 0] with steps of
/// 2^-10 (input quantization alone moves 2^x by at most ln2 * 2^-11 ~ 3.4e-4 relative); results below
/// 2^-32 underflow, negligible against a row sum l >= 1 even over thousands of keys; 16-entry tables and a
/// 6 x 6-bit interpolation product give a measured maximum relative error of 1.53e-3 (2^-9.35) against
/// exact 2^x, inside the spec's 2^-8 with a 2.5x margin; the 11-bit mantissa keeps the p * v product small.
///
/// `pipelineStages`: 0 = combinational; 1 = registered outputs; 2 = also a register after the table
/// lookup. The result of an input appears `latency` clock edges later; the registers reset to 0, so the
/// outputs read 0 until the first result arrives.
public struct Exp2Unit: Module {
    public var integerBits: Int
    public var fractionBits: Int
    public var tableBits: Int
    public var mantissaBits: Int
    public var shiftBits: Int
    public var pipelineStages: Int

    public init(integerBits: Int = 6, fractionBits: Int = 10, tableBits: Int = 4, mantissaBits: Int = 10,
                shiftBits: Int = 5, pipelineStages: Int = 0) {
        self.integerBits = integerBits
        self.fractionBits = fractionBits
        self.tableBits = tableBits
        self.mantissaBits = mantissaBits
        self.shiftBits = shiftBits
        self.pipelineStages = pipelineStages
    }

    /// Clock edges from an input to its result (0: combinational).
    public var latency: Int { pipelineStages }

    /// Width of `u`.
    public var inputWidth: Int { integerBits + fractionBits }

    /// Fraction bits below the table index, used for interpolation.
    public var interpolationBits: Int { fractionBits - tableBits }

    /// round(2^P * 2^(-i / 2^T)) for i = 0 ... 2^T (the last entry is exactly 2^(P-1)).
    public var mantissaTable: [Int] {
        let entries = 1 << tableBits
        return (0...entries).map { i in
            Int((Double(1 << mantissaBits) * exp2(-Double(i) / Double(entries))).rounded(.toNearestOrAwayFromZero))
        }
    }

    /// Entry i minus entry i + 1: the drop across segment i (non-negative: the table decreases).
    public var slopeTable: [Int] {
        let t = mantissaTable
        return (0..<(t.count - 1)).map { t[$0] - t[$0 + 1] }
    }

    public func validate() throws {
        try validateParameters()
        try require(tableBits <= fractionBits, "tableBits must be at most fractionBits (\(fractionBits)), got \(tableBits)")
        try require(shiftBits <= integerBits, "shiftBits must be at most integerBits (\(integerBits)), got \(shiftBits)")
    }

    public struct IO {
        public var u: Unsigned
        public var mantissa: Unsigned
        public var shift: Unsigned
        public var underflow: Bit
    }

    public func ports(_ p: Ports) -> IO {
        IO(u: p.input("u", .uint(inputWidth)), mantissa: p.output("mantissa", .uint(mantissaBits + 1)),
           shift: p.output("shift", .uint(shiftBits)), underflow: p.output("underflow", .bit))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let table = mantissaTable, slopes = slopeTable
        let entryWidth = mantissaBits + 1
        let slopeWidth = bitsFor(slopes.max() ?? 0)
        let r = interpolationBits

        let integerPart = m.named("integer_part", io.u[inputWidth - 1, fractionBits])
        // Segment start and drop: two ROMs on the top fraction bits, read in the same cycle (constants when there
        // is one segment). As memories, an FPGA flow can put them in LUT RAM or block RAM.
        var base = Unsigned(table[0], width: entryWidth)
        var slope = Unsigned(slopes[0], width: slopeWidth)
        if tableBits > 0 {
            let index = m.named("table_index", io.u[fractionBits - 1, r])
            let segments = 1 << tableBits
            base = m.rom("base_table", .uint(entryWidth), contents: Array(table.prefix(segments)))
                .read(index, readUnderWrite: .combinational, name: "table_base")
            slope = m.rom("slope_table", .uint(slopeWidth), contents: Array(slopes.prefix(segments)))
                .read(index, readUnderWrite: .combinational, name: "table_slope")
        }
        var offset: Unsigned? = r > 0 ? io.u[r - 1, 0] : nil
        var shiftIn = integerPart
        if pipelineStages == 2 {
            // Register boundary between the ROM and the interpolation.
            base = m.regNext(base, name: "base_q", reset: 0)
            slope = m.regNext(slope, name: "slope_q", reset: 0)
            offset = offset.map { m.regNext($0, name: "offset_q", reset: 0) }
            shiftIn = m.regNext(integerPart, name: "integer_part_q", reset: 0)
        }
        var mantissa = base
        if let offset {
            // base * 2^r - slope * offset is the interpolated value scaled by 2^r; it never goes negative
            // (slope * offset < slope * 2^r <= base * 2^r), so the wrapping subtract is exact.
            let scaledWidth = entryWidth + r
            let drop = m.named("drop", slope * offset)
            let interpolated = m.named("interpolated", (base << r) &- drop.extended(to: scaledWidth))
            let rounded = (interpolated + Unsigned(1 << (r - 1), width: r)) >> r
            mantissa = m.named("interpolated_rounded", rounded.truncated(to: entryWidth))
        }
        let underflow: Bit = shiftBits < integerBits ? m.named("too_small", shiftIn[integerBits - 1, shiftBits].reduceOr()) : false
        var mantissaOut = mux(underflow, Unsigned(0, width: entryWidth), mantissa)
        var shiftOut = mux(underflow, Unsigned(0, width: shiftBits), shiftIn.truncated(to: shiftBits))
        var underflowOut = underflow
        if pipelineStages >= 1 {
            mantissaOut = m.regNext(mantissaOut, name: "mantissa_q", reset: 0)
            shiftOut = m.regNext(shiftOut, name: "shift_q", reset: 0)
            underflowOut = m.regNext(underflow, name: "underflow_q", reset: 0)
        }
        io.mantissa <== mantissaOut
        io.shift <== shiftOut
        io.underflow <== underflowOut
    }
}

extension Exp2Unit {
    /// Results per cycle in steady state: a new u is accepted every cycle (combinational or fully pipelined).
    public var resultsPerCycle: Int { 1 }
}

extension Exp2Unit: DeclaredGenerator {
    public static var defaults: Exp2Unit { Exp2Unit() }
    public static let summary = "SU-FA exp2 unit: 2^(-u/2^F) as mantissa and shift (table + linear interpolation)"
    public static var parameters: [GeneratorParameter<Exp2Unit>] {
        [.integer("integer-bits", \.integerBits, 1...16, help: "integer bits of the input magnitude u"),
         .integer("fraction-bits", \.fractionBits, 1...16, help: "fraction bits of u"),
         .integer("table-bits", \.tableBits, 0...10, help: "top fraction bits indexing the table, at most fraction-bits (equal: table only)"),
         .integer("mantissa-bits", \.mantissaBits, 2...24, help: "fraction bits of the mantissa (output is mantissa-bits + 1 wide)"),
         .integer("shift-bits", \.shiftBits, 1...16, help: "width of the shift output, at most integer-bits; larger shifts underflow to 0"),
         .integer("pipeline-stages", \.pipelineStages, 0...2, help: "0 combinational, 1 registered outputs, 2 also after the table")]
    }
    public var figures: [GeneratorFigure] {
        [GeneratorFigure("latency", latency), GeneratorFigure("ops_per_cycle", resultsPerCycle),
         GeneratorFigure("table_entries", mantissaTable.count)]
    }
}
