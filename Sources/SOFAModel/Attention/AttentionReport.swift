/// report.json of `sofa-gen attention` (ATTENTION-CORE 1): the configuration, then per head the scales, the
/// softmax constant, the selection registers, the counters of section 5, the rescales per row and each query row's
/// kept keys in the order stage 3 processed them. The RTL backends write the same fields and fill the counters
/// only they know (cycles, K/V reads, MAC-lane busy cycles, utilization), which are null for the model.
public struct AttentionReport: Sendable {
    public struct Tensor: Sendable {
        public var file: String
        public var dtype: String
        public var shape: [Int]
        public init(file: String, dtype: String, shape: [Int]) {
            self.file = file
            self.dtype = dtype
            self.shape = shape
        }
    }

    public struct Head: Sendable {
        public var result: AttentionPipelineResult
        /// (scale, computed by quantizing a float tensor) for q, k, v.
        public var scales: [(name: String, value: Double, quantized: Bool)]
        /// c before it was rounded into the registers.
        public var exactConstant: Double
        /// The counters only the RTL knows (nil for the model).
        public var hardware: HardwareCounters?
        public init(result: AttentionPipelineResult, scales: [(name: String, value: Double, quantized: Bool)], exactConstant: Double,
                    hardware: HardwareCounters? = nil) {
            self.result = result
            self.scales = scales
            self.exactConstant = exactConstant
            self.hardware = hardware
        }
    }

    /// The counters of ATTENTION-CORE 5 that only the RTL core knows, read from its registers after a run.
    public struct HardwareCounters: Sendable, Hashable {
        /// From each start to its `done`, summed over starts.
        public var cycles = 0
        /// Cycles the selector took a q row or a key (stage 1 streaming).
        public var streamCycles = 0
        /// Cycles the selector was busy (stages 1 and 2).
        public var selectionCycles = 0
        /// From the first tile's first scan to the last element of O.
        public var stage3Cycles = 0
        /// Kept keys read from K and V (once per key of a tile's union).
        public var kvReads = 0
        /// MAC-lane cycles doing an element of a score or value pass.
        public var laneBusyCycles = 0
        /// The core's MAC lanes (R x L), for utilization.
        public var macLanes = 0

        public init(cycles: Int = 0, streamCycles: Int = 0, selectionCycles: Int = 0, stage3Cycles: Int = 0, kvReads: Int = 0,
                    laneBusyCycles: Int = 0, macLanes: Int = 0) {
            self.cycles = cycles
            self.streamCycles = streamCycles
            self.selectionCycles = selectionCycles
            self.stage3Cycles = stage3Cycles
            self.kvReads = kvReads
            self.laneBusyCycles = laneBusyCycles
            self.macLanes = macLanes
        }

        /// Useful MAC-lane cycles / (MAC lanes x stage-3 cycles).
        public var utilization: Double {
            stage3Cycles == 0 || macLanes == 0 ? 0 : Double(laneBusyCycles) / Double(macLanes * stage3Cycles)
        }

        public static func + (a: HardwareCounters, b: HardwareCounters) -> HardwareCounters {
            HardwareCounters(cycles: a.cycles + b.cycles, streamCycles: a.streamCycles + b.streamCycles,
                             selectionCycles: a.selectionCycles + b.selectionCycles, stage3Cycles: a.stage3Cycles + b.stage3Cycles,
                             kvReads: a.kvReads + b.kvReads, laneBusyCycles: a.laneBusyCycles + b.laneBusyCycles,
                             macLanes: max(a.macLanes, b.macLanes))
        }
    }

    public var backend: String
    public var configuration: AttentionCoreConfiguration
    public var selection: KeySelection
    public var order: ProcessingOrder
    public var inputs: [(name: String, tensor: Tensor)]
    public var output: Tensor
    public var heads: [Head]
    /// The generated core's parameters (RTL backends), as `sofa-gen emit attention-core` names them.
    public var generatorParameters: [(name: String, value: String)]?

    public init(backend: String, configuration: AttentionCoreConfiguration, selection: KeySelection, order: ProcessingOrder,
                inputs: [(name: String, tensor: Tensor)], output: Tensor, heads: [Head]) {
        self.backend = backend
        self.configuration = configuration
        self.selection = selection
        self.order = order
        self.inputs = inputs
        self.output = output
        self.heads = heads
    }

    /// The counters only the RTL knows, null in the model's report.
    static let hardwareCounters = ["cycles", "stream_cycles", "selection_cycles", "stage3_cycles", "kv_reads",
                                   "mac_lane_busy_cycles", "utilization"]

    func counters(_ c: AttentionCounters, _ h: HardwareCounters?) -> JSONValue {
        let hardware: [(String, JSONValue)] = if let h {
            [("cycles", .int(h.cycles)), ("stream_cycles", .int(h.streamCycles)), ("selection_cycles", .int(h.selectionCycles)),
             ("stage3_cycles", .int(h.stage3Cycles)), ("kv_reads", .int(h.kvReads)), ("mac_lane_busy_cycles", .int(h.laneBusyCycles)),
             ("utilization", .double((h.utilization * 1e6).rounded() / 1e6))]
        } else {
            Self.hardwareCounters.map { ($0, .null) }
        }
        return .object([("keys_streamed", .int(c.keysStreamed)), ("keys_kept", .int(c.keysKept)), ("rescales", .int(c.rescales)),
                        ("exp2_evaluations", .int(c.exp2Evaluations)), ("divisions", .int(c.divisions))] + hardware)
    }

