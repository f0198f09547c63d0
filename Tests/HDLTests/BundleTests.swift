import HDL
import Testing

/// A valid/ready stream of keyed entries: `ready` runs against the stream's direction.
struct Stream: Bundle {
    var valid: Bit
    var ready: Bit
    var key: Signed
    var index: Unsigned

    static func shape(keyWidth: Int, indexWidth: Int) -> BundleShape<Stream> {
        BundleShape { f in
            Stream(valid: f.field("valid", .bit), ready: f.flipped("ready", .bit),
                   key: f.field("key", .sint(keyWidth)), index: f.field("index", .uint(indexWidth)))
        }
    }
}

/// A one-entry pipeline register for a `Stream` (skid-less: accepts when empty or when drained).
struct StreamStage: Module {
    var keyWidth = 12
    var indexWidth = 5

    func ports(_ p: Ports) -> (input: Stream, output: Stream) {
        let s = Stream.shape(keyWidth: keyWidth, indexWidth: indexWidth)
        return (p.input("in", s), p.output("out", s))
    }

    func body(_ m: Scope, _ io: IO) -> Block {
        let full = m.reg("full", .bit, reset: false)
        let held = m.reg("held", Stream.shape(keyWidth: keyWidth, indexWidth: indexWidth), reset: 0)
        let accept = m.named("accept", io.input.valid && (!full || io.output.ready))
        io.input.ready <== !full || io.output.ready
        When(accept) {
            held.key <== io.input.key
            held.index <== io.input.index
            full <== true
        }.elseWhen(io.output.ready) {
            full <== false
        }
        io.output.valid <== full
        io.output.key <== held.key
        io.output.index <== held.index
        held.valid <== accept
        held.ready <== io.output.ready
    }
}

/// Two stages chained with whole-bundle connects (`<>` connects each field in its drivable direction).
struct TwoStages: Module {
    func ports(_ p: Ports) -> (input: Stream, output: Stream) {
        let s = Stream.shape(keyWidth: 12, indexWidth: 5)
        return (p.input("in", s), p.output("out", s))
    }

    func body(_ m: Scope, _ io: IO) -> Block {
        let first = m.instance("first", StreamStage())
        let second = m.instance("second", StreamStage())
        first.input <> io.input
        second.input <> first.output
        io.output <> second.output
    }
}

/// Two sources on one `<>` pair: an error at that line.
struct BadBulk: Module {
    func ports(_ p: Ports) -> (a: Stream, b: Stream) {
        let s = Stream.shape(keyWidth: 4, indexWidth: 2)
        return (p.input("a", s), p.input("b", s))
    }

    func body(_ m: Scope, _ io: IO) -> Block {
        io.a <> io.b  // expected-error: bulk-two-sources
    }
}

@Suite struct BundleTests {
    @Test func bundlePortsAreFlattenedWithFlippedFields() throws {
        let design = try emitVerilog(StreamStage())
        let ports = design.ports.map { "\($0.direction == .input ? "in" : "out") \($0.name) \($0.width)\($0.signed ? "s" : "")" }
        #expect(ports == ["in clk 1", "in rst 1", "in in_valid 1", "out in_ready 1", "in in_key 12s", "in in_index 5",
                          "out out_valid 1", "in out_ready 1", "out out_key 12s", "out out_index 5"])
    }

    @Test func bundleConnectIsFieldByField() throws {
        let design = try emitVerilog(TwoStages())
        #expect(design.files.map(\.name) == ["StreamStage.v", "TwoStages.v"])
    }

    @Test func bulkConnectBetweenTwoSourcesIsAnError() {
        let e = elaborationError(BadBulk())
        let line = markedLine("bulk-two-sources", in: #filePath)
        #expect(e?.diagnostics.first?.kind == .multipleDrivers)
        #expect(e?.diagnostics.first?.location.line == line)
    }

    @Test func registerBundleHasOneRegisterPerField() throws {
        let text = try emitVerilog(StreamStage()).files[0].contents
        for field in ["held_valid", "held_ready", "held_key", "held_index"] {
            #expect(text.contains("reg \(field == "held_key" ? "signed [11:0] " : field == "held_index" ? "[4:0] " : "")\(field);"))
        }
    }
}
