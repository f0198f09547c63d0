/// The whole attention core, bit for bit (ATTENTION-CORE 1-3, 5): stage 1 predicts every query's scores with
/// DLZS, stage 2 selects keys (`KeySelection`), stage 3 runs SU-FA (`SUFARowModel`) over each row's kept keys in
/// the chosen `ProcessingOrder`. Written from the spec, not from any generator.
public struct AttentionPipeline: Sendable {
    public var configuration: AttentionCoreConfiguration
    public var selection: KeySelection
    public var order: ProcessingOrder

    /// `order` defaults to the selection's own (`KeySelection.defaultOrder`).
    public init(configuration: AttentionCoreConfiguration = AttentionCoreConfiguration(), selection: KeySelection,
                order: ProcessingOrder? = nil) {
        self.configuration = configuration
        self.selection = selection
        self.order = order ?? selection.defaultOrder
    }

    /// Runs one head. Throws for a head the core cannot take (d or N beyond it, c outside its range, k_s >
    /// winners, an explicit order that is not a permutation of a row's kept keys). `scores`, when given, must be
    /// `HeadScores(input, rounding: configuration.rounding)`: studies running many selections share them.
    public func run(_ input: AttentionCoreInput, scores: HeadScores? = nil) throws -> AttentionPipelineResult {
        let config = configuration
        try config.validate()
        let t = input.queries, n = input.keys, d = input.headDim
        try require(d <= config.maxHeadDim, "head dimension \(d) exceeds the core's maximum \(config.maxHeadDim)")
        try require(n <= config.maxKeys, "\(n) keys exceed the core's maximum \(config.maxKeys)")
        let format = config.format
        let constant = try SoftmaxConstant(queryScale: input.qScale, keyScale: input.kScale, headDim: d, format: format)
        let plan = try selection.plan(keys: n, logitScale: input.logitScale, configuration: config)

        let valueRows = (0..<n).map(input.valueRow)

        // Stages 1-2: predicted scores (when anything needs them) and each row's kept keys in selection order.
        let needsPrediction: Bool = switch order {
        case .predicted, .sharedTile: true
        case .natural, .explicit: selection.needsPrediction
        }
        let scores = scores ?? HeadScores(input, rounding: config.rounding, predicted: needsPrediction)
        let predicted = scores.predicted
        try require(scores.exact.count == t && (!needsPrediction || predicted.count == t), "the shared scores do not match the head")
        var kept: [[Int]] = (0..<t).map { i in
            plan.select(selection, predicted: needsPrediction ? predicted[i] : Array(repeating: 0, count: n))
        }
        if case .dense = selection, case .predicted = order {
            kept = (0..<t).map { i in kept[i].sorted { Self.ranks(predicted[i], $0, before: $1) } }
        }
        let orders = try processingOrders(kept: kept, predicted: predicted, rows: config.rows)

        // Stage 3.
        var outputs = [Int](repeating: 0, count: t * d)
        var rescales = [Int](repeating: 0, count: t)
        var counters = AttentionCounters()
        counters.keysStreamed = selection.needsPrediction ? ((t + config.rows - 1) / config.rows) * n : 0
        for i in 0..<t {
            var row = try SUFARowModel(format: format, constant: constant, headDim: d)
            for j in orders[i] {
                row.push(score: scores.exact[i][j], value: valueRows[j])
            }
            let o = row.output()
            for c in 0..<d { outputs[i * d + c] = o[c] }
            rescales[i] = row.rescales
            counters.keysKept += row.keys
            counters.rescales += row.rescales
            counters.exp2Evaluations += row.exp2Evaluations
            counters.divisions += row.divisions
        }
        return AttentionPipelineResult(queries: t, headDim: d, outputFraction: format.outputFraction, vScale: input.vScale,
                                       outputCodes: outputs, order: orders, rescalesPerRow: rescales, counters: counters,
                                       constant: constant, plan: plan)
    }

    /// SADS's ranking: larger predicted score first, ties to the lower index.
    static func ranks(_ scores: [Int], _ a: Int, before b: Int) -> Bool {
        scores[a] != scores[b] ? scores[a] > scores[b] : a < b
    }

