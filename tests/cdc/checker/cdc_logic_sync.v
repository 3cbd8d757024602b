// The checker must reject this: logic between the source flops and the synchroniser.
// cdc_check: -t cdc_logic_sync -c clk_a,clk_b
// expect: fail
// expect-output: violation: u_sync.sync_q1 (domain clk_b) <- a0_q (clk_a), a1_q (clk_a): logic in front of a synchroniser
module cdc_logic_sync (
  input  wire clk_a,
  input  wire clk_b,
  input  wire rst_ni,
  input  wire d_i,
  output wire q_o
);

  reg a0_q;
  reg a1_q;
  always @(posedge clk_a) begin
    a0_q <= d_i;
    a1_q <= a0_q;
  end
  rnngen_sync u_sync (.clk_i(clk_b), .rst_ni(rst_ni), .d_i(a0_q & a1_q), .q_o(q_o));

endmodule
