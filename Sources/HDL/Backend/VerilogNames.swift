/// Verilog identifier rules: legal characters, reserved words (Verilog-2005 plus SystemVerilog keywords, so
/// the output also reads cleanly in SystemVerilog tools such as Verilator and Yosys's `-sv` front end).
enum VerilogNames {
    static let keywords: Set<String> = [
        "always", "and", "assign", "automatic", "begin", "buf", "bufif0", "bufif1", "case", "casex", "casez", "cell",
        "cmos", "config", "deassign", "default", "defparam", "design", "disable", "edge", "else", "end", "endcase",
        "endconfig", "endfunction", "endgenerate", "endmodule", "endprimitive", "endspecify", "endtable", "endtask",
        "event", "for", "force", "forever", "fork", "function", "generate", "genvar", "highz0", "highz1", "if",
        "ifnone", "incdir", "include", "initial", "inout", "input", "instance", "integer", "join", "large", "liblist",
        "library", "localparam", "macromodule", "medium", "module", "nand", "negedge", "nmos", "nor",
        "noshowcancelled", "not", "notif0", "notif1", "or", "output", "parameter", "pmos", "posedge", "primitive",
        "pull0", "pull1", "pulldown", "pullup", "pulsestyle_ondetect", "pulsestyle_onevent", "rcmos", "real",
        "realtime", "reg", "release", "repeat", "rnmos", "rpmos", "rtran", "rtranif0", "rtranif1", "scalared",
        "showcancelled", "signed", "small", "specify", "specparam", "strong0", "strong1", "supply0", "supply1",
        "table", "task", "time", "tran", "tranif0", "tranif1", "tri", "tri0", "tri1", "triand", "trior", "trireg",
        "unsigned", "use", "uwire", "vectored", "wait", "wand", "weak0", "weak1", "while", "wire", "wor", "xnor", "xor",
        // SystemVerilog
        "alias", "always_comb", "always_ff", "always_latch", "assert", "assume", "before", "bind", "bins", "binsof",
        "bit", "break", "byte", "chandle", "class", "clocking", "const", "constraint", "context", "continue", "cover",
        "covergroup", "coverpoint", "cross", "dist", "do", "endclass", "endclocking", "endgroup", "endinterface",
        "endpackage", "endprogram", "endproperty", "endsequence", "enum", "expect", "export", "extends", "extern",
        "final", "first_match", "foreach", "forkjoin", "iff", "ignore_bins", "illegal_bins", "import", "inside", "int",
        "interface", "intersect", "join_any", "join_none", "local", "logic", "longint", "matches", "modport", "new",
        "null", "package", "packed", "priority", "program", "property", "protected", "pure", "rand", "randc",
        "randcase", "randsequence", "ref", "return", "sequence", "shortint", "shortreal", "solve", "static", "string",
        "struct", "super", "tagged", "this", "throughout", "timeprecision", "timeunit", "type", "typedef", "union",
        "unique", "var", "virtual", "void", "wait_order", "wildcard", "with", "within",
        // C++ (Verilator compiles identifiers into C++ and warns on these)
        "asm", "auto", "bool", "case", "catch", "char", "const_cast", "continue", "delete", "double", "dynamic_cast",
        "explicit", "false", "float", "friend", "goto", "inline", "long", "mutable", "namespace", "operator",
        "private", "public", "register", "reinterpret_cast", "short", "sizeof", "static_cast", "switch", "template",
        "throw", "true", "try", "typeid", "typename", "using", "volatile", "wchar_t", "alignas", "alignof", "char16_t",
        "char32_t", "constexpr", "decltype", "noexcept", "nullptr", "static_assert", "thread_local", "concept",
        "requires", "co_await", "co_return", "co_yield", "and_eq", "bitand", "bitor", "compl", "not_eq", "or_eq",
        "xor_eq",
    ]

    static func isReserved(_ name: String) -> Bool { keywords.contains(name) }

    /// A non-empty identifier of letters, digits and `_`, not starting with a digit, not reserved. Reserved words
    /// have no capitals, so a name with one skips the set lookup.
    static func isLegal(_ name: String) -> Bool {
        var first = true
        var couldBeKeyword = true
        for u in name.utf8 {
            switch u {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "_"): break
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): couldBeKeyword = false
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if first { return false }
            default: return false
            }
            first = false
        }
        if first { return false }
        return !couldBeKeyword || !keywords.contains(name)
    }

    /// A parameter value as part of a module name: `-` becomes `m` and `.` becomes `p` so `-0.5` stays
    /// readable as `m0p5`; other characters that cannot appear in an identifier become `_`.
    static func sanitizeFragment(_ s: String) -> String {
        sanitize(s) { u in u == "-" ? "m" : u == "." ? "p" : "_" }
    }

    private static func sanitize(_ s: String, replacement: (Unicode.Scalar) -> Character) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "a"..."z", "A"..."Z", "0"..."9", "_": out.unicodeScalars.append(u)
            default: out.append(replacement(u))
            }
        }
        return out
    }

    /// A legal, non-reserved identifier for `name` (illegal characters become `_`). Names that are already legal
    /// (nearly all) come back as they are, without a copy.
    static func legalize(_ name: String) -> String {
        if isLegal(name) { return name }
        var s = sanitize(name) { _ in "_" }
        if s.isEmpty { s = "_unnamed" }
        if let f = s.unicodeScalars.first, ("0"..."9").contains(f) { s = "_" + s }
        if isReserved(s) { s += "_" }
        return s
    }
}
