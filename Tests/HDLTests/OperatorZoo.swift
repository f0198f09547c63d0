import HDL

/// Every DSL operator on random operands, one output each, so co-simulation checks the width and sign
/// rules of the front end and the emitter against `OperatorZooModel` (plain Swift integer arithmetic).
struct OperatorZoo: Module {
    struct IO {
        var a: Unsigned, b: Unsigned, sa: Signed, sb: Signed, shift: Unsigned
        var outputs: [(String, any HardwareValue)]
    }

    /// Output names, widths and signedness, in port order (the model produces the same list).
    static let outputShapes: [(String, Int, Bool)] = [
        ("add", 9, false), ("wrap_add", 8, false), ("sub", 9, true), ("wrap_sub", 8, false),
        ("mul", 16, false), ("wrap_mul", 8, false), ("s_add", 9, true), ("s_wrap_add", 8, true), ("s_sub", 9, true),
        ("s_mul", 16, true), ("s_wrap_mul", 8, true), ("s_neg", 9, true), ("u_neg", 9, true),
        ("and", 8, false), ("or", 8, false), ("xor", 8, false), ("not", 8, false), ("s_and", 8, true),
        ("eq", 1, false), ("ne", 1, false), ("lt", 1, false), ("le", 1, false), ("gt", 1, false), ("ge", 1, false),
        ("s_lt", 1, false), ("s_le", 1, false), ("s_gt", 1, false), ("s_ge", 1, false), ("eq_wide", 1, false),
        ("shl3", 11, false), ("shr3", 5, false), ("s_shr3", 5, true), ("wrap_shl3", 8, false),
        ("dyn_shl", 15, false), ("dyn_shr", 8, false), ("s_dyn_shr", 8, true), ("wrap_dyn_shl", 8, false),
        ("concat", 6, false), ("slice", 5, false), ("bit5", 1, false), ("zext", 12, false), ("sext", 12, true),
        ("trunc", 4, false), ("s_trunc", 4, true), ("reduce_and", 1, false), ("reduce_or", 1, false),
        ("reduce_xor", 1, false), ("mux", 8, false), ("select", 8, false), ("switch", 8, false), ("when_chain", 8, false),
        ("as_signed", 8, true), ("to_signed", 9, true), ("sum", 10, false), ("priority", 8, false), ("packed", 3, false),
    ]

    func ports(_ p: Ports) -> IO {
        IO(a: p.input("a", .uint(8)), b: p.input("b", .uint(8)), sa: p.input("sa", .sint(8)), sb: p.input("sb", .sint(8)),
           shift: p.input("shift", .uint(3)),
           outputs: Self.outputShapes.map { name, width, signed in
               (name, signed ? p.output(name, .sint(width)) as any HardwareValue : p.output(name, .uint(width)) as any HardwareValue)
           })
    }

    func body(_ m: Scope, _ io: IO) -> Block {
        let a = io.a, b = io.b, sa = io.sa, sb = io.sb, sh = io.shift
        let values: [String: any HardwareValue] = [
            "add": a + b, "wrap_add": a &+ b, "sub": a - b, "wrap_sub": a &- b, "mul": a * b, "wrap_mul": a &* b,
            "s_add": sa + sb, "s_wrap_add": sa &+ sb, "s_sub": sa - sb, "s_mul": sa * sb, "s_wrap_mul": sa &* sb,
            "s_neg": -sa, "u_neg": -a,
            "and": a & b, "or": a | b, "xor": a ^ b, "not": ~a, "s_and": sa & sb,
            "eq": a == b, "ne": a != b, "lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b,
            "s_lt": sa < sb, "s_le": sa <= sb, "s_gt": sa > sb, "s_ge": sa >= sb, "eq_wide": a == 300,
            "shl3": a << 3, "shr3": a >> 3, "s_shr3": sa >> 3, "wrap_shl3": a &<< 3,
            "dyn_shl": a << sh, "dyn_shr": a >> sh, "s_dyn_shr": sa >> sh, "wrap_dyn_shl": a &<< sh,
            "concat": concat(a[3, 0], b[7, 6]), "slice": a[6, 2], "bit5": a[5], "zext": a.extended(to: 12),
            "sext": sa.extended(to: 12), "trunc": a.truncated(to: 4), "s_trunc": sa.truncated(to: 4),
            "reduce_and": a.reduceAnd(), "reduce_or": a.reduceOr(), "reduce_xor": a.reduceXor(),
            "mux": mux(a[0], a, b), "select": select([a, b, sa.asUnsigned(), sb.asUnsigned(), ~a], at: sh),
            "as_signed": a.asSigned(), "to_signed": a.toSigned(), "sum": [a, b, a ^ b, 7].sum(),
            "priority": priorityMux([(a[7], b), (a[6], ~b), (b[0], a)], otherwise: 0x5A),
            "packed": [a[0], b[1], a[2] ^ b[2]].packed(),
        ]
        for (name, port) in io.outputs where name != "switch" && name != "when_chain" {
            connectAny(port, values[name]!)
        }
        let switchOut = io.outputs.first { $0.0 == "switch" }!.1 as! Unsigned
        let whenOut = io.outputs.first { $0.0 == "when_chain" }!.1 as! Unsigned
        switchOut <== 0
        Switch(sh) {
            Is(0) { switchOut <== a }
            Is(1, 2) { switchOut <== b }
            Is(5) { switchOut <== a &+ b }
            Default { switchOut <== ~b }
        }
        When(a[7]) {
            whenOut <== 1
        }.elseWhen(b[7]) {
            whenOut <== 2
        }.elseWhen(a == b) {
            whenOut <== 3
        }.otherwise {
            whenOut <== a ^ b
        }
    }

