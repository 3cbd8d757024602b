// rnngen_pe: one processing element of the sparse array (EIE/ESE lineage).
//
// A step is a sequence of passes (model/program.h). In each pass the PE owns the output units
// pe, pe + PeCount, ... and all accumulator rows of each (local row RowsPerUnit * u + gate), so
// the element-wise update stays local and only its result is broadcast.
//
// MAC phase: the broadcaster presents one activation per column. The PE keeps the columns it has
// entries in, with their entry count, in an activation FIFO; the MAC engine pops them and walks
// its encoded non-zeros at one MAC per cycle, with no bubble between columns or passes:
//   issue (entry ROM address) -> decode row, multiply -> accumulate into acc_q[row]
// (multiply and accumulate: rnngen_mac).
// Csc entries are {relative row index, weight}: the index counts the zero rows skipped since the
// previous entry of the column (or since row 0); padding entries carry weight 0.
// Dense entries are bare weights for every row of the pass in every column.
//
// Element-wise phase of a pass, by its op (ew_unit_i, ew_phase_i; unit u's result leaves at
// phase 0 of unit u+1). LUT reads are synchronous: an address set in one phase is read in the next.
//   lstm  (4 rows i, o, f, c; state c):
//     0: sigmoid(i + P_i c), tanh(c~)   1: i*g; sigmoid(f + P_f c)   2: c = f*c + i*g
//     3: sigmoid(o + P_o c), tanh(c)    next 0: h = o * tanh(c)
//   gru   (4 rows z, r, hx, hh; state h):
//     0: sigmoid(r)   1: sigmoid(z), tanh(hx + r*hh) (or hx + hh)   2: h = n + z*(h - n)
//   gru_reset (first pass of a GRU without linear_before_reset; state h):
//     0: sigmoid(r)   1: r * h
//   dense (1 row): 0: LUT read / linear or relu value   next 0: out
// Rounding and saturation at each narrowing point follow docs/arithmetic.md.
module rnngen_pe #(
  parameter integer Dense = 0,
  parameter integer NumCols = 4,
  parameter integer NumPasses = 1,
  parameter integer Rows = 4,
  parameter integer MaxUnits = 1,
  parameter integer StateSlots = 1,
  parameter integer WeightBits = 8,
  parameter integer WeightFrac = 6,
  parameter integer ActBits = 16,
  parameter integer ActFrac = 12,
  parameter integer StateBits = 16,
  parameter integer StateFrac = 12,
  parameter integer AccBits = 32,
  parameter integer IndexBits = 4,
  parameter integer EntryDepth = 1,
  parameter integer PtrBits = 1,
  parameter integer FifoDepth = 8,
  parameter integer LutBits = 10,
  parameter integer AccShift = 14,
  parameter integer StateShift = 8,
  parameter integer HasPeep = 0,
  parameter integer HasGru = 0,
  parameter integer HasDense = 0,
  parameter EntryFile = "entries.hex",
  parameter PtrFile = "ptr.hex",
  parameter SigFile = "sigmoid.hex",
  parameter TanhFile = "tanh.hex",
  // Per pass p: op (0 lstm, 1 gru, 2 gru_reset, 3 dense), linear_before_reset, head activation
  // (0 none, 1 relu, 2 sigmoid, 3 tanh), first state slot, this PE's units, and (dense
  // encoding) this PE's entries per column.
  parameter [NumPasses*2-1:0] PassOp = 0,
  parameter [NumPasses-1:0] PassLbr = 0,
  parameter [NumPasses*2-1:0] PassAct = 0,
  parameter [NumPasses*((StateSlots > 1) ? $clog2(StateSlots) : 1)-1:0] PassStateBase = 0,
  parameter [NumPasses*$clog2(MaxUnits+1)-1:0] PassUnits = 0,
  parameter [NumPasses*PtrBits-1:0] PassCount = 0,
  // Accumulator start values by pass and row ([(p*Rows + r)*AccBits +: AccBits]), peepholes by
  // pass and unit ([((p*MaxUnits + u)*3 + k)*WeightBits +: WeightBits], k: P_i, P_o, P_f).
  parameter [NumPasses*Rows*AccBits-1:0] Bias = 0,
  parameter [NumPasses*MaxUnits*3*WeightBits-1:0] Peep = 0
) (
  input  wire                                      clk_i,
  input  wire                                      rst_ni,
  // Column broadcast.
  input  wire [((NumCols > 1) ? $clog2(NumCols) : 1)-1:0] bc_col_next_i,
  input  wire                                      bc_fire_i,
  input  wire                                      bc_last_i,
  input  wire [((NumPasses > 1) ? $clog2(NumPasses) : 1)-1:0] pass_i,
  input  wire [ActBits-1:0]                        bc_data_i,
  output wire                                      bc_ready_o,
  output wire                                      idle_o,
  // Step control.
  input  wire                                      acc_init_i,
  input  wire [((NumPasses > 1) ? $clog2(NumPasses) : 1)-1:0] acc_pass_i,
  input  wire                                      step_done_i,
  input  wire [$clog2(MaxUnits+1)-1:0]             ew_unit_i,
  input  wire [1:0]                                ew_phase_i,
  output wire                                      h_valid_o,
  output wire [ActBits-1:0]                        h_data_o
);

  localparam integer RowBits = (Rows > 1) ? $clog2(Rows) : 1;
  localparam integer Quads = Rows / 4;
  localparam integer QuadBits = (Quads > 1) ? $clog2(Quads) : 1;
  localparam integer ColBits = (NumCols > 1) ? $clog2(NumCols) : 1;
  localparam integer PassBits = (NumPasses > 1) ? $clog2(NumPasses) : 1;
  localparam integer SlotBits = (StateSlots > 1) ? $clog2(StateSlots) : 1;
  localparam integer EntryBits = (Dense != 0) ? WeightBits : IndexBits + WeightBits;
  // The entry address wraps after the last entry of a full memory; nothing is read then.
  localparam integer EAddrBits = (EntryDepth > 1) ? $clog2(EntryDepth) : 1;
  localparam integer UnitBits = $clog2(MaxUnits + 1);
  localparam integer SumBits = ((IndexBits > RowBits) ? IndexBits : RowBits) + 1;
  localparam integer FifoBits = PtrBits + ActBits;
  localparam integer LutDepth = 1 << LutBits;
  localparam integer LastUnitInt = MaxUnits - 1;
  localparam [UnitBits-1:0] LastUnit = LastUnitInt[UnitBits-1:0];
  // State registers hold LSTM c (state format) or GRU h (activation format), sign-extended.
  localparam integer SW = (StateBits > ActBits) ? StateBits : ActBits;
  // P * c in accumulator fraction bits: rounded when the state has more fraction bits than the
  // activation, shifted up (exactly) when it has fewer.
  localparam integer PeepUp = (ActFrac > StateFrac) ? ActFrac - StateFrac : 0;
  localparam integer PeepDown = (StateFrac > ActFrac) ? StateFrac - ActFrac : 0;
  localparam integer PeepBits = WeightBits + StateBits + PeepUp;
  // Inputs of the sigmoid and gate tanh indexes: wide enough for every sum they see, exactly.
  localparam integer SigInBits =
      (HasPeep != 0) ? ((AccBits > PeepBits) ? AccBits : PeepBits) + 1 : AccBits;
  localparam integer RhBits = AccBits + ActBits;
  localparam integer SlotSumBits = ((SlotBits > UnitBits) ? SlotBits : UnitBits) + 1;
  localparam integer TanhInBits = (HasGru != 0) ? RhBits + 1 : AccBits;

  // ===== Column broadcast -> activation FIFO
  wire [PtrBits-1:0] col_count;
  wire               fifo_full;
  wire               fifo_empty;
  wire [FifoBits-1:0] fifo_head;
  wire               col_useful = (col_count != {PtrBits{1'b0}});
  wire               push = bc_fire_i && col_useful;

  assign bc_ready_o = !col_useful || !fifo_full;

  if (Dense != 0) begin : gen_dense_count
    rnngen_mux #(.Width(PtrBits), .Count(NumPasses), .SelBits(PassBits)) u_count_mux (
      .data_i(PassCount),
      .sel_i (pass_i),
      .data_o(col_count)
    );
    wire unused_dense = ^{bc_col_next_i, bc_last_i};
  end else begin : gen_csc_count
    wire unused_pass = ^{pass_i, PassCount};
    // Column end pointers; the ROM is read at the next column so col_end matches bc_col.
    wire [PtrBits-1:0] col_end;
    reg  [PtrBits-1:0] col_start_q;
    rnngen_rom #(
      .Width   (PtrBits),
      .Depth   (NumCols),
      .AddrBits(ColBits),
      .File    (PtrFile)
    ) u_ptr_rom (
      .clk_i (clk_i),
      .addr_i(bc_col_next_i),
      .data_o(col_end)
    );
    assign col_count = col_end - col_start_q;
    always @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        col_start_q <= {PtrBits{1'b0}};
      end else if (bc_fire_i) begin
        col_start_q <= bc_last_i ? {PtrBits{1'b0}} : col_end;
      end
    end
  end

  // ===== MAC engine: issue
  reg  [PtrBits-1:0]   rem_q;
  reg  [ActBits-1:0]   act_q;
  reg  [EAddrBits-1:0] eaddr_q;
  wire                 have_col = (rem_q != {PtrBits{1'b0}});
  wire                 issue = have_col || !fifo_empty;
  wire                 pop = !have_col && !fifo_empty;
  wire [PtrBits-1:0]   head_count = fifo_head[FifoBits-1:ActBits];
  wire [ActBits-1:0]   head_act = fifo_head[ActBits-1:0];

  rnngen_fifo #(
    .Width(FifoBits),
    .Depth(FifoDepth)
  ) u_act_fifo (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .push_i (push),
    .data_i ({col_count, bc_data_i}),
    .pop_i  (pop),
    .data_o (fifo_head),
    .empty_o(fifo_empty),
    .full_o (fifo_full)
  );

  reg                s1_valid_q;
  reg                s1_first_q;
  reg  [ActBits-1:0] s1_act_q;

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rem_q <= {PtrBits{1'b0}};
      act_q <= {ActBits{1'b0}};
      eaddr_q <= {EAddrBits{1'b0}};
      s1_valid_q <= 1'b0;
      s1_first_q <= 1'b0;
      s1_act_q <= {ActBits{1'b0}};
    end else begin
      if (step_done_i) begin
        eaddr_q <= {EAddrBits{1'b0}};
      end else if (issue) begin
        eaddr_q <= eaddr_q + 1'b1;
      end
      if (have_col) begin
        rem_q <= rem_q - 1'b1;
      end else if (pop) begin
        rem_q <= head_count - 1'b1;
        act_q <= head_act;
      end
      s1_valid_q <= issue;
      s1_first_q <= pop;
      s1_act_q <= have_col ? act_q : head_act;
    end
  end

  // ===== MAC engine: decode and multiply
  wire [EntryBits-1:0] entry;
  rnngen_rom #(
    .Width   (EntryBits),
    .Depth   (EntryDepth),
    .AddrBits(EAddrBits),
    .File    (EntryFile)
  ) u_entry_rom (
    .clk_i (clk_i),
    .addr_i(eaddr_q),
    .data_o(entry)
  );

  wire [IndexBits-1:0] rel_index;
  if (Dense != 0) begin : gen_dense_index
    assign rel_index = {IndexBits{1'b0}};
  end else begin : gen_csc_index
    assign rel_index = entry[EntryBits-1:WeightBits];
  end

  reg  [RowBits-1:0] row_q;
  wire [SumBits-1:0] row_next_wide = s1_first_q ?
      {{(SumBits - IndexBits){1'b0}}, rel_index} :
      {{(SumBits - RowBits){1'b0}}, row_q} + {{(SumBits - IndexBits){1'b0}}, rel_index} +
      {{(SumBits - 1){1'b0}}, 1'b1};
  wire [RowBits-1:0] row_next = row_next_wide[RowBits-1:0];
  wire unused_row_next = ^row_next_wide[SumBits-1:RowBits];

  reg                s2_valid_q;
  reg  [RowBits-1:0] s2_row_q;

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      row_q <= {RowBits{1'b0}};
      s2_valid_q <= 1'b0;
      s2_row_q <= {RowBits{1'b0}};
    end else begin
      if (s1_valid_q) begin
        row_q <= row_next;
      end
      s2_valid_q <= s1_valid_q;
      s2_row_q <= row_next;
    end
  end

  // ===== MAC engine: multiply (registered in rnngen_mac) and accumulate into row s2_row_q
  // (the spec proves AccBits cannot overflow). One register per row with its own write enable:
  // a decoder, not a shifted write mask.
  wire [Rows*AccBits-1:0]   acc_q;
  wire signed [AccBits-1:0] acc_old;
  rnngen_mux #(.Width(AccBits), .Count(Rows), .SelBits(RowBits)) u_row_mux (
    .data_i(acc_q),
    .sel_i (s2_row_q),
    .data_o(acc_old)
  );
  wire signed [AccBits-1:0] acc_new;

  rnngen_mac #(.WeightBits(WeightBits), .ActBits(ActBits), .AccBits(AccBits)) u_mac (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .weight_i(entry[WeightBits-1:0]),
    .act_i   (s1_act_q),
    .acc_i   (acc_old),
    .acc_o   (acc_new)
  );

  genvar r;
  for (r = 0; r < Rows; r = r + 1) begin : gen_acc
    localparam [RowBits-1:0] RowIdx = r;
    // This row's start value in each pass, and the one to load now.
    wire [NumPasses*AccBits-1:0] row_bias;
    wire [AccBits-1:0]           bias_sel;
    genvar bp;
    for (bp = 0; bp < NumPasses; bp = bp + 1) begin : gen_bias
      assign row_bias[bp*AccBits +: AccBits] = Bias[(bp*Rows + r)*AccBits +: AccBits];
    end
    rnngen_mux #(.Width(AccBits), .Count(NumPasses), .SelBits(PassBits)) u_bias_mux (
      .data_i(row_bias),
      .sel_i (acc_pass_i),
      .data_o(bias_sel)
    );
    reg [AccBits-1:0] acc_row_q;
    always @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        acc_row_q <= row_bias[AccBits-1:0];
      end else if (acc_init_i) begin
        acc_row_q <= bias_sel;
      end else if (s2_valid_q && s2_row_q == RowIdx) begin
        acc_row_q <= acc_new;
      end
    end
    assign acc_q[r*AccBits +: AccBits] = acc_row_q;
  end

  assign idle_o = fifo_empty && !have_col && !s1_valid_q && !s2_valid_q;

  // ===== Element-wise phase
  wire [UnitBits-1:0] unit = ew_unit_i;
  wire [1:0]          phase = ew_phase_i;
  wire [UnitBits-1:0] unit_sel = (unit > LastUnit) ? LastUnit : unit;
  wire [UnitBits-1:0] unit_prev = unit - 1'b1;
  // unit_sel zero-extended for the row and quad selects, which may be wider.
  wire [RowBits+UnitBits-1:0] unit_wide = {{RowBits{1'b0}}, unit_sel};

  // This pass's constants.
  wire [1:0]          op;
  wire                lbr;
  wire [1:0]          act;
  wire [SlotBits-1:0] slot_base;
  wire [UnitBits-1:0] own_units;
  rnngen_mux #(.Width(5), .Count(NumPasses), .SelBits(PassBits)) u_op_mux (
    .data_i(pack_ops(PassOp, PassLbr, PassAct)), .sel_i(pass_i), .data_o({op, lbr, act}));
  rnngen_mux #(.Width(SlotBits), .Count(NumPasses), .SelBits(PassBits)) u_slot_mux (
    .data_i(PassStateBase), .sel_i(pass_i), .data_o(slot_base));
  rnngen_mux #(.Width(UnitBits), .Count(NumPasses), .SelBits(PassBits)) u_units_mux (
    .data_i(PassUnits), .sel_i(pass_i), .data_o(own_units));

  // {op, linear_before_reset, activation} per pass, for one mux.
  function [NumPasses*5-1:0] pack_ops(input [NumPasses*2-1:0] ops, input [NumPasses-1:0] lbrs,
                                      input [NumPasses*2-1:0] acts);
    integer k;
    begin
      for (k = 0; k < NumPasses; k = k + 1) pack_ops[5*k +: 5] = {ops[2*k +: 2], lbrs[k], acts[2*k +: 2]};
    end
  endfunction

  wire is_lstm = (op == 2'd0);
  wire is_gru = (op == 2'd1);
  wire is_reset = (op == 2'd2);
  wire is_dense = (op == 2'd3);
  wire unit_own = (unit < own_units);

  // The unit's four rows are adjacent (row 4u + gate): one word of the quad mux.
  wire [4*AccBits-1:0] quad;
  rnngen_mux #(.Width(4*AccBits), .Count(Quads), .SelBits(QuadBits)) u_quad_mux (
    .data_i(acc_q),
    .sel_i (unit_wide[QuadBits-1:0]),
    .data_o(quad)
  );
  wire unused_unit_wide = ^unit_wide;
  wire signed [AccBits-1:0] acc_0 = quad[0*AccBits +: AccBits];  // lstm i, gru z
  wire signed [AccBits-1:0] acc_1 = quad[1*AccBits +: AccBits];  // lstm o, gru r
  wire signed [AccBits-1:0] acc_2 = quad[2*AccBits +: AccBits];  // lstm f, gru hx
  wire signed [AccBits-1:0] acc_3 = quad[3*AccBits +: AccBits];  // lstm c, gru hh

  // Dense passes: one row per unit.
  wire signed [AccBits-1:0] acc_row;
  if (HasDense != 0) begin : gen_row_mux
    rnngen_mux #(.Width(AccBits), .Count(Rows), .SelBits(RowBits)) u_unit_row_mux (
      .data_i(acc_q),
      .sel_i (unit_wide[RowBits-1:0]),
      .data_o(acc_row)
    );
  end else begin : gen_no_row_mux
    assign acc_row = {AccBits{1'b0}};
  end

  // State: one register per slot; a pass's bank starts at slot_base.
  wire [StateSlots*SW-1:0] state_q;
  wire [SlotSumBits-1:0]   slot_wide = {{(SlotSumBits - SlotBits){1'b0}}, slot_base} +
                                       {{(SlotSumBits - UnitBits){1'b0}}, unit_sel};
  wire [SlotBits-1:0]      slot = slot_wide[SlotBits-1:0];
  wire unused_slot = ^slot_wide[SlotSumBits-1:SlotBits];
  wire [SW-1:0]            state_old;
  rnngen_mux #(.Width(SW), .Count(StateSlots), .SelBits(SlotBits)) u_state_mux (
    .data_i(state_q),
    .sel_i (slot),
    .data_o(state_old)
  );
  wire signed [StateBits-1:0] c_old = state_old[StateBits-1:0];
  wire signed [ActBits-1:0]   h_old = state_old[ActBits-1:0];

  wire signed [ActBits-1:0] sig_q;
  wire signed [ActBits-1:0] tanh_q;

  // Sigmoid input: lstm i, f, o (with peepholes); gru r, z; dense its row.
  wire signed [AccBits-1:0] sig_acc =
      is_dense ? acc_row :
      (phase == 2'd0) ? (is_lstm ? acc_0 : acc_1) :
      (phase == 2'd1) ? (is_lstm ? acc_2 : acc_0) : acc_1;
  wire signed [SigInBits-1:0] sig_in;
  if (HasPeep != 0) begin : gen_peep
    wire [MaxUnits*3*WeightBits-1:0] pass_peep;
    wire [3*WeightBits-1:0]          unit_peep;
    rnngen_mux #(.Width(MaxUnits*3*WeightBits), .Count(NumPasses), .SelBits(PassBits)) u_pp_mux (
      .data_i(Peep), .sel_i(pass_i), .data_o(pass_peep));
    rnngen_mux #(.Width(3*WeightBits), .Count(MaxUnits), .SelBits(UnitBits)) u_peep_mux (
      .data_i(pass_peep), .sel_i(unit_sel), .data_o(unit_peep));
    // i and f see c_{t-1}; o (phase 3) sees c_t, written in phase 2.
    wire signed [WeightBits-1:0] p_sel =
        (phase == 2'd0) ? unit_peep[0*WeightBits +: WeightBits] :
        (phase == 2'd1) ? unit_peep[2*WeightBits +: WeightBits] :
                          unit_peep[1*WeightBits +: WeightBits];
    wire signed [WeightBits+StateBits-1:0] pc = p_sel * c_old;
    wire signed [PeepBits-1:0] peep_term;
    if (PeepUp > 0) begin : gen_up
      assign peep_term = {pc, {PeepUp{1'b0}}};
    end else begin : gen_down
      rnngen_requant #(.InBits(PeepBits), .Shift(PeepDown), .OutBits(PeepBits)) u_peep_rq (
        .in_i (pc),
        .out_o(peep_term)
      );
    end
    wire signed [PeepBits-1:0] peep_used = is_lstm ? peep_term : {PeepBits{1'b0}};
    assign sig_in = {{(SigInBits - AccBits){sig_acc[AccBits-1]}}, sig_acc} +
                    {{(SigInBits - PeepBits){peep_used[PeepBits-1]}}, peep_used};
  end else begin : gen_no_peep
    assign sig_in = sig_acc;
    wire unused_peep = ^Peep;
  end

  // Gate tanh input: lstm c~; gru hx + r*hh (linear_before_reset: r is sigmoid of phase 0) or
  // hx + hh; dense its row.
  wire signed [TanhInBits-1:0] tanh_in;
  if (HasGru != 0) begin : gen_gru_in
    wire signed [RhBits-1:0] r_hh = sig_q * acc_3;
    wire signed [RhBits-1:0] r_hh_rq;
    rnngen_requant #(.InBits(RhBits), .Shift(ActFrac), .OutBits(RhBits)) u_rh_rq (
      .in_i (r_hh),
      .out_o(r_hh_rq)
    );
    wire signed [RhBits-1:0] hh_term = lbr ? r_hh_rq : {{ActBits{acc_3[AccBits-1]}}, acc_3};
    wire signed [TanhInBits-1:0] gru_in = {{(ActBits + 1){acc_2[AccBits-1]}}, acc_2} +
                                          {hh_term[RhBits-1], hh_term};
    wire signed [AccBits-1:0] plain_in = is_dense ? acc_row : acc_3;
    assign tanh_in = is_gru ? gru_in : {{(TanhInBits - AccBits){plain_in[AccBits-1]}}, plain_in};
  end else begin : gen_no_gru_in
    assign tanh_in = is_dense ? acc_row : acc_3;
    wire unused_lbr = lbr;
  end

  wire [LutBits-1:0] sig_addr;
  wire [LutBits-1:0] tanh_gate_addr;
  wire [LutBits-1:0] tanh_state_addr;
  rnngen_act_index #(.InBits(SigInBits), .Shift(AccShift), .LutBits(LutBits)) u_sig_index (
    .in_i  (sig_in),
    .addr_o(sig_addr)
  );
  rnngen_act_index #(.InBits(TanhInBits), .Shift(AccShift), .LutBits(LutBits)) u_tanh_gate_index (
    .in_i  (tanh_in),
    .addr_o(tanh_gate_addr)
  );
  rnngen_act_index #(.InBits(StateBits), .Shift(StateShift), .LutBits(LutBits)) u_tanh_state_index (
    .in_i  (c_old),
    .addr_o(tanh_state_addr)
  );
  rnngen_rom #(.Width(ActBits), .Depth(LutDepth), .AddrBits(LutBits), .File(SigFile)) u_sig_rom (
    .clk_i (clk_i),
    .addr_i(sig_addr),
    .data_o(sig_q)
  );
  rnngen_rom #(.Width(ActBits), .Depth(LutDepth), .AddrBits(LutBits), .File(TanhFile)) u_tanh_rom (
    .clk_i (clk_i),
    .addr_i((is_lstm && phase == 2'd3) ? tanh_state_addr : tanh_gate_addr),
    .data_o(tanh_q)
  );

  // LSTM: i*g, then c = f*c + i*g, then h = o * tanh(c), with their narrowing points.
  reg  signed [2*ActBits-1:0] ig_q;
  wire signed [2*ActBits-1:0] ig_prod = sig_q * tanh_q;
  wire signed [ActBits+StateBits-1:0] fc_prod = sig_q * c_old;
  wire signed [StateBits:0]   fc_part;
  wire signed [StateBits:0]   ig_part;
  wire signed [StateBits-1:0] c_new;
  wire signed [ActBits-1:0]   lstm_h;
  rnngen_requant #(.InBits(ActBits+StateBits), .Shift(ActFrac), .OutBits(StateBits+1)) u_fc_rq (
    .in_i (fc_prod),
    .out_o(fc_part)
  );
  rnngen_requant #(.InBits(2*ActBits), .Shift(2*ActFrac-StateFrac), .OutBits(StateBits+1))
      u_ig_rq (
    .in_i (ig_q),
    .out_o(ig_part)
  );
  rnngen_requant #(.InBits(StateBits+2), .Shift(0), .OutBits(StateBits)) u_c_sat (
    .in_i ({fc_part[StateBits], fc_part} + {ig_part[StateBits], ig_part}),
    .out_o(c_new)
  );
  rnngen_requant #(.InBits(2*ActBits), .Shift(ActFrac), .OutBits(ActBits)) u_h_rq (
    .in_i (ig_prod),
    .out_o(lstm_h)
  );

  // GRU: h = n + z*(h - n) = (n * 2^ActFrac + z*(h - n)) >> ActFrac, one narrowing point;
  // r * h for the first pass without linear_before_reset.
  wire signed [ActBits:0]     h_diff = {h_old[ActBits-1], h_old} - {tanh_q[ActBits-1], tanh_q};
  wire signed [2*ActBits:0]   z_diff = sig_q * h_diff;
  wire signed [2*ActBits+1:0] gru_sum =
      {{(ActBits + 2 - ActFrac){tanh_q[ActBits-1]}}, tanh_q, {ActFrac{1'b0}}} +
      {z_diff[2*ActBits], z_diff};
  wire signed [ActBits-1:0]   gru_h;
  wire signed [ActBits-1:0]   reset_h;
  rnngen_requant #(.InBits(2*ActBits+2), .Shift(ActFrac), .OutBits(ActBits)) u_gru_rq (
    .in_i (gru_sum),
    .out_o(gru_h)
  );
  wire signed [2*ActBits-1:0] rh_prod = sig_q * h_old;
  rnngen_requant #(.InBits(2*ActBits), .Shift(ActFrac), .OutBits(ActBits)) u_reset_rq (
    .in_i (rh_prod),
    .out_o(reset_h)
  );

  // Dense: the row requantised to the activation format (relu: clamped at 0).
  wire signed [ActBits-1:0] lin;
  rnngen_requant #(.InBits(AccBits), .Shift(WeightFrac), .OutBits(ActBits)) u_lin_rq (
    .in_i (acc_row),
    .out_o(lin)
  );
  wire signed [ActBits-1:0] lin_act = (act == 2'd1 && lin[ActBits-1]) ? {ActBits{1'b0}} : lin;

  reg signed [ActBits-1:0] out_q;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ig_q <= {(2*ActBits){1'b0}};
      out_q <= {ActBits{1'b0}};
    end else begin
      if (is_lstm && phase == 2'd1) begin
        ig_q <= ig_prod;
      end
      if (is_gru && phase == 2'd2) begin
        out_q <= gru_h;
      end else if (is_reset && phase == 2'd1) begin
        out_q <= reset_h;
      end else if (is_dense) begin
        out_q <= lin_act;
      end
    end
  end

  // State slots, written in phase 2 of an owned unit: lstm c, gru h.
  wire             state_we = unit_own && phase == 2'd2 && (is_lstm || is_gru);
  wire [SW-1:0]    state_new = is_lstm ? {{(SW - StateBits){c_new[StateBits-1]}}, c_new} :
                                         {{(SW - ActBits){gru_h[ActBits-1]}}, gru_h};
  genvar u;
  for (u = 0; u < StateSlots; u = u + 1) begin : gen_state
    localparam [SlotBits-1:0] SlotIdx = u;
    reg [SW-1:0] slot_q;
    always @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        slot_q <= {SW{1'b0}};
      end else if (state_we && slot == SlotIdx) begin
        slot_q <= state_new;
      end
    end
    assign state_q[u*SW +: SW] = slot_q;
  end

  // The previous unit's result leaves in phase 0.
  assign h_valid_o = (phase == 2'd0) && (unit != {UnitBits{1'b0}}) && (unit_prev < own_units);
  assign h_data_o = is_lstm ? lstm_h :
                    (is_dense && act == 2'd2) ? sig_q :
                    (is_dense && act == 2'd3) ? tanh_q : out_q;

endmodule
