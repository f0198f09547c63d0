import HDL
import SortingNetworks

/// A comparator network in hardware, for SADS top-k selection (SOFA-SPEC section 3): n signed keys, each with
/// an unsigned index payload, in; the network's result positions (the top k, best first, or all n sorted) out.
///
/// Every compare-exchange ranks "larger key first, equal keys lower index first", so the comparison includes
/// the index and the result is unique whenever the indices are distinct: exactly `ComparatorNetworkModel`.
/// It is inline logic (a `swap` bit and two multiplexers per side) rather than a child module, because a
/// pruned network often needs only one side of a comparator: then only that side's multiplexers exist, and
/// nothing in the Verilog is left unused. Names say where each value is: `l3_swap_2_6` is the exchange
/// decision of the comparator (2, 6) in layer 3, `l3_key_2` the key at position 2 after layer 3.
///
/// Pipelining: with `pipelineEvery = p > 0` a register stage follows every p-th layer and the last layer, so
/// the outputs are registered and `latency` = ceil(depth / p) cycles; `valid_out` is `valid_in` delayed by
/// the same amount (reset to 0). p = 0 is purely combinational (latency 0, no clock). Data registers have no
/// reset: the valid bit says when they mean something.
public struct SortingNetworkCore: Module {
    public var network: ComparatorNetwork
    public var keyWidth: Int
    public var indexWidth: Int
    public var pipelineEvery: Int

    public init(network: ComparatorNetwork, keyWidth: Int = 16, indexWidth: Int = 8, pipelineEvery: Int = 0) {
        self.network = network
        self.keyWidth = keyWidth
        self.indexWidth = indexWidth
        self.pipelineEvery = pipelineEvery
    }

    /// The paper-style configuration from a family: the family's n-input sorter pruned to the top k.
    public init(family: NetworkFamily, inputs n: Int, top k: Int, keyWidth: Int = 16, indexWidth: Int = 8,
                pipelineEvery: Int = 0) throws {
        self.init(network: try family.selector(inputs: n, top: k), keyWidth: keyWidth, indexWidth: indexWidth,
                  pipelineEvery: pipelineEvery)
    }

    /// `SortingNetwork_<network>`, e.g. `SortingNetwork_odd_even_merge_n12_top4_p2`: the network says what the
    /// module is, so the Verilog names read without a parameter dump.
    public var moduleName: String {
        var slug = ""
        for c in network.name.lowercased() {
            if c.isLetter || c.isNumber { slug.append(c) } else if c == "=" { continue } else if slug.last != "_" { slug.append("_") }
        }
        while slug.hasSuffix("_") { slug.removeLast() }
        return "SortingNetwork_\(slug)" + (pipelineEvery > 0 ? "_p\(pipelineEvery)" : "")
    }

    public var inputs: Int { network.inputs }
    public var outputs: Int { network.outputs }
    /// Compare-exchanges in the hardware (every comparator of the network).
    public var comparators: Int { network.size }
    /// Comparator delays from input to output.
    public var depth: Int { network.depth }
    /// Clock cycles from an input to its result: ceil(depth / pipelineEvery), 0 when combinational.
    public var latency: Int { pipelineEvery == 0 ? 0 : (depth + pipelineEvery - 1) / pipelineEvery }

    public func validate() throws {
        try require((2...64).contains(keyWidth), "keyWidth must be 2...64, got \(keyWidth)")
        try require((1...64).contains(indexWidth), "indexWidth must be 1...64, got \(indexWidth)")
        try require(pipelineEvery >= 0, "pipelineEvery must be >= 0 (0 = combinational), got \(pipelineEvery)")
        let liveness = NetworkLiveness(network)
        if let dead = liveness.deadComparators(network).first {
            throw ParameterError("\(network.name): comparator \(dead.comparator) in layer \(dead.layer) feeds no output; prune the network to its \(outputs) outputs first")
        }
        if let unused = liveness.unusedInputs.first {
            throw ParameterError("\(network.name): input \(unused) never reaches an output")
        }
    }

    public struct IO {
        public var validIn: Bit
        public var keyIn: [Signed]
        public var indexIn: [Unsigned]
        public var validOut: Bit
        public var keyOut: [Signed]
        public var indexOut: [Unsigned]
    }

    public func ports(_ p: Ports) -> IO {
        IO(validIn: p.input("valid_in", .bit),
           keyIn: p.input("key_in", .vec(inputs, .sint(keyWidth))),
           indexIn: p.input("index_in", .vec(inputs, .uint(indexWidth))),
           validOut: p.output("valid_out", .bit),
           keyOut: p.output("key_out", .vec(outputs, .sint(keyWidth))),
           indexOut: p.output("index_out", .vec(outputs, .uint(indexWidth))))
    }

    public func body(_ m: Scope, _ io: IO) -> Block {
        let result = datapath(m, io)
        io.validOut <== result.valid
        io.keyOut <== Array(result.keys.prefix(outputs))
        io.indexOut <== Array(result.indices.prefix(outputs))
    }

    /// The network layer by layer, positions as Swift arrays of the current hardware values.
    private func datapath(_ m: Scope, _ io: IO) -> (valid: Bit, keys: [Signed], indices: [Unsigned]) {
        let needed = NetworkLiveness(network).needed
        var keys = io.keyIn, indices = io.indexIn, valid = io.validIn
        var stage = 0
        for (l, layer) in network.layers.enumerated() {
            let after = l + 1
            for c in layer {
                let (h, lo) = (c.high, c.low)
                // The element at `low` ranks first: exchange.
                let swap = m.named("l\(after)_swap_\(h)_\(lo)",
                                   keys[lo] > keys[h] || (keys[lo] == keys[h] && indices[lo] < indices[h]))
                let (kh, kl, ih, il) = (keys[h], keys[lo], indices[h], indices[lo])
                if needed[after][h] {
                    keys[h] = m.named("l\(after)_key_\(h)", mux(swap, kl, kh))
                    indices[h] = m.named("l\(after)_index_\(h)", mux(swap, il, ih))
                }
                if needed[after][lo] {
                    keys[lo] = m.named("l\(after)_key_\(lo)", mux(swap, kh, kl))
                    indices[lo] = m.named("l\(after)_index_\(lo)", mux(swap, ih, il))
                }
            }
            if pipelineEvery > 0 && (after % pipelineEvery == 0 || after == network.depth) {
                stage += 1
                for p in 0..<inputs where needed[after][p] {
                    keys[p] = m.regNext(keys[p], name: "s\(stage)_key_\(p)")
                    indices[p] = m.regNext(indices[p], name: "s\(stage)_index_\(p)")
                }
                valid = m.regNext(valid, name: "s\(stage)_valid", reset: 0)
            }
        }
        return (valid, keys, indices)
    }
}
