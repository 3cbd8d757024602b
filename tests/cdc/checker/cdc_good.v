// The checker must pass this: every crossing between clk_a and clk_b is legal. A Gray counter
// and a flag cross through rnngen_sync, words through rnngen_fifo_async (a clk_b flop takes
// data_o), an acknowledge goes back, each domain has its reset synchroniser (clk_b's released
// by a clk_a flop), and a flop on a clock divided from clk_a stays in clk_a's domain.
// cdc_check: -t cdc_good -c clk_a,clk_b
// expect: pass
// expect-output: allowed, FIFO storage read: 1 (u_fifo.mem)
// expect-output: allowed, synchroniser: 5 (
// expect-output: allowed, synchroniser reset: 2 (u_rst_b.u_sync.sync_q1, u_rst_b.u_sync.sync_q2)
// expect-output: PASS: 0 violations, 0 other errors
module cdc_good (
  input  wire       clk_a,
  input  wire       clk_b,
  input  wire       rst_ni,
  output reg  [3:0] count_b_o,
  output reg  [7:0] word_b_o,
  output reg        div_o
);

  wire rst_a_n;
  wire rst_b_n;
  rnngen_rst_sync u_rst_a (.clk_i(clk_a), .rst_ni(rst_ni), .rst_no(rst_a_n));
  reg  run_b_q;  // clk_b leaves reset once clk_a has
  rnngen_rst_sync u_rst_b (.clk_i(clk_b), .rst_ni(run_b_q), .rst_no(rst_b_n));

  // clk_a: a counter, its Gray code, a flag raised until clk_b acknowledges it.
  reg  [3:0] count_q;
  reg  [3:0] gray_q;
  reg        flag_q;
  wire       ack_a;
  always @(posedge clk_a or negedge rst_a_n) begin
    if (!rst_a_n) begin
      count_q <= 4'd0;
      gray_q <= 4'd0;
      flag_q <= 1'b0;
      run_b_q <= 1'b0;
    end else begin
      run_b_q <= 1'b1;
      count_q <= count_q + 4'd1;
      gray_q <= (count_q + 4'd1) ^ ((count_q + 4'd1) >> 1);
      flag_q <= !ack_a;
    end
  end

  wire [3:0] gray_b;
  wire       flag_b;
  rnngen_sync #(.Width(4)) u_sync_gray (
    .clk_i (clk_b),
    .rst_ni(rst_b_n),
    .d_i   (gray_q),
    .q_o   (gray_b)
  );
  rnngen_sync u_sync_flag (.clk_i(clk_b), .rst_ni(rst_b_n), .d_i(flag_q), .q_o(flag_b));

  // clk_b: decode the Gray count, acknowledge the flag.
  reg ack_q;
  always @(posedge clk_b or negedge rst_b_n) begin
    if (!rst_b_n) begin
      count_b_o <= 4'd0;
      ack_q <= 1'b0;
    end else begin
      count_b_o <= {gray_b[3], gray_b[3] ^ gray_b[2], gray_b[3] ^ gray_b[2] ^ gray_b[1],
                    ^gray_b};
      ack_q <= flag_b;
    end
  end
  rnngen_sync u_sync_ack (.clk_i(clk_a), .rst_ni(rst_a_n), .d_i(ack_q), .q_o(ack_a));

  // Words from clk_a to clk_b.
  wire       full;
  wire       empty;
  wire [7:0] word;
  rnngen_fifo_async #(.Width(8), .Depth(4)) u_fifo (
    .wclk_i (clk_a),
    .wrst_ni(rst_a_n),
    .push_i (!full),
    .data_i ({count_q, gray_q}),
    .full_o (full),
    .rclk_i (clk_b),
    .rrst_ni(rst_b_n),
    .pop_i  (1'b1),
    .data_o (word),
    .empty_o(empty)
  );
  always @(posedge clk_b) begin
    if (!empty) word_b_o <= word;
  end

  // A clock divided from clk_a: its flops are in clk_a's domain.
  reg div_clk_q;
  always @(posedge clk_a or negedge rst_a_n) begin
    if (!rst_a_n) div_clk_q <= 1'b0;
    else div_clk_q <= !div_clk_q;
  end
  always @(posedge div_clk_q) div_o <= flag_q;

endmodule
