import HDL

/// What the MAC lanes of a SU-FA row do in a cycle (docs/SU-FA.md section 4). A key's value pass is one of
/// `first`, `hit` or `miss`, decided when its score is compared with the running maximum; `score` is a beat of a
/// key's score pass.
public enum SUFALaneOperation: HardwareEnum {
    /// q[i] * k[i], summed over the lanes into the key's score.
    case score
    /// The row's first key: o[i] = v[i] * 2^F (weight 1, no exp2).
    case first
    /// s <= m: o[i] += p * v[i].
    case hit
    /// s > m: o[i] = round(o[i] * r / 2^F_r) + v[i] * 2^F (the rescale, in the same pass).
    case miss
}
