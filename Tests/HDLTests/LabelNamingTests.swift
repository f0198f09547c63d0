import HDL
import Testing

/// A keyed entry whose fields are named by their Swift labels.
struct LabeledEntry: Bundle {
    var key: Signed
    var indexBase: Unsigned

    static var shape: BundleShape<LabeledEntry> {
        BundleShape { f in LabeledEntry(key: f.field(.sint(6)), indexBase: f.field(.uint(3))) }
    }
}

/// A bundle nesting another, with a flipped field and a vector, all named by labels.
struct LabeledRequest: Bundle {
    var entry: LabeledEntry
    var lanes: [Bit]
    var ready: Bit

    static var shape: BundleShape<LabeledRequest> {
        BundleShape { f in
            LabeledRequest(entry: f.field(LabeledEntry.shape), lanes: f.field(.vec(2, .bit)), ready: f.flipped(.bit))
        }
    }
}

/// Ports named only by the labels of the tuple `ports` returns.
struct TupleLabeled: Module {
    func ports(_ p: Ports) -> (inValid: Bit, loadQ: [Signed], outCount: Unsigned) {
        (p.input(.bit), p.input(.vec(2, .sint(4))), p.output(.uint(5)))
    }

    func body(_ m: Scope, _ io: IO) -> Block {
        io.outCount <== mux(io.inValid, (io.loadQ[0] + io.loadQ[1]).asUnsigned(), 0)
    }
}

/// Ports in a struct, nested bundles, an explicit name next to label names, and a register bundle.
struct StructLabeled: Module {
    struct IO {
        var request: LabeledRequest
        var explicit: LabeledEntry
        var results: [LabeledEntry]
        var total: Signed
    }

    func ports(_ p: Ports) -> IO {
        IO(request: p.input(LabeledRequest.shape), explicit: p.input("given", LabeledEntry.shape),
           results: p.output(.vec(2, LabeledEntry.shape)), total: p.output(.sint(8)))
    }

    func body(_ m: Scope, _ io: IO) -> Block {
        let held = m.reg("held", LabeledEntry.shape, reset: 0)
        held <== io.request.entry
        io.request.ready <== io.request.lanes.all()
        io.results[0] <== held
        io.results[1] <== io.explicit
        io.total <== io.request.entry.key + io.explicit.key
    }
}

/// Instantiates both: instance-side names come from the children's label-named ports.
struct LabeledParent: Module {
    func ports(_ p: Ports) -> (inValid: Bit, a: Signed, b: Signed, count: Unsigned) {
        (p.input(.bit), p.input(.sint(4)), p.input(.sint(4)), p.output(.uint(5)))
    }

    func body(_ m: Scope, _ io: IO) -> Block {
        let first = m.instance("first", TupleLabeled())
        let second = m.instance("second", TupleLabeled())
        first.inValid <== io.inValid
        first.loadQ <== [io.a, io.b]
        second.inValid <== io.inValid
        second.loadQ <== [io.b, io.a]
        io.count <== first.outCount &+ second.outCount
    }
}

/// Labels in the styles Swift code uses.
struct SnakeCaseLabels: Module {
    func ports(_ p: Ports) -> (kIndex: Bit, HTTPServer: Bit, already_snake: Bit, sramAddr2: Bit, x2Y: Bit, URL: Bit,
                               mySRAMPort: Bit, k: Bit, out: Bit) {
        (p.input(.bit), p.input(.bit), p.input(.bit), p.input(.bit), p.input(.bit), p.input(.bit), p.input(.bit),
         p.input(.bit), p.output(.bit))
    }

    func body(_ m: Scope, _ io: IO) -> Block {
        io.out <== [io.kIndex, io.HTTPServer, io.already_snake, io.sramAddr2, io.x2Y, io.URL, io.mySRAMPort, io.k].any()
    }
}

@Suite struct LabelNamingTests {
    static func portList(_ design: VerilogDesign) -> [String] {
        design.ports.map { "\($0.direction == .input ? "in" : "out") \($0.name) \($0.width)\($0.signed ? "s" : "")" }
    }

    @Test func labelsBecomeSnakeCase() throws {
        let design = try emitVerilog(SnakeCaseLabels())
        #expect(design.ports.map(\.name) == ["k_index", "http_server", "already_snake", "sram_addr2", "x2_y", "url",
                                             "my_sram_port", "k", "out"])
    }

    @Test func tupleLabelsNamePortsAndVectorElements() throws {
        let design = try emitVerilog(TupleLabeled())
        #expect(Self.portList(design) == ["in in_valid 1", "in load_q_0 4s", "in load_q_1 4s", "out out_count 5"])
    }

    @Test func structAndBundleLabelsNameNestedFields() throws {
        let design = try emitVerilog(StructLabeled())
        #expect(Self.portList(design) == [
            "in clk 1", "in rst 1",
            "in request_entry_key 6s", "in request_entry_index_base 3", "in request_lanes_0 1", "in request_lanes_1 1",
            "out request_ready 1",
            "in given_key 6s", "in given_index_base 3",
            "out results_0_key 6s", "out results_0_index_base 3", "out results_1_key 6s", "out results_1_index_base 3",
            "out total 8s",
        ])
        let text = design.files[0].contents
        #expect(text.contains("reg signed [5:0] held_key;"))
        #expect(text.contains("reg [2:0] held_index_base;"))
        #expect(!text.contains("\u{1}") && !text.contains("unnamed"))
    }

    @Test func instancesTakeTheChildsLabelNames() throws {
        let design = try emitVerilog(LabeledParent())
        #expect(design.files.map(\.name) == ["TupleLabeled.v", "LabeledParent.v"])
        let parent = try #require(design.files.last?.contents)
        for name in ["wire [4:0] first_out_count;", "wire [4:0] second_out_count;", ".in_valid(in_valid)",
                     ".load_q_0(b)", ".out_count(second_out_count)"] {
            #expect(parent.contains(name), "\(name)")
        }
        #expect(!parent.contains("\u{1}") && !parent.contains("unnamed"))
    }

    @Test func labelNamesAreDeterministic() throws {
        #expect(try emitVerilog(StructLabeled()).files == emitVerilog(StructLabeled()).files)
    }
}
