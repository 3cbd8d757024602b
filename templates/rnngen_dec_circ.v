// rnngen_dec_circ: the weight decoder of block-circulant weights (E-RNN; plan/plan.h
// CirculantColumn). The engine walks every row of its units in every column, as dense; the
// memory holds each block's vector, k = 2^BlockBits words a block and gate row, a word the
// value alone (the weight, or its code). A column's word {first, quad, d0, base} (from the FIFO's
// head, head_word_i, when the column starts: !have_col_i) gives its block's base and its offset:
// local row r = rpu*u + g (rpu 4 with quad, else 1), u = lb*k + a, reads word
// base + lb*k*rpu + ((a + d0) mod k)*rpu + g. Counters step it (the block's word, the element d,
// a and g; no multiplier), and the first entry of a column starts from the head's word, so a
// column costs no bubble.
//
// issue_i: the engine issues an entry this cycle, read from the ROM; first_o and value_o are
// the entry issued on the previous cycle (the ROM's synchronous read); index_o is 0 (every row).
module rnngen_dec_circ #(
  parameter integer BlockBits = 1,
  parameter integer IndexBits = 4,
  parameter integer ValueBits = 8,
  parameter integer WordBits = 4,
  parameter integer EntryDepth = 1,
  parameter EntryFile = "entries.hex"
) (
  input  wire                 clk_i,
  input  wire                 rst_ni,
  input  wire                 issue_i,
  input  wire                 have_col_i,
  input  wire [WordBits-1:0]  head_word_i,
  output wire                 first_o,
  output wire [IndexBits-1:0] index_o,
  output wire [ValueBits-1:0] value_o
);

  localparam integer EAddrBits = (EntryDepth > 1) ? $clog2(EntryDepth) : 1;
  localparam integer BlockWordsInt = 1 << BlockBits;
  localparam [EAddrBits-1:0] BlockWords = BlockWordsInt[EAddrBits-1:0];

  // The walk's position: the block's word (base + lb*k*rpu), the element d = (a + d0) mod k,
  // the unit's place a in its block, the gate row g; and the column's quad and first.
  reg  [EAddrBits-1:0] blk_q;
  reg  [BlockBits-1:0] d_q;
  reg  [BlockBits-1:0] a_q;
  reg  [1:0]           g_q;
  reg                  quad_q;
  reg                  first_q;
  reg                  s1_first_q;
  wire [EAddrBits-1:0] cur_blk = have_col_i ? blk_q : head_word_i[EAddrBits-1:0];
  wire [BlockBits-1:0] cur_d = have_col_i ? d_q : head_word_i[EAddrBits +: BlockBits];
  wire [BlockBits-1:0] cur_a = have_col_i ? a_q : {BlockBits{1'b0}};
  wire [1:0]           cur_g = have_col_i ? g_q : 2'd0;
  wire                 cur_quad = have_col_i ? quad_q : head_word_i[WordBits-2];
  wire                 cur_first = have_col_i ? first_q : head_word_i[WordBits-1];
  wire [BlockBits+1:0] elem = cur_quad ? {cur_d, cur_g} : {2'b00, cur_d};
  wire                 unit_end = !cur_quad || (cur_g == 2'd3);
  wire                 block_end = unit_end && (cur_a == {BlockBits{1'b1}});
  wire [EAddrBits+BlockBits+1:0] addr_sum = {{(BlockBits + 2){1'b0}}, cur_blk} +
                                            {{EAddrBits{1'b0}}, elem};
  wire [EAddrBits-1:0] addr = addr_sum[EAddrBits-1:0];
  wire unused_addr_sum = ^addr_sum[EAddrBits+BlockBits+1:EAddrBits];

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      blk_q <= {EAddrBits{1'b0}};
      d_q <= {BlockBits{1'b0}};
      a_q <= {BlockBits{1'b0}};
      g_q <= 2'd0;
      quad_q <= 1'b0;
      first_q <= 1'b0;
      s1_first_q <= 1'b0;
    end else begin
      if (issue_i) begin
        blk_q <= !block_end ? cur_blk : cur_quad ? cur_blk + (BlockWords << 2) :
                                                   cur_blk + BlockWords;
        d_q <= unit_end ? cur_d + 1'b1 : cur_d;
        a_q <= unit_end ? cur_a + 1'b1 : cur_a;
        g_q <= unit_end ? 2'd0 : cur_g + 2'd1;
        quad_q <= cur_quad;
        first_q <= cur_first;
      end
      s1_first_q <= cur_first;
    end
  end

  rnngen_rom #(
    .Width   (ValueBits),
    .Depth   (EntryDepth),
    .AddrBits(EAddrBits),
    .File    (EntryFile)
  ) u_entry_rom (
    .clk_i (clk_i),
    .addr_i(addr),
    .data_o(value_o)
  );

  assign first_o = s1_first_q;
  assign index_o = {IndexBits{1'b0}};

endmodule
