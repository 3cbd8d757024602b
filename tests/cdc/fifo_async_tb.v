// fifo_async_tb: rnngen_fifo_async at several clock ratios (write : read frequency), phases,
// depths and stall rates, all running at once; tests/cdc/run_cdc.sh runs it in both simulators,
// Icarus and Verilator. Prints one line per configuration, then PASS or FAIL.
`timescale 1ps / 1ps
module fifo_async_tb;

  localparam integer NumCfg = 10;

  reg arst_n = 1'b0;
  initial #7777 arst_n = 1'b1;

  wire [NumCfg-1:0] done;
  integer errors [0:NumCfg-1];

  // 1:1, edges coincident, and a quarter period apart.
  fifo_async_check #(.Id(0), .WPeriod(1000), .RPeriod(1000), .Seed(32'h11))
    u_c0 (.arst_ni(arst_n), .done_o(done[0]), .errors_o(errors[0]));
  fifo_async_check #(.Id(1), .WPeriod(1000), .RPeriod(1000), .RPhase(250), .PushPct(100),
                     .PopPct(100), .Seed(32'h12))
    u_c1 (.arst_ni(arst_n), .done_o(done[1]), .errors_o(errors[1]));
  // 1:3 (reader three times faster) and 3:1.
  fifo_async_check #(.Id(2), .WPeriod(3000), .RPeriod(1000), .RPhase(130), .PushPct(90),
                     .PopPct(40), .Seed(32'h13))
    u_c2 (.arst_ni(arst_n), .done_o(done[2]), .errors_o(errors[2]));
  fifo_async_check #(.Id(3), .WPeriod(1000), .RPeriod(3000), .WPhase(410), .PushPct(60),
                     .PopPct(90), .Seed(32'h14))
    u_c3 (.arst_ni(arst_n), .done_o(done[3]), .errors_o(errors[3]));
  // 7:5 and 5:7.
  fifo_async_check #(.Id(4), .WPeriod(1000), .RPeriod(1400), .RPhase(333), .Seed(32'h15))
    u_c4 (.arst_ni(arst_n), .done_o(done[4]), .errors_o(errors[4]));
  fifo_async_check #(.Id(5), .WPeriod(1400), .RPeriod(1000), .PushPct(100), .PopPct(100),
                     .Seed(32'h16))
    u_c5 (.arst_ni(arst_n), .done_o(done[5]), .errors_o(errors[5]));
  // 100:101 and 101:100: the edges drift slowly through every phase.
  fifo_async_check #(.Id(6), .WPeriod(2020), .RPeriod(2000), .PushPct(80), .PopPct(80),
                     .Seed(32'h17))
    u_c6 (.arst_ni(arst_n), .done_o(done[6]), .errors_o(errors[6]));
  fifo_async_check #(.Id(7), .WPeriod(2000), .RPeriod(2020), .WPhase(999), .PushPct(100),
                     .PopPct(100), .Seed(32'h18))
    u_c7 (.arst_ni(arst_n), .done_o(done[7]), .errors_o(errors[7]));
  // The smallest depth, and a deep one with a slow reader (mostly full).
  fifo_async_check #(.Id(8), .Depth(2), .Width(5), .WPeriod(1000), .RPeriod(1400),
                     .RPhase(77), .PushPct(90), .PopPct(90), .Seed(32'h19))
    u_c8 (.arst_ni(arst_n), .done_o(done[8]), .errors_o(errors[8]));
  fifo_async_check #(.Id(9), .Depth(16), .Width(1), .WPeriod(1000), .RPeriod(1400),
                     .RPhase(500), .PushPct(100), .PopPct(30), .Seed(32'h1a))
    u_c9 (.arst_ni(arst_n), .done_o(done[9]), .errors_o(errors[9]));

  integer i;
  integer total;
  initial begin
    wait (&done);
    #10000;
    total = 0;
    for (i = 0; i < NumCfg; i = i + 1) total = total + errors[i];
    if (total == 0) $display("fifo_async_tb: PASS (%0d configurations)", NumCfg);
    else $display("fifo_async_tb: FAIL (%0d errors)", total);
    $finish;
  end

  initial begin
    #200000000;
    $display("fifo_async_tb: FAIL (timeout: done %b)", done);
    $finish;
  end

endmodule