    private func connectAny(_ target: any HardwareValue, _ value: any HardwareValue) -> Statement {
        switch (target, value) {
        case let (t as Unsigned, v as Unsigned): return t <== v
        case let (t as Signed, v as Signed): return t <== v
        case let (t as Unsigned, v as Bit): return t <== v.asUnsignedValue()
        default: fatalError("OperatorZoo: mismatched types for \(target) <== \(value)")
        }
    }
}

/// The expected outputs for one input vector, computed with Swift integers from the DSL's documented rules.
enum OperatorZooModel {
    static func outputs(a: Int, b: Int, sa: Int, sb: Int, shift: Int) -> [Int] {
        func bit(_ x: Int, _ i: Int) -> Int { (x >> i) & 1 }
        func mask(_ x: Int, _ w: Int) -> Int { x & ((1 << w) - 1) }
        func sx(_ x: Int, _ w: Int) -> Int { let m = mask(x, w); return m >= 1 << (w - 1) ? m - (1 << w) : m }
        func b2i(_ c: Bool) -> Int { c ? 1 : 0 }
        let selectItems = [a, b, mask(sa, 8), mask(sb, 8), mask(~a, 8)]
        let priority = bit(a, 7) == 1 ? b : bit(a, 6) == 1 ? mask(~b, 8) : bit(b, 0) == 1 ? a : 0x5A
        let switchValue: Int
        switch shift {
        case 0: switchValue = a
        case 1, 2: switchValue = b
        case 5: switchValue = mask(a + b, 8)
        default: switchValue = mask(~b, 8)
        }
        let whenValue = bit(a, 7) == 1 ? 1 : bit(b, 7) == 1 ? 2 : a == b ? 3 : a ^ b
        let values: [String: Int] = [
            "add": a + b, "wrap_add": mask(a + b, 8), "sub": a - b, "wrap_sub": mask(a - b, 8),
            "mul": a * b, "wrap_mul": mask(a * b, 8),
            "s_add": sa + sb, "s_wrap_add": sx(sa + sb, 8), "s_sub": sa - sb, "s_mul": sa * sb, "s_wrap_mul": sx(sa * sb, 8),
            "s_neg": -sa, "u_neg": -a,
            "and": a & b, "or": a | b, "xor": a ^ b, "not": mask(~a, 8), "s_and": sa & sb,
            "eq": b2i(a == b), "ne": b2i(a != b), "lt": b2i(a < b), "le": b2i(a <= b), "gt": b2i(a > b), "ge": b2i(a >= b),
            "s_lt": b2i(sa < sb), "s_le": b2i(sa <= sb), "s_gt": b2i(sa > sb), "s_ge": b2i(sa >= sb), "eq_wide": 0,
            "shl3": a << 3, "shr3": a >> 3, "s_shr3": sa >> 3, "wrap_shl3": mask(a << 3, 8),
            "dyn_shl": a << shift, "dyn_shr": a >> shift, "s_dyn_shr": sa >> shift, "wrap_dyn_shl": mask(a << shift, 8),
            "concat": (mask(a, 4) << 2) | (b >> 6), "slice": mask(a >> 2, 5), "bit5": bit(a, 5), "zext": a,
            "sext": sa, "trunc": mask(a, 4), "s_trunc": sx(sa, 4),
            "reduce_and": b2i(a == 255), "reduce_or": b2i(a != 0), "reduce_xor": a.nonzeroBitCount & 1,
            "mux": bit(a, 0) == 1 ? a : b, "select": selectItems[min(shift, selectItems.count - 1)],
            "switch": switchValue, "when_chain": whenValue,
            "as_signed": sx(a, 8), "to_signed": a, "sum": a + b + (a ^ b) + 7, "priority": priority,
            "packed": bit(a, 0) | (bit(b, 1) << 1) | ((bit(a, 2) ^ bit(b, 2)) << 2),
        ]
        return OperatorZoo.outputShapes.map { values[$0.0]! }
    }
}