    public var json: JSONValue {
        let f = configuration.format
        let formats: [(String, JSONValue)] = [
            ("exp2_integer_bits", .int(f.exp2IntegerBits)), ("exp2_fraction_bits", .int(f.exp2FractionBits)),
            ("exp2_table_bits", .int(f.exp2TableBits)), ("exp2_mantissa_bits", .int(f.exp2MantissaBits)),
            ("exp2_shift_bits", .int(f.exp2ShiftBits)), ("constant_mantissa_bits", .int(f.constantMantissaBits)),
            ("constant_shift_bits", .int(f.constantShiftBits)), ("weight_fraction", .int(f.weightFraction)),
            ("rescale_fraction", .int(f.rescaleFraction)), ("output_fraction", .int(f.outputFraction)),
        ]
        let core: JSONValue = .object([
            ("rows", .int(configuration.rows)), ("max_keys", .int(configuration.maxKeys)),
            ("max_head_dim", .int(configuration.maxHeadDim)), ("winners", .int(configuration.winners)),
            ("dlzs_rounding", .string(configuration.rounding.rawValue)), ("formats", .object(formats)),
        ] + (generatorParameters.map { [("generator", .object($0.map { ($0.name, Int($0.value).map(JSONValue.int) ?? .string($0.value)) }))] } ?? []))
        let selectionJSON: JSONValue = switch selection {
        case .topk(let keep, let segments, let radius):
            .object([("mode", .string("topk")), ("keep", .double(keep)), ("segments", .int(segments)),
                     ("radius", radius.map(JSONValue.double) ?? .null), ("order", .string(orderName))])
        case .threshold(let radius):
            .object([("mode", .string("threshold")), ("radius", .double(radius)), ("order", .string(orderName))])
        case .dense:
            .object([("mode", .string("dense")), ("order", .string(orderName))])
        }
        func tensor(_ t: Tensor) -> JSONValue {
            .object([("file", .string(t.file)), ("dtype", .string(t.dtype)), ("shape", .array(t.shape.map(JSONValue.int)))])
        }
        let total = heads.map(\.result.counters).reduce(AttentionCounters(), +)
        let hardwareTotal = heads.allSatisfy { $0.hardware != nil } ? heads.compactMap(\.hardware).reduce(HardwareCounters(), +) : nil
        let headsJSON: [JSONValue] = heads.enumerated().map { h, head in
            let r = head.result
            return .object([
                ("head", .int(h)),
                ("scales", .object(head.scales.map { ($0.name, .double($0.value)) })),
                ("quantized", .object(head.scales.map { ($0.name, .bool($0.quantized)) })),
                ("softmax_constant", .object([("exact", .double(head.exactConstant)), ("mantissa", .int(r.constant.mantissa)),
                                              ("shift", .int(r.constant.shift)), ("value", .double(r.constant.value))])),
                ("segment_length", .int(r.plan.segmentLength)),
                ("kept_per_segment", r.plan.keptPerSegment.map(JSONValue.int) ?? .null),
                ("radius_code", r.plan.radiusCode.map(JSONValue.int) ?? .null),
                ("counters", counters(r.counters, head.hardware)),
                ("rescales_per_row", .array(r.rescalesPerRow.map(JSONValue.int))),
                ("rows", .array(r.order.map { .array($0.map(JSONValue.int)) })),
            ])
        }
        return .object([
            ("backend", .string(backend)), ("core", core), ("selection", selectionJSON),
            ("inputs", .object(inputs.map { ($0.name, tensor($0.tensor)) })), ("output", tensor(output)),
            ("counters", counters(total, hardwareTotal)), ("heads", .array(headsJSON)),
        ])
    }

    var orderName: String {
        switch order {
        case .predicted: "predicted"
        case .natural: "natural"
        case .sharedTile: "tile"
        case .explicit: "explicit"
        }
    }

    /// The report as text: deterministic, one line per scalar field, arrays of numbers on one line.
    public var text: String { json.rendered() + "\n" }
}

/// A JSON value with a stable layout: objects keep their key order, arrays of scalars stay on one line.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered() == b.rendered() }

    var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    public func rendered(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent + 1), end = String(repeating: "  ", count: indent)
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d):
            precondition(d.isFinite, "JSON has no NaN or infinity")
            return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) + ".0" : "\(d)"
        case .string(let s): return Self.quoted(s)
        case .array(let items):
            if items.isEmpty { return "[]" }
            if items.allSatisfy(\.isScalar) { return "[" + items.map { $0.rendered() }.joined(separator: ", ") + "]" }
            return "[\n" + items.map { pad + $0.rendered(indent: indent + 1) }.joined(separator: ",\n") + "\n\(end)]"
        case .object(let fields):
            if fields.isEmpty { return "{}" }
            return "{\n" + fields.map { pad + Self.quoted($0.0) + ": " + $0.1.rendered(indent: indent + 1) }.joined(separator: ",\n") + "\n\(end)}"
        }
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20:
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
