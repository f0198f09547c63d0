import HDL
import HDLExamples
import SOFA
import SortingNetworks

/// Every block `sofa-gen` knows, in listing order.
public enum Catalog {
    public static let blocks: [Block] = [
        Block(name: "counter", summary: "up-counter with enable and synchronous reset",
              parameters: [.integer("width", 1...64, default: 8, help: "counter width in bits")],
              module: { c in Counter(width: c.int("width")) }),
        Block(name: "leading-one", summary: "leading-one detector (index of the highest set bit)",
              parameters: [.integer("width", 2...1024, default: 16, help: "input width (a power of two)")],
              module: { c in LeadingOneDetector(width: c.int("width")) }),
        Block(name: "mac", summary: "signed multiply-accumulate unit",
              parameters: [.integer("data-width", 2...32, default: 8, help: "operand width"),
                           .integer("accumulator-width", 4...128, default: 24, help: "accumulator width")],
              module: { c in MultiplyAccumulate(dataWidth: c.int("data-width"), accumulatorWidth: c.int("accumulator-width")) }),
        Block(name: "fifo", summary: "synchronous FIFO on an inferred RAM",
              parameters: [.integer("width", 1...1024, default: 8, help: "word width"),
                           .integer("depth", 2...(1 << 20), default: 16, help: "words (a power of two)")],
              module: { c in FIFO(width: c.int("width"), depth: c.int("depth")) }),
        Block(name: "counter-pair", summary: "hierarchy example: two parameterizations of one counter",
              parameters: [.integer("narrow-width", 1...63, default: 4, help: "narrow counters' width"),
                           .integer("wide-width", 2...64, default: 8, help: "wide counter's width")],
              module: { c in CounterPair(narrowWidth: c.int("narrow-width"), wideWidth: c.int("wide-width")) }),
        Block(name: "systolic-array", summary: "output-stationary systolic array of signed MAC cells",
              parameters: [.integer("rows", 1...1024, default: 4, help: "rows (row operands enter on the left)"),
                           .integer("columns", 1...1024, default: 4, help: "columns (column operands enter at the top)"),
                           .integer("data-width", 2...32, default: 8, help: "operand width"),
                           .integer("accumulator-width", 4...128, default: 24, help: "accumulator width")],
              module: { c in
                  SystolicArray(rows: c.int("rows"), columns: c.int("columns"), dataWidth: c.int("data-width"),
                                accumulatorWidth: c.int("accumulator-width"))
              }),
        Block(name: "lz-encoder", summary: "DLZS leading-one encoder: q -> (sign, zero, exponent)",
              parameters: [.integer("width", 2...32, default: 8, help: "q width in bits"),
                           .choice("rounding", LZRounding.allCases.map(\.rawValue), default: "floor",
                                   help: "floor: e = floor(log2|q|); nearest: + the bit below the leading one")],
              module: { c in LZEncoder(width: c.int("width"), rounding: LZRounding(rawValue: c.string("rounding"))!) },
              figures: { e in [BlockFigure("latency", e.latency), BlockFigure("exponent_bits", e.exponentWidth)] }),
        Block(name: "dlzs-array", summary: "DLZS predictor array: R rows x L shift-add lanes, no multiplier",
              parameters: scoreArrayParameters(rows: 128, lanes: 32) + [
                  .choice("rounding", LZRounding.allCases.map(\.rawValue), default: "floor", help: "LZ encoder rounding")],
              module: { c in DLZSPredictorArray(shape: scoreArrayShape(c), rounding: LZRounding(rawValue: c.string("rounding"))!) },
              figures: { a in scoreArrayFigures(a.shape) }),
        Block(name: "mac-array", summary: "exact int8 MAC array with the DLZS array's streaming shape",
              parameters: scoreArrayParameters(rows: 128, lanes: 4),
              module: { c in MACArray(shape: scoreArrayShape(c)) },
              figures: { a in scoreArrayFigures(a.shape) }),
        Block(name: "exp2", summary: "SU-FA exp2 unit: 2^(-u/2^F) as mantissa and shift (table + linear interpolation)",
              parameters: [.integer("integer-bits", 1...16, default: 6, help: "integer bits of the input magnitude u"),
                           .integer("fraction-bits", 1...16, default: 10, help: "fraction bits of u"),
                           .integer("table-bits", 0...10, default: 4, help: "top fraction bits indexing the table (= fraction-bits: table only)"),
                           .integer("mantissa-bits", 2...24, default: 10, help: "fraction bits of the mantissa (output is mantissa-bits + 1 wide)"),
                           .integer("shift-bits", 1...16, default: 5, help: "width of the shift output; larger shifts underflow to 0"),
                           .integer("pipeline-stages", 0...2, default: 0, help: "0 combinational, 1 registered outputs, 2 also after the table")],
              module: { c in
                  Exp2Unit(integerBits: c.int("integer-bits"), fractionBits: c.int("fraction-bits"),
                           tableBits: c.int("table-bits"), mantissaBits: c.int("mantissa-bits"),
                           shiftBits: c.int("shift-bits"), pipelineStages: c.int("pipeline-stages"))
              },
              figures: { u in
                  [BlockFigure("latency", u.latency), BlockFigure("ops_per_cycle", u.resultsPerCycle),
                   BlockFigure("table_entries", u.mantissaTable.count)]
              }),
        Block(name: "divider", summary: "SU-FA output divider: round(o / l) saturated to a signed quotient, one bit per cycle",
              parameters: [.integer("numerator-width", 2...48, default: 32, help: "width of the signed numerator o"),
                           .integer("numerator-fraction", 0...48, default: 16, help: "fraction bits of o"),
                           .integer("denominator-width", 1...48, default: 24, help: "width of the unsigned denominator l"),
                           .integer("denominator-fraction", 0...48, default: 16, help: "fraction bits of l"),
                           .integer("quotient-width", 2...32, default: 8, help: "width of the signed quotient (latency = width + 1)"),
                           .integer("quotient-fraction", 0...48, default: 0, help: "fraction bits of the quotient")],
              module: { c in
                  SoftmaxDivider(numeratorWidth: c.int("numerator-width"), numeratorFraction: c.int("numerator-fraction"),
                                 denominatorWidth: c.int("denominator-width"), denominatorFraction: c.int("denominator-fraction"),
                                 quotientWidth: c.int("quotient-width"), quotientFraction: c.int("quotient-fraction"))
              },
              figures: { d in [BlockFigure("latency", d.latency), BlockFigure("ops_per_cycle", d.divisionsPerCycle)] }),
        Block(name: "su-fa-row", summary: "SU-FA row: one query's online softmax over streamed k/v beats, MAC lanes, exp2, division",
              parameters: [.integer("head-dim", 1...128, default: 32, help: "d: the largest head dimension (head_dim in use is a runtime input)"),
                           .integer("lanes", 1...128, default: 4, help: "L: MAC lanes, int8 elements per beat (a divisor of head-dim)"),
                           .integer("max-keys", 1...65536, default: 256, help: "N_max: the most keys a row may have (sizes l and o)"),
                           .integer("dividers", 1...128, default: 2, help: "divider instances for the end-of-row division"),
                           .integer("counter-width", 8...64, default: 32, help: "bits of the rescale/exp2/division/lane-busy counters"),
                           .integer("exp2-integer-bits", 1...16, default: 6, help: "I: integer bits of the exp2 input u"),
                           .integer("exp2-fraction-bits", 1...16, default: 10, help: "F_u: fraction bits of u"),
                           .integer("exp2-table-bits", 0...10, default: 4, help: "T: exp2 table index bits"),
                           .integer("exp2-mantissa-bits", 2...24, default: 10, help: "P: exp2 mantissa fraction bits"),
                           .integer("exp2-shift-bits", 1...16, default: 5, help: "S: exp2 shift bits (smaller results read as 0)"),
                           .integer("constant-mantissa-bits", 16...32, default: 16, help: "B: bits of the softmax constant's mantissa c_m"),
                           .integer("constant-shift-bits", 1...7, default: 6, help: "bits of the softmax constant's shift c_e"),
                           .integer("weight-fraction", 1...32, default: 16, help: "F: fraction bits of p, l and o"),
                           .integer("rescale-fraction", 1...40, default: 24, help: "F_r: fraction bits of the rescale factor r"),
                           .integer("output-fraction", 0...24, default: 8, help: "F_out: fraction bits of O (8 + F_out bits)")],
              module: { c in
                  SUFARow(headDim: c.int("head-dim"), lanes: c.int("lanes"), maxKeys: c.int("max-keys"), dividers: c.int("dividers"),
                          format: SUFARowFormat(exp2IntegerBits: c.int("exp2-integer-bits"), exp2FractionBits: c.int("exp2-fraction-bits"),
                                                exp2TableBits: c.int("exp2-table-bits"), exp2MantissaBits: c.int("exp2-mantissa-bits"),
                                                exp2ShiftBits: c.int("exp2-shift-bits"),
                                                constantMantissaBits: c.int("constant-mantissa-bits"),
                                                constantShiftBits: c.int("constant-shift-bits"), weightFraction: c.int("weight-fraction"),
                                                rescaleFraction: c.int("rescale-fraction"), outputFraction: c.int("output-fraction")),
                          counterWidth: c.int("counter-width"))
              },
              figures: { r in
                  [BlockFigure("latency", r.rowLatency), BlockFigure("ops_per_cycle", r.operationsPerCycle),
                   BlockFigure("cycles_per_key", r.cyclesPerKey),
                   BlockFigure("division_cycles", r.divisionCycles), BlockFigure("keys_to_hide_division", r.keysToHideDivision),
                   BlockFigure("accumulator_bits", r.accumulatorWidth), BlockFigure("sum_bits", r.sumWidth)]
              }),
        Block(name: "sads", summary: "SADS streaming top-k core: per segment of a score row, the best k_s, clipping optional",
              parameters: [.integer("width", 2...256, default: 16, help: "W: held winners + new scores per round (the paper: 16)"),
                           .integer("winners", 1...255, default: 4, help: "k_s: winners kept per segment, below W (the paper: 4)"),
                           .choice("family", NetworkFamily.allCases.map(\.rawValue), default: NetworkFamily.oddEvenMerge.rawValue,
                                   help: "network for the W - k_s new scores of a round"),
                           .integer("key-width", 2...62, default: 21, help: "signed score width (DLZS scores, d = 32: 21)"),
                           .integer("index-width", 1...32, default: 16, help: "key index width"),
                           .integer("length-width", 1...32, default: 16, help: "width of the segment_length input"),
                           .integer("pipeline", 0...1024, default: 2, help: "register stage every this many layers of the new-score network")],
              module: { c in
                  SADSCore(width: c.int("width"), winners: c.int("winners"), family: NetworkFamily(rawValue: c.string("family"))!,
                           keyWidth: c.int("key-width"), indexWidth: c.int("index-width"), lengthWidth: c.int("length-width"),
                           pipelineEvery: c.int("pipeline"))
              },
              figures: { s in
                  [BlockFigure("latency", s.latency), BlockFigure("ops_per_cycle", 1), BlockFigure("comparators", s.comparators),
                   BlockFigure("depth", s.depth)]
              }),
        Block(name: "sorter", summary: "SADS comparator-network core: top k of n (key, index) pairs, best first",
              parameters: [.integer("n", 2...1024, default: 16, help: "inputs per round (the paper's sort core: 16)"),
                           .integer("k", 1...1024, default: 4, help: "outputs kept, best first (k = n: a full sorter)"),
                           .choice("family", NetworkFamily.allCases.map(\.rawValue), default: NetworkFamily.oddEvenMerge.rawValue,
                                   help: "comparator network (smallest/fastest: published networks for n = 4, 8, 16, 32)"),
                           .integer("key-width", 2...64, default: 20, help: "signed key width (DLZS scores: 15 + log2 d bits)"),
                           .integer("index-width", 1...64, default: 10, help: "index payload width (key index in the row)"),
                           .integer("pipeline", 0...1024, default: 2, help: "register stage every this many layers (0: combinational)")],
              module: { c in
                  do {
                      let network = try NetworkFamily(rawValue: c.string("family"))!.selector(inputs: c.int("n"), top: c.int("k"))
                      return SortingNetworkCore(network: network, keyWidth: c.int("key-width"), indexWidth: c.int("index-width"),
                                                pipelineEvery: c.int("pipeline"))
                  } catch let e as NetworkError {
                      throw CatalogError("sorter: \(e.message)")
                  }
              },
              figures: { s in
                  [BlockFigure("latency", s.latency), BlockFigure("ops_per_cycle", s.inputs), BlockFigure("comparators", s.comparators),
                   BlockFigure("depth", s.depth)]
              }),
    ]

