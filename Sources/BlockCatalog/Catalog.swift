import HDL
import HDLExamples
import SOFA
import SortingNetworks

/// Every block `sofa-gen` knows, in listing order.
public enum Catalog {
    public static let blocks: [Block] = [
        Block(name: "counter", summary: "up-counter with enable and synchronous reset",
              parameters: [.integer("width", 1...64, default: 8, help: "counter width in bits")]) { c in
            try emitVerilog(Counter(width: c.int("width")))
        },
        Block(name: "leading-one", summary: "leading-one detector (index of the highest set bit)",
              parameters: [.integer("width", 2...1024, default: 16, help: "input width (a power of two)")]) { c in
            try emitVerilog(LeadingOneDetector(width: c.int("width")))
        },
        Block(name: "mac", summary: "signed multiply-accumulate unit",
              parameters: [.integer("data-width", 2...32, default: 8, help: "operand width"),
                           .integer("accumulator-width", 4...128, default: 24, help: "accumulator width")]) { c in
            try emitVerilog(MultiplyAccumulate(dataWidth: c.int("data-width"), accumulatorWidth: c.int("accumulator-width")))
        },
        Block(name: "fifo", summary: "synchronous FIFO on an inferred RAM",
              parameters: [.integer("width", 1...1024, default: 8, help: "word width"),
                           .integer("depth", 2...(1 << 20), default: 16, help: "words (a power of two)")]) { c in
            try emitVerilog(FIFO(width: c.int("width"), depth: c.int("depth")))
        },
        Block(name: "counter-pair", summary: "hierarchy example: two parameterizations of one counter",
              parameters: [.integer("narrow-width", 1...63, default: 4, help: "narrow counters' width"),
                           .integer("wide-width", 2...64, default: 8, help: "wide counter's width")]) { c in
            try emitVerilog(CounterPair(narrowWidth: c.int("narrow-width"), wideWidth: c.int("wide-width")))
        },
        Block(name: "systolic-array", summary: "output-stationary systolic array of signed MAC cells",
              parameters: [.integer("rows", 1...1024, default: 4, help: "rows (row operands enter on the left)"),
                           .integer("columns", 1...1024, default: 4, help: "columns (column operands enter at the top)"),
                           .integer("data-width", 2...32, default: 8, help: "operand width"),
                           .integer("accumulator-width", 4...128, default: 24, help: "accumulator width")]) { c in
            try emitVerilog(SystolicArray(rows: c.int("rows"), columns: c.int("columns"), dataWidth: c.int("data-width"),
                                          accumulatorWidth: c.int("accumulator-width")))
        },
        Block(name: "sorter", summary: "SADS comparator-network core: top k of n (key, index) pairs, best first",
              parameters: [.integer("n", 2...1024, default: 16, help: "inputs per round (the paper's sort core: 16)"),
                           .integer("k", 1...1024, default: 4, help: "outputs kept, best first (k = n: a full sorter)"),
                           .choice("family", NetworkFamily.allCases.map(\.rawValue), default: NetworkFamily.oddEvenMerge.rawValue,
                                   help: "comparator network (smallest/fastest: published networks for n = 4, 8, 16, 32)"),
                           .integer("key-width", 2...64, default: 20, help: "signed key width (DLZS scores: 15 + log2 d bits)"),
                           .integer("index-width", 1...64, default: 10, help: "index payload width (key index in the row)"),
                           .integer("pipeline", 0...1024, default: 2, help: "register stage every this many layers (0: combinational)")]) { c in
            let network: ComparatorNetwork
            do {
                network = try NetworkFamily(rawValue: c.string("family"))!.selector(inputs: c.int("n"), top: c.int("k"))
            } catch let e as NetworkError {
                throw CatalogError("sorter: \(e.message)")
            }
            return try emitVerilog(SortingNetworkCore(network: network, keyWidth: c.int("key-width"), indexWidth: c.int("index-width"),
                                                      pipelineEvery: c.int("pipeline")))
        },
    ]

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
