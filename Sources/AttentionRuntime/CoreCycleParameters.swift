import SOFA
import SOFAModel

extension CoreCycleModel.Parameters {
    /// The timing parameters of a generated `AttentionCore`: its sizes, lanes, queue depth and dividers, and the
    /// latencies of its blocks (the predictor's pipeline, the SADS network's register stages, the divider's
    /// quotient width, the SU-FA row's weight pipeline).
    public init(core: AttentionCore) {
        self.init(rows: core.rows, maxHeadDim: core.headDim, maxQueries: core.maxQueries, predictorLanes: core.predictorLanes,
                  macLanes: core.macLanes, winners: core.winners, queueDepth: core.queueDepth, dividers: core.dividers,
                  predictorLatency: core.selector.predictorLatency, sadsLatency: core.selector.sadsLatency,
                  dividerLatency: core.format.outputWidth + 1, weightLatency: SUFARow.weightLatency)
    }
}