    /// The score arrays' figures: cycles from a key's last beat to its scores, lane operations per cycle, beats
    /// per key and the score width.
    static func scoreArrayFigures(_ shape: ScoreArrayShape) -> [BlockFigure] {
        [BlockFigure("latency", shape.latency), BlockFigure("ops_per_cycle", shape.termsPerCycle),
         BlockFigure("beats_per_key", shape.slices), BlockFigure("score_bits", shape.scoreWidth)]
    }

    static func scoreArrayParameters(rows: Int, lanes: Int) -> [BlockParameter] {
        [.integer("rows", 1...1024, default: rows, help: "R: queries held in parallel"),
         .integer("lanes", 1...256, default: lanes, help: "L: key elements per beat (a divisor of head-dim)"),
         .integer("head-dim", 1...4096, default: 32, help: "d: elements per query and key"),
         .integer("data-width", 2...16, default: 8, help: "bits of q and k"),
         .integer("index-width", 1...32, default: 16, help: "bits of the key index carried with the scores"),
         .integer("pipeline", 0...2, default: 1, help: "0: none, 1: input register, 2: + adder-tree register")]
    }

    static func scoreArrayShape(_ c: BlockConfiguration) -> ScoreArrayShape {
        ScoreArrayShape(rows: c.int("rows"), lanes: c.int("lanes"), headDim: c.int("head-dim"), dataWidth: c.int("data-width"),
                        indexWidth: c.int("index-width"), pipeline: c.int("pipeline"))
    }

    public static func block(named name: String) throws -> Block {
        guard let b = blocks.first(where: { $0.name == name }) else {
            throw CatalogError("unknown block '\(name)' (blocks: \(blocks.map(\.name).joined(separator: ", ")))")
        }
        return b
    }

    /// The default configuration of every block, as `sofa-gen` with no arguments writes it: one folder per block.
    public static func defaultOutputs() throws -> [(folder: String, design: VerilogDesign)] {
        try blocks.map { ($0.name, try $0.generate()) }
    }
}
