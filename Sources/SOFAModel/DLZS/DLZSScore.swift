/// Scores of one query against one key (SOFA-SPEC sections 1 and 2), with plain integers.
public enum DLZSScore {
    /// The exact score s = sum_t q_t * k_t.
    public static func exact(_ q: [Int], _ k: [Int]) -> Int {
        precondition(q.count == k.count, "q and k must have the same length")
        var s = 0
        for t in q.indices { s += q[t] * k[t] }
        return s
    }

    /// The DLZS predicted score P = sum_t sgn(q_t) * (k_t << e(q_t)): only q is converted to a power of two.
    public static func predicted(_ q: [Int], _ k: [Int], rounding: LZCode.Rounding = .floor) -> Int {
        precondition(q.count == k.count, "q and k must have the same length")
        var s = 0
        for t in q.indices { s += LZCode(q[t], rounding: rounding).term(k[t]) }
        return s
    }

    /// Both operands converted (the comparison the spec makes: a log approximation of q AND k, Mitchell with
    /// no mantissa): sum_t sgn(q_t) sgn(k_t) 2^(e(q_t) + e(k_t)), 0 when either is 0.
    public static func bothOperandsLog(_ q: [Int], _ k: [Int]) -> Int {
        precondition(q.count == k.count, "q and k must have the same length")
        var s = 0
        for t in q.indices where q[t] != 0 && k[t] != 0 {
            let term = 1 << (LZCode(q[t]).exponent + LZCode(k[t]).exponent)
            s += (q[t] < 0) != (k[t] < 0) ? -term : term
        }
        return s
    }
}
