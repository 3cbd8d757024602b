// rnngen_pe_mac: the MAC engine of a PE and its accumulators.
//
// The broadcaster presents one activation per column. The engine keeps the columns it has
// entries in, with their entry count, in an activation FIFO, pops them and walks its encoded
// non-zeros at one MAC per cycle, with no bubble between columns or passes:
//   issue (entry address) -> decode, multiply, read the row -> accumulate, write the row
// (multiply and accumulate: rnngen_mac). Where the weights are and how an entry reads is the
// format's decoder cell (plan/encoding.h): rnngen_dec_list for csc entries {first, relative row
// index, value} (the index counts the zero rows skipped since the previous entry of the column,
// or since row 0; padding entries carry weight 0) and dense entries {first, value} for every row
// of the pass in every column; rnngen_dec_circ for block-circulant vectors (BlockBits > 0, with
// Dense: every row, like dense), addressed from the column's word that the FIFO carries
// (WordBits). `first` marks the first entry of its row since the pass that started afresh
// (plan/plan.h). The value is the weight, or with a codebook (CodeBits > 0, weights.codebook)
// its code, and the weight is the pass's codebook word at that code, read combinationally
// (u_codebook) on the way to the multiplier: the columns then carry their pass through the FIFO.
//
// Accumulators: two sets, so that the element-wise cell reads one pass's sums while the next
// pass accumulates into the other (a pass that keeps the sums stays in its set); each column
// carries its set through the FIFO. Both sets are one RAM, row r of set s at word {s, r}, with a
// read port for the MAC path and one for the element-wise cell, which reads one row a cycle
// (rnngen_pe_ew's read schedule), so nothing selects a set or a bank after a read: the RAM is
// block RAM where the rows are enough to fill one. Reads are synchronous: the MAC path reads the
// decoded row one cycle ahead, and a row written on that same edge is forwarded; the
// element-wise cell names the set and row it will need next cycle (ew_set_i, ew_row_addr_i). It
// never reads a set the MAC path writes (rnngen_ctrl keeps a set's MAC and element-wise phases
// apart, and ew_set_i changes only as a phase ends). A pass that starts afresh does not clear
// the set: an entry marked first adds to its row's bias (the bias ROM, read one cycle ahead like
// the RAM, at the pass that last started afresh in the set, acc_init_i) instead of the RAM word,
// and the plan gives every row the element-wise cell reads such an entry, so the cell reads bare
// RAM words.
//
// Completion: the engine counts the entries it has retired (accumulated) in the step; pe_done_o
// tells the controller that every entry of pass ew_pass_i of step ew_seq_i (mod 4) is in. A PE
// whose entries of the next step are all in x_{t+1}'s columns can finish that step before the
// element-wise phase of this one: it may be two steps ahead, hence mod 4.
//
// Island mode (Async = 1, a PE of a voltage island, docs/architecture.md): the engine runs on
// the island's clk_i and the array side of the crossing is in rnngen_pe_xing. The activation
// FIFO is there (fifo_head_i, fifo_empty_i, fifo_pop_o); a pass that starts afresh reaches the
// engine as an init token in the FIFO ({init, pass, set, count, act}, count 0) rather than on
// acc_*_i (it takes effect as it leaves the FIFO), and passes through the pipeline like an entry
// that writes nothing. The engine counts retired entries and tokens in a binary counter and puts
// out its Gray code (ret_gray_o, a flop, one bit changes per count) for rnngen_pe_xing to
// synchronise and compare. The element-wise read port is on clk_ew_i (the array clock):
// rnngen_ram_2c's port B. bc_*, acc_*, ew_pass_i, ew_seq_i and pe_done_o are unused in island
// mode; clk_ew_i, fifo_*_i and the island outputs otherwise.
module rnngen_pe_mac #(
  parameter integer Async = 0,
  parameter integer DoneBits = 2,
  parameter integer Dense = 0,
  parameter integer NumCols = 4,
  parameter integer NumPasses = 1,
  parameter integer Rows = 4,
  parameter integer WeightBits = 8,
  parameter integer ActBits = 16,
  parameter integer AccBits = 32,
  parameter integer IndexBits = 4,
  // Circulant: log2 of the block size, and the bits of a column's word; 0 otherwise.
  parameter integer BlockBits = 0,
  parameter integer WordBits = 0,
  // weights.codebook: bits of an entry's code; 0: entries hold the weights.
  parameter integer CodeBits = 0,
  parameter integer EntryDepth = 1,
  parameter integer PtrBits = 1,
  parameter integer FifoDepth = 8,
  parameter integer Entries = 0,
  parameter integer EndBits = 1,
  parameter EntryFile = "entries.hex",
  parameter CountFile = "count.hex",
  // Accumulator start values by pass and row (word {pass, row}).
  parameter BiasFile = "bias.hex",
  // With CodeBits > 0: the weight of each code, by pass (word {pass, code}).
  parameter CodebookFile = "codebook.hex",
  // Dense encoding: this PE's entries per column, per pass.
  parameter [NumPasses*PtrBits-1:0] PassCount = 0,
  // This PE's entries up to the end of each pass (csc and dense).
  parameter [NumPasses*EndBits-1:0] PassEnd = 0
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
  input  wire [1:0]                                ew_seq_i,
  output wire                                      pe_done_o,
  // Element-wise read port: the set and the row wanted next cycle.
  input  wire                                      ew_set_i,
  input  wire [((Rows > 1) ? $clog2(Rows) : 1)-1:0] ew_row_addr_i,
  output wire [AccBits-1:0]                        ew_row_o,
  // Island mode.
  input  wire                                      clk_ew_i,
  input  wire [2+((NumPasses > 1) ? $clog2(NumPasses) : 1)+WordBits+PtrBits+ActBits-1:0] fifo_head_i,
  input  wire                                      fifo_empty_i,
  output wire                                      fifo_pop_o,
  output wire [DoneBits-1:0]                       ret_gray_o
);

  localparam integer RowBits = (Rows > 1) ? $clog2(Rows) : 1;
  localparam integer PassBits = (NumPasses > 1) ? $clog2(NumPasses) : 1;
  localparam integer ValueBits = (CodeBits > 0) ? CodeBits : WeightBits;
  localparam integer CntBits = WordBits + PtrBits;  // the FIFO's column field: {word, count}
  // The FIFO carries a column's pass when the engine needs it: island mode, codebooks by pass.
  localparam integer CarryPass = ((Async != 0) || (CodeBits > 0 && NumPasses > 1)) ? 1 : 0;
  localparam integer SumBits = ((IndexBits > RowBits) ? IndexBits : RowBits) + 1;
  localparam integer FifoBits = ((Async != 0) ? 1 : 0) + ((CarryPass != 0) ? PassBits : 0) + 1 +
                                CntBits + ActBits;
  localparam [EndBits-1:0] AllEntries = Entries[EndBits-1:0];

  // ===== Columns in: the activation FIFO's head ({set, count, act}, led by the pass if CarryPass
  // and by init in island mode; the count led by the column's word if circulant)
  wire                fifo_empty;
  wire [FifoBits-1:0] fifo_head;
  wire                head_init;
  wire [PassBits-1:0] head_pass;
  wire                head_set = fifo_head[CntBits+ActBits];
  wire [PtrBits-1:0]  head_count = fifo_head[PtrBits+ActBits-1:ActBits];
  wire [ActBits-1:0]  head_act = fifo_head[ActBits-1:0];
  if (CarryPass != 0) begin : gen_head_pass
    assign head_pass = fifo_head[1+CntBits+ActBits +: PassBits];
  end else begin : gen_head_nopass
    assign head_pass = {PassBits{1'b0}};
  end

  // ===== Issue
  reg  [PtrBits-1:0]   rem_q;
  reg  [ActBits-1:0]   act_q;
  reg                  set_q;
  reg  [PassBits-1:0]  pass_q;
  wire                 have_col = (rem_q != {PtrBits{1'b0}});
  wire                 issue = have_col || (!fifo_empty && !head_init);
  wire                 pop = !have_col && !fifo_empty;
  wire                 token = pop && head_init;
  // The biases of a set: from the pass that last started afresh in it.
  wire                 init_now;
  wire                 init_set;
  wire [PassBits-1:0]  init_pass;

  if (Async != 0) begin : gen_xing_in
    assign fifo_head = fifo_head_i;
    assign fifo_empty = fifo_empty_i;
    assign fifo_pop_o = pop;
    assign head_init = fifo_head[FifoBits-1];
    assign init_now = token;
    assign init_set = head_set;
    assign init_pass = head_pass;
    assign bc_ready_o = 1'b1;
    wire unused_bc = ^{bc_col_next_i, bc_fire_i, bc_pass_i, bc_set_i, bc_data_i,
                       PassCount, acc_init_i, acc_pass_i, acc_set_i};
  end else begin : gen_fifo_in
    // Column broadcast -> activation FIFO: the columns this PE has entries in.
    wire [CntBits-1:0] col_count;
    wire               fifo_full;
    wire               col_useful = (col_count[PtrBits-1:0] != {PtrBits{1'b0}});
    wire               push = bc_fire_i && col_useful;

    wire [FifoBits-1:0] fifo_in;
    if (CarryPass != 0) begin : gen_fifo_pass
      assign fifo_in = {bc_pass_i, bc_set_i, col_count, bc_data_i};
    end else begin : gen_fifo_nopass
      assign fifo_in = {bc_set_i, col_count, bc_data_i};
    end

    assign bc_ready_o = !col_useful || !fifo_full;
    assign fifo_pop_o = 1'b0;
    assign head_init = 1'b0;
    assign init_now = acc_init_i;
    assign init_set = acc_set_i;
    assign init_pass = acc_pass_i;
    wire unused_xing = ^{clk_ew_i, fifo_head_i, fifo_empty_i};

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

    rnngen_fifo #(
      .Width(FifoBits),
      .Depth(FifoDepth)
    ) u_act_fifo (
      .clk_i  (clk_i),
      .rst_ni (rst_ni),
      .push_i (push),
      .data_i (fifo_in),
      .pop_i  (pop),
      .data_o (fifo_head),
      .empty_o(fifo_empty),
      .full_o (fifo_full)
    );
  end

  reg                s1_valid_q;
  reg                s1_first_q;
  reg                s1_set_q;
  reg  [PassBits-1:0] s1_pass_q;
  reg  [ActBits-1:0] s1_act_q;
  // An init token in flight (island mode): it retires like an entry.
  reg                s1_init_q;

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rem_q <= {PtrBits{1'b0}};
      act_q <= {ActBits{1'b0}};
      set_q <= 1'b0;
      pass_q <= {PassBits{1'b0}};
      s1_valid_q <= 1'b0;
      s1_first_q <= 1'b0;
      s1_set_q <= 1'b0;
      s1_pass_q <= {PassBits{1'b0}};
      s1_act_q <= {ActBits{1'b0}};
      s1_init_q <= 1'b0;
    end else begin
      if (have_col) begin
        rem_q <= rem_q - 1'b1;
      end else if (pop && !head_init) begin
        rem_q <= head_count - 1'b1;
        act_q <= head_act;
        set_q <= head_set;
        pass_q <= head_pass;
      end
      s1_valid_q <= issue;
      s1_first_q <= pop;
      s1_set_q <= have_col ? set_q : head_set;
      s1_pass_q <= have_col ? pass_q : head_pass;
      s1_act_q <= have_col ? act_q : head_act;
      s1_init_q <= token;
    end
  end

  // ===== Decode: the format's decoder cell reads the entry issued (its ROM, read one cycle
  // ahead) and splits it; then the codebook, the multiplier and the row.
  wire                  entry_first;
  wire [IndexBits-1:0]  rel_index;
  wire [ValueBits-1:0]  value;
  wire [((WordBits > 0) ? WordBits : 1)-1:0] head_word;
  if (WordBits > 0) begin : gen_head_word
    assign head_word = fifo_head[PtrBits+ActBits +: WordBits];
  end else begin : gen_no_head_word
    assign head_word = 1'b0;
  end
  if (BlockBits > 0) begin : gen_dec_circ
    rnngen_dec_circ #(
      .BlockBits (BlockBits),
      .IndexBits (IndexBits),
      .ValueBits (ValueBits),
      .WordBits  (WordBits),
      .EntryDepth(EntryDepth),
      .EntryFile (EntryFile)
    ) u_dec (
      .clk_i      (clk_i),
      .rst_ni     (rst_ni),
      .issue_i    (issue),
      .have_col_i (have_col),
      .head_word_i(head_word),
      .first_o    (entry_first),
      .index_o    (rel_index),
      .value_o    (value)
    );
  end else begin : gen_dec_list
    rnngen_dec_list #(
      .Dense     (Dense),
      .IndexBits (IndexBits),
      .ValueBits (ValueBits),
      .WordBits  (WordBits),
      .EntryDepth(EntryDepth),
      .Entries   (Entries),
      .EntryFile (EntryFile)
    ) u_dec (
      .clk_i      (clk_i),
      .rst_ni     (rst_ni),
      .issue_i    (issue),
      .have_col_i (have_col),
      .head_word_i(head_word),
      .first_o    (entry_first),
      .index_o    (rel_index),
      .value_o    (value)
    );
  end

  wire [WeightBits-1:0] weight;
  if (CodeBits > 0) begin : gen_codebook
    // One pass: the code alone addresses the table.
    localparam integer BookAddrBits = ((NumPasses > 1) ? PassBits : 0) + CodeBits;
    wire [PassBits+CodeBits-1:0] book_addr = {s1_pass_q, value};
    wire unused_book_pass = (NumPasses > 1) ? 1'b0 : ^book_addr;
    rnngen_rom #(
      .Width      (WeightBits),
      .Depth      (NumPasses << CodeBits),
      .AddrBits   (BookAddrBits),
      .ReadLatency(0),
      .File       (CodebookFile)
    ) u_codebook (
      .clk_i (clk_i),
      .addr_i(book_addr[BookAddrBits-1:0]),
      .data_o(weight)
    );
  end else begin : gen_weight
    assign weight = value;
    wire unused_pass = ^{s1_pass_q, CodebookFile};
  end

  reg  [RowBits-1:0] row_q;
  wire [SumBits-1:0] row_next_wide = s1_first_q ?
      {{(SumBits - IndexBits){1'b0}}, rel_index} :
      {{(SumBits - RowBits){1'b0}}, row_q} + {{(SumBits - IndexBits){1'b0}}, rel_index} +
      {{(SumBits - 1){1'b0}}, 1'b1};
  wire [RowBits-1:0] row_next = row_next_wide[RowBits-1:0];
  wire unused_row_next = ^row_next_wide[SumBits-1:RowBits];

  reg                s2_valid_q;
  reg                s2_first_q;
  reg                s2_set_q;
  reg  [RowBits-1:0] s2_row_q;
  reg                s2_init_q;
  wire signed [AccBits-1:0] acc_new;
  // The row accumulated now, if the next MAC reads it: its RAM word is one write behind.
  reg                fwd_q;
  reg  [AccBits-1:0] fwd_data_q;

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      row_q <= {RowBits{1'b0}};
      s2_valid_q <= 1'b0;
      s2_first_q <= 1'b0;
      s2_set_q <= 1'b0;
      s2_row_q <= {RowBits{1'b0}};
      s2_init_q <= 1'b0;
      fwd_q <= 1'b0;
      fwd_data_q <= {AccBits{1'b0}};
    end else begin
      if (s1_valid_q) begin
        row_q <= row_next;
      end
      s2_valid_q <= s1_valid_q;
      s2_first_q <= entry_first;
      s2_set_q <= s1_set_q;
      s2_row_q <= row_next;
      s2_init_q <= s1_init_q;
      fwd_q <= s1_valid_q && s2_valid_q && (s1_set_q == s2_set_q) && (row_next == s2_row_q);
      fwd_data_q <= acc_new;
    end
  end

  // ===== Accumulators: row r of set s at word {s, r}; the MAC path reads and writes on port A,
  // the element-wise cell reads on port B.
  // Port B's clock: the array clock, which is clk_i outside island mode.
  wire clk_ew;
  if (Async != 0) begin : gen_clk_ew
    assign clk_ew = clk_ew_i;
  end else begin : gen_clk_own
    assign clk_ew = clk_i;
    wire unused_clk_ew = clk_ew_i;
  end
  wire [AccBits-1:0] mac_word;
  rnngen_ram_2c #(.Width(AccBits), .AddrBits(RowBits + 1)) u_acc_ram (
    .clk_i     (clk_i),
    .we_i      (s2_valid_q),
    .wr_addr_i ({s2_set_q, s2_row_q}),
    .wr_data_i (acc_new),
    .rd_addr_i ({s1_set_q, row_next}),
    .rd_data_o (mac_word),
    .clkb_i    (clk_ew),
    .rdb_addr_i({ew_set_i, ew_row_addr_i}),
    .rdb_data_o(ew_row_o)
  );

  // Per set: the pass whose biases apply.
  wire [2*PassBits-1:0] set_bias_pass;
  genvar k;
  for (k = 0; k < 2; k = k + 1) begin : gen_set
    localparam [0:0] SetIdx = k;
    reg [PassBits-1:0] bias_pass_q;
    always @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        bias_pass_q <= {PassBits{1'b0}};
      end else if (init_now && init_set == SetIdx) begin
        bias_pass_q <= init_pass;
      end
    end
    assign set_bias_pass[k*PassBits +: PassBits] = bias_pass_q;
  end

  // ===== Accumulate into row s2_row_q (the spec proves AccBits cannot overflow): a first entry
  // onto the row's bias, read with the row one cycle ahead.
  // One pass: the row alone addresses the ROM.
  localparam integer BiasAddrBits = ((NumPasses > 1) ? PassBits : 0) + RowBits;
  wire [PassBits-1:0] s1_bias_pass = s1_set_q ? set_bias_pass[PassBits +: PassBits] :
                                                set_bias_pass[0 +: PassBits];
  wire [PassBits+RowBits-1:0] bias_addr = {s1_bias_pass, row_next};
  wire unused_bias_pass = (NumPasses > 1) ? 1'b0 : ^bias_addr;
  wire [AccBits-1:0]  mac_row_bias;
  rnngen_rom #(
    .Width   (AccBits),
    .Depth   (NumPasses << RowBits),
    .AddrBits(BiasAddrBits),
    .File    (BiasFile)
  ) u_bias_rom (
    .clk_i (clk_i),
    .addr_i(bias_addr[BiasAddrBits-1:0]),
    .data_o(mac_row_bias)
  );
  wire signed [AccBits-1:0] acc_old = s2_first_q ? mac_row_bias :
                                      fwd_q ? fwd_data_q : mac_word;

  rnngen_mac #(.WeightBits(WeightBits), .ActBits(ActBits), .AccBits(AccBits)) u_mac (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .weight_i(weight),
    .act_i   (s1_act_q),
    .acc_i   (acc_old),
    .acc_o   (acc_new)
  );

  // ===== Completion
  if (Async != 0) begin : gen_ret_gray
    // Entries and init tokens retired, binary and Gray (the Gray code is a flop of its own).
    reg  [DoneBits-1:0] ret_bin_q;
    reg  [DoneBits-1:0] ret_gray_q;
    wire [DoneBits-1:0] ret_bin_d = ret_bin_q + {{(DoneBits - 1){1'b0}}, s2_valid_q || s2_init_q};
    always @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        ret_bin_q <= {DoneBits{1'b0}};
        ret_gray_q <= {DoneBits{1'b0}};
      end else begin
        ret_bin_q <= ret_bin_d;
        ret_gray_q <= ret_bin_d ^ (ret_bin_d >> 1);
      end
    end
    assign ret_gray_o = ret_gray_q;
    assign pe_done_o = 1'b0;
    wire unused_done = ^{ew_pass_i, ew_seq_i, PassEnd, AllEntries};
  end else begin : gen_ret
    // Retired entries of the step, and whether pass ew_pass_i is complete.
    reg  [EndBits-1:0] ret_q;
    reg  [1:0]         ret_seq_q;
    wire [EndBits-1:0] pass_end;
    rnngen_mux #(.Width(EndBits), .Count(NumPasses), .SelBits(PassBits)) u_end_mux (
      .data_i(PassEnd),
      .sel_i (ew_pass_i),
      .data_o(pass_end)
    );
    always @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        ret_q <= {EndBits{1'b0}};
        ret_seq_q <= 2'd0;
      end else if (s2_valid_q) begin
        if (ret_q + 1'b1 == AllEntries) begin
          ret_q <= {EndBits{1'b0}};
          ret_seq_q <= ret_seq_q + 1'b1;
        end else begin
          ret_q <= ret_q + 1'b1;
        end
      end
    end
    // A step ahead of the element-wise sequencer has retired all of the earlier step.
    assign pe_done_o = (ret_seq_q != ew_seq_i) || (ret_q >= pass_end);
    assign ret_gray_o = {DoneBits{1'b0}};
    wire unused_init = s2_init_q;
  end

endmodule
