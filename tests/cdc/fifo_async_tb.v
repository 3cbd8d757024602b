// fifo_async_tb: rnngen_fifo_async at several clock ratios (write : read frequency), phases,
// depths and stall rates, all running at once; tests/cdc/run_cdc.sh runs it in both simulators,
// Icarus and Verilator. Prints one line per configuration, then PASS or FAIL. Built with
// RNNGEN_CDC_META (and tests/cdc/rnngen_sync_meta.v), it allows each change one edge of delay
// more and requires that some did arrive late.
`timescale 1ps / 1ps
module fifo_async_tb;

  localparam integer NumCfg = 10;
`ifdef RNNGEN_CDC_META
  localparam integer Slack = 1;
`else
  localparam integer Slack = 0;
`endif

  reg arst_n = 1'b0;
  initial #7777 arst_n = 1'b1;

  wire [NumCfg-1:0] done;
  integer errors [0:NumCfg-1];
  integer late [0:NumCfg-1];

  // 1:1, edges coincident, and a quarter period apart.
  fifo_async_check #(.Id(0), .WPeriod(1000), .RPeriod(1000), .Seed(32'h11), .Slack(Slack))
    u_c0 (.arst_ni(arst_n), .done_o(done[0]), .errors_o(errors[0]), .late_o(late[0]));
  fifo_async_check #(.Id(1), .WPeriod(1000), .RPeriod(1000), .RPhase(250), .PushPct(100),
                     .PopPct(100), .Seed(32'h12), .Slack(Slack))
    u_c1 (.arst_ni(arst_n), .done_o(done[1]), .errors_o(errors[1]), .late_o(late[1]));
  // 1:3 (reader three times faster) and 3:1.
  fifo_async_check #(.Id(2), .WPeriod(3000), .RPeriod(1000), .RPhase(130), .PushPct(90),
                     .PopPct(40), .Seed(32'h13), .Slack(Slack))
    u_c2 (.arst_ni(arst_n), .done_o(done[2]), .errors_o(errors[2]), .late_o(late[2]));
  fifo_async_check #(.Id(3), .WPeriod(1000), .RPeriod(3000), .WPhase(410), .PushPct(60),
                     .PopPct(90), .Seed(32'h14), .Slack(Slack))
    u_c3 (.arst_ni(arst_n), .done_o(done[3]), .errors_o(errors[3]), .late_o(late[3]));
  // 7:5 and 5:7.
  fifo_async_check #(.Id(4), .WPeriod(1000), .RPeriod(1400), .RPhase(333), .Seed(32'h15),
                     .Slack(Slack))
    u_c4 (.arst_ni(arst_n), .done_o(done[4]), .errors_o(errors[4]), .late_o(late[4]));
  fifo_async_check #(.Id(5), .WPeriod(1400), .RPeriod(1000), .PushPct(100), .PopPct(100),
                     .Seed(32'h16), .Slack(Slack))
    u_c5 (.arst_ni(arst_n), .done_o(done[5]), .errors_o(errors[5]), .late_o(late[5]));
  // 100:101 and 101:100: the edges drift slowly through every phase.
  fifo_async_check #(.Id(6), .WPeriod(2020), .RPeriod(2000), .PushPct(80), .PopPct(80),
                     .Seed(32'h17), .Slack(Slack))
    u_c6 (.arst_ni(arst_n), .done_o(done[6]), .errors_o(errors[6]), .late_o(late[6]));
  fifo_async_check #(.Id(7), .WPeriod(2000), .RPeriod(2020), .WPhase(999), .PushPct(100),
                     .PopPct(100), .Seed(32'h18), .Slack(Slack))
    u_c7 (.arst_ni(arst_n), .done_o(done[7]), .errors_o(errors[7]), .late_o(late[7]));
  // The smallest depth, and a deep one with a slow reader (mostly full).
  fifo_async_check #(.Id(8), .Depth(2), .Width(5), .WPeriod(1000), .RPeriod(1400), .RPhase(77),
                     .PushPct(90), .PopPct(90), .Seed(32'h19), .Slack(Slack))
    u_c8 (.arst_ni(arst_n), .done_o(done[8]), .errors_o(errors[8]), .late_o(late[8]));
  fifo_async_check #(.Id(9), .Depth(16), .Width(1), .WPeriod(1000), .RPeriod(1400), .RPhase(500),
                     .PushPct(100), .PopPct(30), .Seed(32'h1a), .Slack(Slack))
    u_c9 (.arst_ni(arst_n), .done_o(done[9]), .errors_o(errors[9]), .late_o(late[9]));

  integer i;
  integer total;
  integer total_late;
  initial begin
    wait (&done);
    #10000;
    total = 0;
    total_late = 0;
    for (i = 0; i < NumCfg; i = i + 1) begin
      total = total + errors[i];
      total_late = total_late + late[i];
    end
    if (total != 0) $display("fifo_async_tb: FAIL (%0d errors)", total);
    else if (Slack > 0 && total_late == 0) $display("fifo_async_tb: FAIL (no change came late)");
    else $display("fifo_async_tb: PASS (%0d configurations, %0d late flags)", NumCfg, total_late);
    $finish;
  end

  initial begin
    #200000000;
    $display("fifo_async_tb: FAIL (timeout: done %b)", done);
    $finish;
  end

endmodule