    func processingOrders(kept: [[Int]], predicted: [[Int]], rows r: Int) throws -> [[Int]] {
        switch order {
        case .predicted:
            return kept
        case .natural:
            return kept.map { $0.sorted() }
        case .sharedTile:
            var result: [[Int]] = []
            for start in stride(from: 0, to: kept.count, by: r) {
                let tile = start..<min(start + r, kept.count)
                // Each key of the union ranked by the largest predicted score any of the tile's rows gave it.
                var best: [Int: Int] = [:]
                for i in tile {
                    for j in kept[i] where best[j] == nil { best[j] = tile.map { predicted[$0][j] }.max()! }
                }
                let union = best.keys.sorted { best[$0]! != best[$1]! ? best[$0]! > best[$1]! : $0 < $1 }
                let position = Dictionary(uniqueKeysWithValues: union.enumerated().map { ($1, $0) })
                for i in tile { result.append(kept[i].sorted { position[$0]! < position[$1]! }) }
            }
            return result
        case .explicit(let lists):
            try require(lists.count == kept.count, "the explicit order has \(lists.count) rows for \(kept.count) queries")
            for (i, list) in lists.enumerated() {
                try require(list.count == kept[i].count && Set(list) == Set(kept[i]),
                            "row \(i) of the explicit order is not a permutation of its \(kept[i].count) kept keys")
            }
            return lists
        }
    }
}

/// A head's exact scores s_ij = q_i . k_j and DLZS-predicted scores P_ij (SOFA-SPEC 1-2), [T][N].
public struct HeadScores: Sendable, Hashable {
    public var exact: [[Int]]
    /// Empty when not computed.
    public var predicted: [[Int]]

    public init(_ input: AttentionCoreInput, rounding: LZCode.Rounding = .floor, predicted withPrediction: Bool = true) {
        let keyRows = (0..<input.keys).map(input.keyRow)
        let queryRows = (0..<input.queries).map(input.queryRow)
        exact = queryRows.map { q in keyRows.map { DLZSScore.exact(q, $0) } }
        predicted = withPrediction ? queryRows.map { q in keyRows.map { DLZSScore.predicted(q, $0, rounding: rounding) } } : []
    }
}

/// The counters of ATTENTION-CORE 5 that the model knows (cycles and memory traffic are the RTL's).
public struct AttentionCounters: Sendable, Hashable {
    /// Keys streamed through the predictor: every key once per tile of R queries (0 in dense mode).
    public var keysStreamed = 0
    /// Kept keys, summed over query rows.
    public var keysKept = 0
    public var rescales = 0
    /// exp2 unit evaluations: one per kept key after a row's first.
    public var exp2Evaluations = 0
    /// Divider quotients: one per output element of a row with keys.
    public var divisions = 0

    public init() {}

    public static func + (a: AttentionCounters, b: AttentionCounters) -> AttentionCounters {
        var s = AttentionCounters()
        s.keysStreamed = a.keysStreamed + b.keysStreamed
        s.keysKept = a.keysKept + b.keysKept
        s.rescales = a.rescales + b.rescales
        s.exp2Evaluations = a.exp2Evaluations + b.exp2Evaluations
        s.divisions = a.divisions + b.divisions
        return s
    }
}

/// One head through the pipeline.
public struct AttentionPipelineResult: Sendable, Hashable {
    public var queries: Int
    public var headDim: Int
    public var outputFraction: Int
    public var vScale: Double
    /// O [T x d] as the divider's codes: `outputFraction` fraction bits, units of sv.
    public var outputCodes: [Int]
    /// Per query row, its kept keys in the order stage 3 processed them.
    public var order: [[Int]]
    public var rescalesPerRow: [Int]
    public var counters: AttentionCounters
    public var constant: SoftmaxConstant
    public var plan: SelectionPlan

    /// O in units of sv (code / 2^outputFraction): compare with a reference on int8 values.
    public var outputInValueUnits: [Double] {
        let unit = 1 / Double(1 << outputFraction)
        return outputCodes.map { Double($0) * unit }
    }

    /// O as real numbers: code / 2^outputFraction * sv, rounded once to float32 (what O.npy holds).
    public var outputFloat32: [Float] {
        let unit = vScale / Double(1 << outputFraction)
        return outputCodes.map { Float(Double($0) * unit) }
    }
}
