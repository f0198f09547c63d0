// HDLSim's Icarus testbench template (rendered by Sources/HDLSim/Icarus/IcarusTestbench.swift).
// Drives the design from the line protocol (see testbenches/verilator/harness.cpp) read from stdin with
// $fscanf; answers go to the file named by +out=<path> (a named pipe), never to stdout, where Icarus
// prints its own messages. +vcd=<path> dumps a waveform.
// Before the first command, INITIAL_VALUES deposits seeded random values into every register and memory word
// of the design (found by Yosys; see RegisterInventory.swift), as Verilator's --x-initial unique does.
// Placeholders (each between two at-signs): TOP, DECLARATIONS, CONNECTIONS, VALUE_WIDTH, CLOCK_INIT,
// INPUT_INIT, INITIAL_VALUES, POKE_CASES, SAMPLE_CASES, ROW_POKES, ROW_WRITE, TICK.
module hdlsim_tb;
@DECLARATIONS@
  @TOP@ dut (
@CONNECTIONS@
  );
  integer out_fd, status, index, count, k;
  reg [63:0] command;
  reg [@VALUE_WIDTH@:0] value;
  reg [8*4096-1:0] path;

  initial begin
@CLOCK_INIT@
@INPUT_INIT@
    if (!$value$plusargs("out=%s", path)) begin
      $display("hdlsim_tb: missing +out=<path>");
      $finish;
    end
    out_fd = $fopen(path, "w");
    if ($value$plusargs("vcd=%s", path)) begin
      $dumpfile(path);
      $dumpvars(0, hdlsim_tb);
    end
    #1;
@INITIAL_VALUES@
    forever begin
      status = $fscanf(32'h8000_0000, "%s", command);
      if (status != 1) $finish;
      case (command)
        "p": begin
          status = $fscanf(32'h8000_0000, "%d %h", index, value);
          case (index)
@POKE_CASES@
            default: begin $display("hdlsim_tb: no input %0d", index); $finish; end
          endcase
          #1;
        end
        "s": begin
          status = $fscanf(32'h8000_0000, "%d", count);
          for (k = 0; k < count; k = k + 1) begin @TICK@ end
        end
        "g": begin
          status = $fscanf(32'h8000_0000, "%d", index);
          case (index)
@SAMPLE_CASES@
            default: begin $display("hdlsim_tb: no output %0d", index); $finish; end
          endcase
        end
        "v": begin
          status = $fscanf(32'h8000_0000, "%d", count);
          for (k = 0; k < count; k = k + 1) begin
@ROW_POKES@
            #1;
            @ROW_WRITE@
            @TICK@
          end
        end
        "f": begin
          $fwrite(out_fd, ".\n");
          $fflush(out_fd);
        end
        "q": $finish;
        default: begin
          $display("hdlsim_tb: unknown command %0s", command);
          $finish;
        end
      endcase
    end
  end
endmodule
