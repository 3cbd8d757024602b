// rnngen_pe_xing: the array side of a PE whose MAC engine is in a voltage island
// (docs/architecture.md, "Voltage islands"). On the array clock clk_i it does for the island's
// rnngen_pe_mac (Async = 1) what that engine does for itself in a single-clock design, and the
// two halves meet across an rnngen_fifo_async (columns in) and an rnngen_sync (done out).
//
// Columns in: the PE's useful columns enter the FIFO as {init 0, pass, set, count, act} (the
// count led by the column's word with circulant weights, WordBits > 0: rnngen_col_count). A pass
// that starts afresh (acc_init_i) enters it as a token {init 1, pass, set, count 0, act 0}, so
// the engine takes that set's bias pass in order with the columns: pushed in the cycle of
// acc_init_i, or held (init_pend_q, the broadcast stalls on bc_ready_o) until the FIFO has room.
// The controller never fires a column in that cycle.
//
// Done out: the engine counts retired entries and tokens, modulo 2^DoneBits, and its Gray code
// crosses through u_done_sync. Counted from the start of the element-wise sequencer's step
// (base_q, which step_done_i advances by the StepEvents of a step), pass ew_pass_i is complete
// when PassDone[ew_pass_i] have retired: its entries (PassEnd) and the tokens of the step's
// passes after the first, up to it. The first pass's token is pushed after the previous step's
// last column, so it counts in the previous step; the first step starts from reset, which
// clears as a token does. The count never falls behind base_q and is at most two steps ahead
// of it (the broadcaster leads the element-wise sequencer by one pass at most), so
// 2^DoneBits > 4 * StepEvents keeps the difference unambiguous.
module rnngen_pe_xing #(
  parameter integer Dense = 0,
  parameter integer NumCols = 4,
  parameter integer NumPasses = 1,
  parameter integer ActBits = 16,
  parameter integer PtrBits = 1,
  parameter integer WordBits = 0,
  parameter integer FifoDepth = 8,  // a power of two, at least 2
  parameter integer DoneBits = 2,
  parameter integer StepEvents = 0,
  parameter CountFile = "count.hex",
  parameter [NumPasses*PtrBits-1:0] PassCount = 0,
  parameter [NumPasses*DoneBits-1:0] PassDone = 0
) (
  input  wire                                      clk_i,
  input  wire                                      rst_ni,
  // Column broadcast.
  input  wire [((NumCols > 1) ? $clog2(NumCols) : 1)-1:0] bc_col_next_i,
  input  wire                                      bc_fire_i,
  input  wire [((NumPasses > 1) ? $clog2(NumPasses) : 1)-1:0] bc_pass_i,
  input  wire                                      bc_set_i,
  input  wire [ActBits-1:0]                        bc_data_i,
  output wire                                      bc_ready_o,
  // Pass control.
  input  wire                                      acc_init_i,
  input  wire [((NumPasses > 1) ? $clog2(NumPasses) : 1)-1:0] acc_pass_i,
  input  wire                                      acc_set_i,
  input  wire [((NumPasses > 1) ? $clog2(NumPasses) : 1)-1:0] ew_pass_i,
  input  wire                                      step_done_i,
  output wire                                      pe_done_o,
  // The island side, on its clock and reset.
  input  wire                                      island_clk_i,
  input  wire                                      island_rst_ni,
  output wire [2+((NumPasses > 1) ? $clog2(NumPasses) : 1)+WordBits+PtrBits+ActBits-1:0] fifo_head_o,
  output wire                                      fifo_empty_o,
  input  wire                                      fifo_pop_i,
  input  wire [DoneBits-1:0]                       ret_gray_i
);

  localparam integer PassBits = (NumPasses > 1) ? $clog2(NumPasses) : 1;
  localparam integer CntBits = WordBits + PtrBits;  // the FIFO's column field
  localparam integer FifoBits = 2 + PassBits + CntBits + ActBits;
  localparam [DoneBits-1:0] StepCount = StepEvents[DoneBits-1:0];

  // ===== Columns and tokens in
  wire [CntBits-1:0] col_count;
  wire               fifo_full;
  reg                init_pend_q;
  reg  [PassBits-1:0] pend_pass_q;
  reg                pend_set_q;
  wire               col_useful = (col_count[PtrBits-1:0] != {PtrBits{1'b0}});
  wire               tok_valid = acc_init_i || init_pend_q;
  wire               push = tok_valid || (bc_fire_i && col_useful);
  wire [PassBits-1:0] tok_pass = init_pend_q ? pend_pass_q : acc_pass_i;
  wire               tok_set = init_pend_q ? pend_set_q : acc_set_i;
  wire [FifoBits-1:0] word = tok_valid ? {1'b1, tok_pass, tok_set, {(CntBits + ActBits){1'b0}}} :
                                         {1'b0, bc_pass_i, bc_set_i, col_count, bc_data_i};

  assign bc_ready_o = !init_pend_q && (!col_useful || !fifo_full);

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      init_pend_q <= 1'b0;
      pend_pass_q <= {PassBits{1'b0}};
      pend_set_q <= 1'b0;
    end else begin
      init_pend_q <= tok_valid && fifo_full;
      if (acc_init_i) begin
        pend_pass_q <= acc_pass_i;
        pend_set_q <= acc_set_i;
      end
    end
  end

  rnngen_col_count #(
    .Dense    (Dense),
    .NumCols  (NumCols),
    .NumPasses(NumPasses),
    .PtrBits  (PtrBits),
    .WordBits (WordBits),
    .CountFile(CountFile),
    .PassCount(PassCount)
  ) u_col_count (
    .clk_i        (clk_i),
    .bc_col_next_i(bc_col_next_i),
    .bc_pass_i    (bc_pass_i),
    .col_count_o  (col_count)
  );

  rnngen_fifo_async #(
    .Width(FifoBits),
    .Depth(FifoDepth)
  ) u_act_fifo (
    .wclk_i (clk_i),
    .wrst_ni(rst_ni),
    .push_i (push),
    .data_i (word),
    .full_o (fifo_full),
    .rclk_i (island_clk_i),
    .rrst_ni(island_rst_ni),
    .pop_i  (fifo_pop_i),
    .data_o (fifo_head_o),
    .empty_o(fifo_empty_o)
  );

  // ===== Done out
  wire [DoneBits-1:0] ret_gray;
  rnngen_sync #(
    .Width(DoneBits)
  ) u_done_sync (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .d_i   (ret_gray_i),
    .q_o   (ret_gray)
  );

  // Gray to binary: bit i is the XOR of Gray bits i and up.
  reg [DoneBits-1:0] ret_bin;
  integer i;
  always @(*) begin
    ret_bin[DoneBits-1] = ret_gray[DoneBits-1];
    for (i = DoneBits - 2; i >= 0; i = i - 1) ret_bin[i] = ret_bin[i+1] ^ ret_gray[i];
  end

  reg  [DoneBits-1:0] base_q;
  wire [DoneBits-1:0] pass_done;
  wire [DoneBits-1:0] retired = ret_bin - base_q;
  rnngen_mux #(.Width(DoneBits), .Count(NumPasses), .SelBits(PassBits)) u_done_mux (
    .data_i(PassDone),
    .sel_i (ew_pass_i),
    .data_o(pass_done)
  );
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      base_q <= {DoneBits{1'b0}};
    end else if (step_done_i) begin
      base_q <= base_q + StepCount;
    end
  end
  assign pe_done_o = (retired >= pass_done);

endmodule
