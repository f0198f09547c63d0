import HDL
import HDLSim
import Testing

/// A request/response port bundle: the response stream runs against the bundle (`.flipped`).
struct MemoryPort: Bundle {
    var request: Decoupled<Unsigned>
    var response: Decoupled<Signed>

    static var shape: BundleShape<MemoryPort> {
        BundleShape { f in MemoryPort(request: f.field(.decoupled(.uint(6))), response: f.field(.decoupled(.sint(9)).flipped)) }
    }
}

/// Streams of every payload kind as ports, connected through a wire, with `fire` used in logic.
struct StreamPorts: Module {
    func ports(_ p: Ports) -> (input: Decoupled<LabeledEntry>, output: Decoupled<LabeledEntry>, lanes: Valid<[Bit]>,
                               port: MemoryPort, transfers: Unsigned) {
        (p.input(.decoupled(LabeledEntry.shape)), p.output(.decoupled(LabeledEntry.shape)), p.input(.valid(.vec(2, .bit))),
         p.output(MemoryPort.shape), p.output(.uint(4)))
    }

    func body(_ m: Scope, _ io: IO) -> Block {
        let middle = m.wire("middle", .decoupled(LabeledEntry.shape))
        middle <== io.input
        io.output <== middle
        let count = m.reg("count", .uint(4), reset: 0)
        When(io.output.fire && io.lanes.fire) { count <== count &+ 1 }
        io.transfers <== count
        io.port.request.valid <== io.lanes.bits[0]
        io.port.request.bits <== count.extended(to: 6)
        io.port.response.ready <== io.lanes.bits[1]
    }
}

/// Two queues whose payloads differ in type but not in width, and one of another depth.
struct TwoPayloadQueues: Module {
    func ports(_ p: Ports) -> (a: Decoupled<LabeledEntry>, b: Decoupled<Unsigned>, c: Decoupled<Unsigned>,
                               x: Decoupled<LabeledEntry>, y: Decoupled<Unsigned>, z: Decoupled<Unsigned>) {
        (p.input(.decoupled(LabeledEntry.shape)), p.input(.decoupled(.uint(9))), p.input(.decoupled(.uint(9))),
         p.output(.decoupled(LabeledEntry.shape)), p.output(.decoupled(.uint(9))), p.output(.decoupled(.uint(9))))
    }

    func body(_ m: Scope, _ io: IO) -> Block {
        io.x <== m.queue(io.a, depth: 4)
        io.y <== m.queue(io.b, depth: 4)
        io.z <== m.queue(io.c, depth: 8, name: "deep")
    }
}

@Suite struct DecoupledTests {
    @Test func portsFollowTheStreamDirections() throws {
        let design = try emitVerilog(StreamPorts())
        #expect(LabelNamingTests.portList(design) == [
            "in clk 1", "in rst 1",
            "in input_valid 1", "out input_ready 1", "in input_bits_key 6s", "in input_bits_index_base 3",
            "out output_valid 1", "in output_ready 1", "out output_bits_key 6s", "out output_bits_index_base 3",
            "in lanes_valid 1", "in lanes_bits_0 1", "in lanes_bits_1 1",
            "out port_request_valid 1", "in port_request_ready 1", "out port_request_bits 6",
            "in port_response_valid 1", "out port_response_ready 1", "in port_response_bits 9s",
            "out transfers 4",
        ])
    }

    @Test func streamsThroughWiresLintClean() async throws {
        try await Lint.check(StreamPorts(), name: "stream-ports")
    }

    @Test func oneQueueModulePerPayloadWidthAndDepth() throws {
        let design = try emitVerilog(TwoPayloadQueues())
        #expect(design.files.map(\.name) == ["Queue_depth4.v", "Queue_depth8.v", "TwoPayloadQueues.v"])
        let top = try #require(design.files.last?.contents)
        // The bundle is flattened first field first (most significant) and rebuilt by slicing.
        #expect(top.contains("assign queue_enq_bits = {a_bits_key, a_bits_index_base};"))
        #expect(top.contains("assign x_bits_key = queue_deq_bits[8:3];"))
        #expect(top.contains("assign x_bits_index_base = queue_deq_bits[2:0];"))
        #expect(top.contains("Queue_depth8 deep ("))
    }

    @Test func payloadLayoutWidthsAndProblems() {
        #expect(PayloadLayout(LabeledEntry.shape).width == 9)
        #expect(PayloadLayout(.vec(3, .sint(5))).width == 15)
        #expect(PayloadLayout(LabeledEntry.shape).problem == nil)
        #expect(PayloadLayout(.vec(0, .bit)).problem == "the payload has no bits")
        #expect(PayloadLayout(MemoryPort.shape).problem == "the payload has a flipped field (a payload flows one way)")
    }
}
