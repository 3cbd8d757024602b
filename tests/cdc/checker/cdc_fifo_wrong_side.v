// The checker must reject this: the FIFO's data_o taken by a flop of the write domain (the
// storage read is legal only in the read domain; here the read pointer crosses raw).
// cdc_check: -t cdc_fifo_wrong_side -c clk_a,clk_b
// expect: fail
// expect-output: violation: q_o (domain clk_a) <- u_fifo.rbin_q (clk_b): raw crossing
module cdc_fifo_wrong_side (
  input  wire       clk_a,
  input  wire       clk_b,
  input  wire       rst_ni,
  input  wire [3:0] d_i,
  output reg  [3:0] q_o,
  output wire       empty_o
);

  wire       full;
  wire [3:0] word;
  rnngen_fifo_async #(.Width(4), .Depth(2)) u_fifo (
    .wclk_i (clk_a),
    .wrst_ni(rst_ni),
    .push_i (!full),
    .data_i (d_i),
    .full_o (full),
    .rclk_i (clk_b),
    .rrst_ni(rst_ni),
    .pop_i  (1'b1),
    .data_o (word),
    .empty_o(empty_o)
  );
  always @(posedge clk_a) q_o <= word;

endmodule
