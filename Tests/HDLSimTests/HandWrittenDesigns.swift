import HDL

/// Small designs written directly in Verilog, so the simulation layer is tested independently of the
/// DSL's emitter.
enum HandWritten {
    static func design(_ top: String, _ source: String, _ ports: [PortDescriptor]) -> VerilogDesign {
        VerilogDesign(top: top, files: [VerilogFile(name: "\(top).v", contents: source + "\n")], ports: ports, parameters: [])
    }

    static func input(_ name: String, _ width: Int, signed: Bool = false) -> PortDescriptor {
        PortDescriptor(name: name, direction: .input, width: width, signed: signed)
    }

    static func output(_ name: String, _ width: Int, signed: Bool = false) -> PortDescriptor {
        PortDescriptor(name: name, direction: .output, width: width, signed: signed)
    }

    static let counter = design("HandCounter", """
        module HandCounter (input wire clk, input wire rst, input wire en, output reg [7:0] count);
          always @(posedge clk) begin
            if (rst) count <= 8'd0;
            else if (en) count <= count + 8'd1;
          end
        endmodule
        """, [input("clk", 1), input("rst", 1), input("en", 1), output("count", 8)])

    /// A signed multiply-accumulate like the DSL example, with a 24-bit accumulator.
    static let mac = design("HandMac", """
        module HandMac (input wire clk, input wire rst, input wire signed [7:0] a, input wire signed [7:0] b,
                        input wire en, output reg signed [23:0] acc);
          wire signed [15:0] p = a * b;
          always @(posedge clk) begin
            if (rst) acc <= 24'd0;
            else if (en) acc <= acc + {{8{p[15]}}, p};
          end
        endmodule
        """, [input("clk", 1), input("rst", 1), input("a", 8, signed: true), input("b", 8, signed: true), input("en", 1),
              output("acc", 24, signed: true)])

    static let adder = design("HandAdder", """
        module HandAdder (input wire [15:0] a, input wire [15:0] b, output wire [16:0] sum, output wire [15:0] diff);
          assign sum = {1'b0, a} + {1'b0, b};
          assign diff = a - b;
        endmodule
        """, [input("a", 16), input("b", 16), output("sum", 17), output("diff", 16)])

    /// A gate in the top drives a child's enable, which loads 64 registers there: the net an ASIC mapping must buffer
    /// across the module boundary.
    static let fanout = design("HandFanout", """
        module HandBank (input wire clk, input wire en, input wire [63:0] d, output wire [63:0] q);
          reg [63:0] r;
          always @(posedge clk) if (en) r <= d;
          assign q = r;
        endmodule

        module HandFanout (input wire clk, input wire a, input wire b, input wire [63:0] d, output wire [63:0] q);
          HandBank bank (.clk(clk), .en(a & b), .d(d), .q(q));
        endmodule
        """, [input("clk", 1), input("a", 1), input("b", 1), input("d", 64), output("q", 64)])

    /// 100-bit ports: y = a rotated left by 1, plus an 8-bit tag to check mixed widths.
    static let wide = design("HandWide", """
        module HandWide (input wire [99:0] a, input wire [7:0] tag, output wire [99:0] y, output wire [107:0] z);
          assign y = {a[98:0], a[99]};
          assign z = {tag, a};
        endmodule
        """, [input("a", 100), input("tag", 8), output("y", 100), output("z", 108)])

    /// A register without reset: unknown until first loaded.
    static let unreset = design("HandUnreset", """
        module HandUnreset (input wire clk, input wire rst, input wire load, input wire [3:0] d, output wire [3:0] q);
          reg [3:0] r;
          always @(posedge clk) if (load) r <= d;
          assign q = r;
          wire _unused = rst;
        endmodule
        """, [input("clk", 1), input("rst", 1), input("load", 1), input("d", 4), output("q", 4)])

    /// An output with undefined bits (Icarus shows them as x).
    static let undefined = design("HandUndefined", """
        module HandUndefined (input wire [3:0] d, output wire [3:0] q);
          assign q = d[0] ? d : 4'bx0x1;
        endmodule
        """, [input("d", 4), output("q", 4)])

    /// State of every kind the random initial values must treat right: a register without reset in a child
    /// (random), a register with a declared initial value (kept), a ROM with `initial` contents (kept), a
    /// combinational `always @*` reg and a wire assigned from a register (never randomized themselves).
    static let state = VerilogDesign(top: "HandState", files: [
        VerilogFile(name: "HandStateChild.v", contents: """
            module HandStateChild (input wire clk, input wire load, input wire [5:0] d, output wire [5:0] q);
              reg [5:0] r;
              always @(posedge clk) if (load) r <= d;
              assign q = r;
            endmodule

            """),
        VerilogFile(name: "HandState.v", contents: """
            module HandState (input wire clk, input wire rst, input wire load, input wire [5:0] d, input wire [1:0] addr,
                              output wire [5:0] child_q, output wire [5:0] preset_q, output reg [5:0] comb,
                              output wire [7:0] rom_q, output wire [5:0] alias_q);
              reg [5:0] preset = 6'd9;
              reg [7:0] rom [0:3];
              initial begin rom[0] = 8'h11; rom[1] = 8'h22; rom[2] = 8'h33; rom[3] = 8'h44; end
              always @(posedge clk) if (load) preset <= d;
              always @* comb = d ^ 6'h15;
              assign rom_q = rom[addr];
              assign preset_q = preset;
              assign alias_q = child_q;
              HandStateChild child (.clk(clk), .load(load), .d(d), .q(child_q));
              wire _unused = rst;
            endmodule

            """),
    ], ports: [input("clk", 1), input("rst", 1), input("load", 1), input("d", 6), input("addr", 2), output("child_q", 6),
               output("preset_q", 6), output("comb", 6), output("rom_q", 8), output("alias_q", 6)], parameters: [])

    static let latch = design("HandLatch", """
        module HandLatch (input wire en, input wire [3:0] d, output reg [3:0] q);
          always @* if (en) q = d;
        endmodule
        """, [input("en", 1), input("d", 4), output("q", 4)])

    static let truncation = design("HandTruncation", """
        module HandTruncation (input wire [7:0] a, input wire [7:0] b, output wire [7:0] y);
          wire [8:0] s = a + b;
          assign y = s;
        endmodule
        """, [input("a", 8), input("b", 8), output("y", 8)])

    static let doubleDriven = design("HandDouble", """
        module HandDouble (input wire a, input wire b, output wire y);
          assign y = a;
          assign y = b;
        endmodule
        """, [input("a", 1), input("b", 1), output("y", 1)])
}
