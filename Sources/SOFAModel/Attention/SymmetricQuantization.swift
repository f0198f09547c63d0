/// Symmetric per-tensor int8 quantization of float tensors, as the MiniLM data set's extract.py does it (so a user's
/// fp32 tensors give the same int8 values and scales as the data set): scale = float32(max|x| / 127) (1 for an
/// all-zero tensor), q = clip(rint(x / scale), -127, 127) with the division in float32 and rint rounding halves
/// to even.
public enum SymmetricQuantization {
    /// The int8 values and their scale. Every element must be finite.
    public static func quantize(_ x: [Float]) -> (values: [Int8], scale: Float) {
        let largest = x.reduce(Float(0)) { max($0, abs($1)) }
        precondition(largest.isFinite, "quantization needs finite values")
        let scale: Float = largest > 0 ? Float(Double(largest) / 127.0) : 1
        let values = x.map { v -> Int8 in
            let r = (v / scale).rounded(.toNearestOrEven)
            return Int8(min(127, max(-127, r)))
        }
        return (values, scale)
    }
}
