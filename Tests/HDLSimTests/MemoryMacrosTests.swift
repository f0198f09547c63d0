import Foundation
import HDL
@testable import HDLSim
import Testing

/// Memories in the synthesis flows: writable ones of 16 words or more stay `$mem_v2` macros counted by their bits;
/// tables and shallower memories become logic.
@Suite struct MemoryMacrosTests {
    /// A top with two instances of a child that holds a 16 x 8 RAM, a 4 x 6 ROM and an 8 x 8 memory (too shallow for a
    /// macro: registers).
    static let design = HandWritten.design("MemTop", """
        module MemChild (input wire clk, input wire we, input wire [3:0] wa, input wire [3:0] ra, input wire [7:0] d,
                         input wire [1:0] ta, output reg [7:0] q, output reg [5:0] t, output wire [7:0] w);
          reg [7:0] ram [0:15];
          reg [5:0] rom [0:3];
          reg [7:0] small [0:7];
          initial begin rom[0] = 6'd3; rom[1] = 6'd17; rom[2] = 6'd42; rom[3] = 6'd9; end
          always @(posedge clk) begin
            if (we) ram[wa] <= d;
            q <= ram[ra];
            t <= rom[ta];
            if (we) small[wa[2:0]] <= d;
          end
          assign w = small[ra[2:0]];
        endmodule
        module MemTop (input wire clk, input wire we, input wire [3:0] wa, input wire [3:0] ra, input wire [7:0] d,
                       input wire [1:0] ta, output wire [7:0] q0, output wire [7:0] q1, output wire [5:0] t0,
                       output wire [7:0] w0);
          wire [5:0] t1;
          wire [7:0] w1;
          MemChild a (.clk(clk), .we(we), .wa(wa), .ra(ra), .d(d), .ta(ta), .q(q0), .t(t0), .w(w0));
          MemChild b (.clk(clk), .we(we), .wa(~wa), .ra(~ra), .d(~d), .ta(~ta), .q(q1), .t(t1), .w(w1));
        endmodule
        """, [HandWritten.input("clk", 1), HandWritten.input("we", 1), HandWritten.input("wa", 4), HandWritten.input("ra", 4),
              HandWritten.input("d", 8), HandWritten.input("ta", 2), HandWritten.output("q0", 8), HandWritten.output("q1", 8),
              HandWritten.output("t0", 6), HandWritten.output("w0", 8)])

    static let ram = MemoryMacro(module: "MemChild", name: "ram", width: 8, depth: 16, readPorts: 1, writePorts: 1, instances: 2)

    @Test func genericSynthesisKeepsTheRAMAndMapsTheRest() async throws {
        let cells = try await Yosys.genericCells(Self.design, in: try Workspace.directory("memory-macros-generic"))
        #expect(cells.memories == [Self.ram], "\(cells.memories)")
        #expect(cells.memoryBits == 256)
        #expect(cells["$mem_v2"] == 2, "\(cells)")
        // Per child the shallow memory's 64 flip-flops and at most the table's six-bit read register (the RAM's read
        // register is its synchronous read port): the RAM's 128 bits are not flops.
        #expect(cells.flipFlops >= 2 * 64 && cells.flipFlops <= 2 * (64 + 6), "\(cells)")
    }

    @Test func sky130LeavesTheRAMOutOfTheArea() async throws {
        let s = try await Yosys.asic(Self.design, library: .sky130, in: try Workspace.directory("memory-macros-sky130"))
        #expect(s.memories == [Self.ram], "\(s.memories)")
        #expect(s.cells["$mem_v2"] == 0 && s.cells.byType.keys.allSatisfy { $0.hasPrefix("sky130_fd_sc_hd__") }, "\(s.cells)")
        #expect(s.flipFlops >= 2 * 64 && s.flipFlops <= 2 * (64 + 6), "\(s.cells)")
        #expect(s.areaUm2 > 0)
    }

    @Test func parsesTheDump() {
        let dump = """
            module \\Top
              cell $mem_v2 \\buf
                parameter \\INIT 16'xxxxxxxxxxxxxxxx
                parameter \\RD_PORTS 2
                parameter \\SIZE 4
                parameter \\WIDTH 4
                parameter \\WR_PORTS 1
                connect \\CLK 1'0
              end
            end
            module \\Child
              cell $mem_v2 \\q
                parameter \\RD_PORTS 1
                parameter \\SIZE 3
                parameter \\WIDTH 5
                parameter \\WR_PORTS 1
              end
            end
            """
        let parsed = MemoryMacros.parse(dump: dump)
        #expect(parsed["Top"] == [MemoryMacro(module: "Top", name: "buf", width: 4, depth: 4, readPorts: 2, writePorts: 1, instances: 1)])
        let all = MemoryMacros.inventory(parsed, instances: ["Top": 1, "Child": 3])
        #expect(all.map(\.module) == ["Child", "Top"] && all.map(\.instances) == [3, 1])
        #expect(all.totalBits == 3 * 15 + 16)
    }

    /// The Verilator build cache ignores what the source-location comments say, and nothing else.
    @Test func verilatorCacheKeyIgnoresSourceLocations() {
        let a = "  wire x = y;  // @[SOFA/KeyQueue.swift:48]\n// @[SOFA/KeyQueue.swift:12]\nmodule M;\n"
        let b = "  wire x = y;  // @[SOFA/KeyQueue.swift:52]\n// @[SOFA/KeyQueue.swift:13]\nmodule M;\n"
        let c = "  wire x = z;  // @[SOFA/KeyQueue.swift:48]\n// @[SOFA/KeyQueue.swift:12]\nmodule M;\n"
        #expect(VerilatorBuild.withoutSourceLocations(a) == "  wire x = y;  // @[]\n// @[]\nmodule M;\n")
        #expect(VerilatorBuild.withoutSourceLocations(a) == VerilatorBuild.withoutSourceLocations(b))
        #expect(VerilatorBuild.withoutSourceLocations(a) != VerilatorBuild.withoutSourceLocations(c))
        #expect(VerilatorBuild.withoutSourceLocations("x // @[unclosed\ny") == "x // @[unclosed\ny")
    }
}

extension MemoryMacrosTests {
    /// OpenSTA reads the netlist of a design with a kept memory (taken out of the timed netlist) and times the rest.
    @Test func osu018TimesTheLogicAroundAKeptMemory() async throws {
        let dir = try Workspace.directory("memory-macros-osu018")
        let s = try await Yosys.asic(Self.design, library: .osu018, delayTargetPs: 5000, in: dir)
        // Mapped for timing the design is flat: the two RAMs are the top's.
        #expect(s.memories.map(\.module) == ["MemTop", "MemTop"] && s.memories.map(\.bits) == [128, 128], "\(s.memories)")
        let constraints = OpenSTA.Constraints(periodNs: 5, clockPort: "clk", boundaryCell: "DFFPOSX1", boundaryOutput: "Q",
                                              boundaryInput: "D")
        let report = try await OpenSTA.analyze(netlist: s.netlist, top: Self.design.top, liberty: s.liberty,
                                               libraryName: "osu018_stdcells", constraints: constraints, in: dir)
        #expect(report.depth > 0 && report.fmaxMHz > 0, "\(report)")
    }
}
