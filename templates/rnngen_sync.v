// rnngen_sync: Width independent two-flop synchronisers into the clk_i domain (docs/cdc.md).
//
// q_o follows d_i two clk_i edges late: a d_i change that is stable before a clk_i edge is in
// sync_q1 after that edge and on q_o after the next one. If d_i changes too close to an edge,
// sync_q1 may go metastable and resolve either way, so in hardware the change may take one more
// edge (three in all). Each bit crosses on its own: a multi-bit d_i must change at most one bit
// between the edges of clk_i (a Gray-coded counter, as in rnngen_fifo_async), or the bits may
// arrive on different edges. d_i must come straight from a flop of the source domain, with no
// logic in between (a glitch could be sampled).
//
// rst_ni clears both stages to ResetValue asynchronously. It may be asynchronous to clk_i: while
// it is low both stages hold ResetValue, so only sync_q1 can go metastable when it rises.
//
// scripts/cdc_check.py recognises the stages by their attributes: a flop whose Q carries
// rnngen_sync_stage = 1 is a legal first stage of a crossing; it may feed only the second stage.
// ASYNC_REG tells Vivado to place the pair together and not to time the first stage's input.
module rnngen_sync #(
  parameter integer Width = 1,
  parameter [Width-1:0] ResetValue = {Width{1'b0}}
) (
  input  wire             clk_i,
  input  wire             rst_ni,
  input  wire [Width-1:0] d_i,
  output wire [Width-1:0] q_o
);

  (* rnngen_sync_stage = 1, ASYNC_REG = "TRUE" *)
  reg [Width-1:0] sync_q1;
  (* rnngen_sync_stage = 2, ASYNC_REG = "TRUE" *)
  reg [Width-1:0] sync_q2;

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sync_q1 <= ResetValue;
      sync_q2 <= ResetValue;
    end else begin
      sync_q1 <= d_i;
      sync_q2 <= sync_q1;
    end
  end

  assign q_o = sync_q2;

endmodule
