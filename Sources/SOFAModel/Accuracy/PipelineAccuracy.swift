/// Error figures of the bit-accurate pipeline (`AttentionPipeline`), split so each has one cause.
public enum PipelineAccuracy {
    /// The arithmetic error alone: the model's O against the exact Double softmax over the SAME kept keys with the
    /// SAME int8 inputs (`reference` = `AttentionReference(dequantized:)`), relative Frobenius over the head.
    public static func arithmeticError(_ result: AttentionPipelineResult, reference: AttentionReference) -> Double {
        AttentionReference.relativeError(realOutput(result), reference: reference.attend(selection: result.order))
    }

    /// The end-to-end error: the model's O against dense attention in `reference` (fp32 or dequantized int8).
    public static func outputError(_ result: AttentionPipelineResult, reference: AttentionReference) -> Double {
        AttentionReference.relativeError(realOutput(result), reference: reference.dense)
    }

    /// O in real units (code / 2^outputFraction * sv), in Double.
    public static func realOutput(_ result: AttentionPipelineResult) -> [Double] {
        result.outputInValueUnits.map { $0 * result.vScale }
    }
}
