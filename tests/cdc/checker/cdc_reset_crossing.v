// The checker must reject this: clk_b flops reset by clk_a's synchronised reset.
// cdc_check: -t cdc_reset_crossing -c clk_a,clk_b
// expect: fail
// expect-output: violation: b_q (domain clk_b) <- u_rst_a.u_sync.sync_q2 (clk_a): asynchronous reset from another domain
module cdc_reset_crossing (
  input  wire clk_a,
  input  wire clk_b,
  input  wire rst_ni,
  input  wire d_i,
  output reg  b_q
);

  wire rst_a_n;
  rnngen_rst_sync u_rst_a (.clk_i(clk_a), .rst_ni(rst_ni), .rst_no(rst_a_n));
  always @(posedge clk_b or negedge rst_a_n) begin
    if (!rst_a_n) b_q <= 1'b0;
    else b_q <= d_i;
  end

endmodule
