/// The cycle model's view of a head run through the pipeline model: each start's query rows with their kept keys
/// (ascending: the core's dispatcher scans keys in order) and the kind of each key's value pass, from the exact
/// scores.
extension CoreCycleModel.Head {
    /// The starts the core makes for `input` (one per `maxQueries` queries, as `AttentionCoreDriver` runs a head),
    /// with `result` = the pipeline model's run of `input` under `selection` (its kept keys per row and its plan).
    public static func starts(_ input: AttentionCoreInput, result: AttentionPipelineResult, selection: KeySelection,
                              maxQueries: Int) throws -> [CoreCycleModel.Head] {
        try require(maxQueries >= 1, "max queries must be at least 1")
        try require(result.order.count == input.queries, "the pipeline result has \(result.order.count) rows for T = \(input.queries)")
        let dense: Bool
        switch selection {
        case .dense: dense = true
        case .topk: dense = false
        case .threshold: throw AttentionModelError("the core has no threshold selection (topk and dense only)")
        }
        let keyRows = (0..<input.keys).map(input.keyRow)
        let rows: [[CoreCycleModel.Step]] = (0..<input.queries).map { i in
            let q = input.queryRow(i)
            let kept = result.order[i].sorted()
            return steps(keys: kept, scores: kept.map { DLZSScore.exact(q, keyRows[$0]) })
        }
        return stride(from: 0, to: input.queries, by: maxQueries).map { first in
            let chunk = first..<min(input.queries, first + maxQueries)
            return CoreCycleModel.Head(queries: chunk.count, keys: input.keys, headDim: input.headDim, dense: dense,
                                       segmentLength: result.plan.segmentLength, keptPerSegment: result.plan.keptPerSegment ?? 0,
                                       rows: Array(rows[chunk]))
        }
    }
}

extension CoreCycleModel {
    /// Predicts a head's starts in order (each start's output pointer is where the previous one left it; the first
    /// follows a reset).
    public func predict(starts: [Head]) throws -> [Prediction] {
        var pointer = 0
        return try starts.map { head in
            let prediction = try predict(head, outputPointer: pointer)
            pointer = prediction.outputPointer
            return prediction
        }
    }

    /// Runs the pipeline model on `input` (natural order, as the core processes keys) and predicts every start.
    public func predict(_ input: AttentionCoreInput, selection: KeySelection,
                        configuration: AttentionCoreConfiguration) throws -> (result: AttentionPipelineResult, starts: [Prediction]) {
        let result = try AttentionPipeline(configuration: configuration, selection: selection, order: .natural).run(input)
        let heads = try Head.starts(input, result: result, selection: selection, maxQueries: parameters.maxQueries)
        return (result, try predict(starts: heads))
    }
}
