// rnngen_pe_ew: the element-wise cell of a PE: the update of each owned unit from its
// accumulator rows, the unit's state, and the two activation tables.
//
// Schedule of a pass, by its op (ew_unit_i, ew_phase_i; unit u's result leaves at phase 0 of
// unit u+1). LUT reads are synchronous: an address set in one phase is read in the next.
//   lstm  (4 rows i, o, f, c; state c):
//     0: sigmoid(i + P_i c), tanh(c~)   1: i*g; sigmoid(f + P_f c)   2: c = f*c + i*g
//     3: sigmoid(o + P_o c), tanh(c)    next 0: h = o * tanh(c)
//   gru   (4 rows z, r, hx, hh; state h):
//     0: sigmoid(r)   1: sigmoid(z), tanh(hx + r*hh) (or hx + hh)   2: h = n + z*(h - n)   3: -
//   gru_reset (first pass of a GRU without linear_before_reset; state h):
//     0: sigmoid(r)   1: r * h
//   dense (1 row): 0: LUT read / linear or relu value   next 0: out
// Every product of the schedule is sigmoid * something, one a phase: one multiplier serves them.
//
// Accumulator rows: one read a cycle (the PEs' accumulator RAM has one port for this cell), at
// row_addr_o, data the next cycle; a row is read in the phase before the one that uses it, some
// a unit ahead ("next": the next slot's unit and member), and two are held:
//   lstm   0: f   1: i next (held from phase 2)   2: o   3: c~ next
//   gru    0: z   1: hh next (held from phase 2)  2: hx next (held from phase 3)   3: r next
//   gru_reset   1: r next        dense   0: the row next
// so a phase starts in a prologue slot before slot 0 (ew_pro_i), at phase 1 (dense: 0), whose
// reads fetch slot 0's first rows and which changes no state (model/program.h EwPrologue).
// The cell may serve Group PEs (its members): the sequencer's slots take unit u of each member in
// turn (ew_member_i), each member with its own accumulators (row_i), state words, unit count and
// peepholes; a slot's result leaves at phase 0 of the next slot, flagged for its member.
// The accumulator rows and the state are RAM with synchronous reads, so this cell names the
// words it needs one cycle ahead (ew_unit_next_i: the unit of the next cycle); the state written
// in phase 2 and read again in phase 3 is forwarded.
// Rounding and saturation at each narrowing point follow docs/arithmetic.md.
module rnngen_pe_ew #(
  parameter integer Group = 1,
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
  parameter integer LutBits = 10,
  parameter integer AccShift = 14,
  parameter integer StateShift = 8,
  parameter integer HasPeep = 0,
  parameter integer HasGru = 0,
  parameter SigFile = "sigmoid.hex",
  parameter TanhFile = "tanh.hex",
  // Per pass p: op (0 lstm, 1 gru, 2 gru_reset, 3 dense), linear_before_reset, head activation
  // (0 none, 1 relu, 2 sigmoid, 3 tanh), first state slot; each member's units
  // ([(m*NumPasses + p)*UnitBits +: UnitBits]).
  parameter [NumPasses*2-1:0] PassOp = 0,
  parameter [NumPasses-1:0] PassLbr = 0,
  parameter [NumPasses*2-1:0] PassAct = 0,
  parameter [NumPasses*((StateSlots > 1) ? $clog2(StateSlots) : 1)-1:0] PassStateBase = 0,
  parameter [Group*NumPasses*$clog2(MaxUnits+1)-1:0] PassUnits = 0,
  // Peepholes by member, pass and unit ([(((m*NumPasses + p)*MaxUnits + u)*3 + k)*WeightBits +:
  // WeightBits], k: P_i, P_o, P_f).
  parameter [Group*NumPasses*MaxUnits*3*WeightBits-1:0] Peep = 0
) (
  input  wire                                      clk_i,
  input  wire                                      rst_ni,
  input  wire [((NumPasses > 1) ? $clog2(NumPasses) : 1)-1:0] pass_i,
  input  wire [$clog2(MaxUnits+1)-1:0]             ew_unit_i,
  input  wire [$clog2(MaxUnits+1)-1:0]             ew_unit_next_i,
  input  wire [((Group > 1) ? $clog2(Group) : 1)-1:0] ew_member_i,
  input  wire [((Group > 1) ? $clog2(Group) : 1)-1:0] ew_member_next_i,
  input  wire [1:0]                                ew_phase_i,
  input  wire                                      ew_pro_i,
  // The accumulator row read this cycle (every member's RAM reads it); each member's row, the
  // next cycle.
  output wire [((Rows > 1) ? $clog2(Rows) : 1)-1:0] row_addr_o,
  input  wire [Group*AccBits-1:0]                  row_i,
  output wire [Group-1:0]                          h_valid_o,
  output wire [ActBits-1:0]                        h_data_o
);

  // Pass codes (the generator rewrites this block from model/program.h and spec/spec.h).
  // rnngen:codes begin
  /* verilator lint_off UNUSEDPARAM */
  localparam [1:0] OpLstm = 2'd0;
  localparam [1:0] OpGru = 2'd1;
  localparam [1:0] OpGruReset = 2'd2;
  localparam [1:0] OpDense = 2'd3;
  localparam [1:0] ActNone = 2'd0;
  localparam [1:0] ActRelu = 2'd1;
  localparam [1:0] ActSigmoid = 2'd2;
  localparam [1:0] ActTanh = 2'd3;
  localparam [1:0] RowI = 2'd0;
  localparam [1:0] RowO = 2'd1;
  localparam [1:0] RowF = 2'd2;
  localparam [1:0] RowC = 2'd3;
  localparam [1:0] RowZ = 2'd0;
  localparam [1:0] RowR = 2'd1;
  localparam [1:0] RowHx = 2'd2;
  localparam [1:0] RowHh = 2'd3;
  /* verilator lint_on UNUSEDPARAM */
  // rnngen:codes end
  localparam integer RowBits = (Rows > 1) ? $clog2(Rows) : 1;
  localparam integer PassBits = (NumPasses > 1) ? $clog2(NumPasses) : 1;
  localparam integer SlotBits = (StateSlots > 1) ? $clog2(StateSlots) : 1;
  localparam integer UnitBits = $clog2(MaxUnits + 1);
  localparam integer MemberBits = (Group > 1) ? $clog2(Group) : 1;
  localparam integer LastMemberInt = Group - 1;
  localparam [MemberBits-1:0] LastMember = LastMemberInt[MemberBits-1:0];
  localparam integer PeepBlock = NumPasses*MaxUnits*3*WeightBits;
  localparam integer LutDepth = 1 << LutBits;
  localparam integer LastUnitInt = MaxUnits - 1;
  localparam [UnitBits-1:0] LastUnit = LastUnitInt[UnitBits-1:0];
  // State words hold LSTM c (state format) or GRU h (activation format), sign-extended.
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
  // The shared multiplier's second operand: tanh or h - n (ActBits + 1), c (StateBits), and with
  // a GRU the hh row (AccBits); one bit more than the widest, so that every operand is
  // sign-extended by at least one bit (the product's top bit is never used).
  localparam integer MulBBase = (ActBits + 1 > StateBits) ? ActBits + 1 : StateBits;
  localparam integer MulB = ((HasGru != 0 && AccBits > MulBBase) ? AccBits : MulBBase) + 1;
  localparam integer ProdBits = ActBits + MulB;

  wire [UnitBits-1:0] unit = ew_unit_i;
  wire [1:0]          phase = ew_phase_i;
  wire [UnitBits-1:0] unit_sel = (unit > LastUnit) ? LastUnit : unit;
  wire [UnitBits-1:0] unit_next_sel = (ew_unit_next_i > LastUnit) ? LastUnit : ew_unit_next_i;
  wire [MemberBits-1:0] member = ew_member_i;
  // The slot before: its result leaves now.
  wire                  first_member = (member == {MemberBits{1'b0}});
  wire [UnitBits-1:0]   unit_prev = first_member ? unit - 1'b1 : unit;
  wire [MemberBits-1:0] member_prev = first_member ? LastMember : member - 1'b1;

  // This pass's constants.
  wire [1:0]          op;
  wire                lbr;
  wire [1:0]          act;
  wire [SlotBits-1:0] slot_base;
  wire [UnitBits-1:0] own_units;
  wire [UnitBits-1:0] prev_units;
  rnngen_mux #(.Width(5), .Count(NumPasses), .SelBits(PassBits)) u_op_mux (
    .data_i(pack_ops(PassOp, PassLbr, PassAct)), .sel_i(pass_i), .data_o({op, lbr, act}));
  rnngen_mux #(.Width(SlotBits), .Count(NumPasses), .SelBits(PassBits)) u_slot_mux (
    .data_i(PassStateBase), .sel_i(pass_i), .data_o(slot_base));
  wire [Group*UnitBits-1:0] member_units;
  genvar m;
  for (m = 0; m < Group; m = m + 1) begin : gen_member_units
    rnngen_mux #(.Width(UnitBits), .Count(NumPasses), .SelBits(PassBits)) u_units_mux (
      .data_i(PassUnits[m*NumPasses*UnitBits +: NumPasses*UnitBits]), .sel_i(pass_i),
      .data_o(member_units[m*UnitBits +: UnitBits]));
  end
  rnngen_mux #(.Width(UnitBits), .Count(Group), .SelBits(MemberBits)) u_own_mux (
    .data_i(member_units), .sel_i(member), .data_o(own_units));
  rnngen_mux #(.Width(UnitBits), .Count(Group), .SelBits(MemberBits)) u_prev_mux (
    .data_i(member_units), .sel_i(member_prev), .data_o(prev_units));

  // {op, linear_before_reset, activation} per pass, for one mux.
  function [NumPasses*5-1:0] pack_ops(input [NumPasses*2-1:0] ops, input [NumPasses-1:0] lbrs,
                                      input [NumPasses*2-1:0] acts);
    integer k;
    begin
      for (k = 0; k < NumPasses; k = k + 1) pack_ops[5*k +: 5] = {ops[2*k +: 2], lbrs[k], acts[2*k +: 2]};
    end
  endfunction

  wire is_lstm = (op == OpLstm);
  wire is_gru = (op == OpGru);
  wire is_reset = (op == OpGruReset);
  wire is_dense = (op == OpDense);
  wire unit_own = (unit < own_units);

  // ===== Accumulator rows (header): unit u's row 4u + gate, or a dense pass's row u.
  localparam integer ReadBits = UnitBits + 2;
  wire                  member_last = (member == LastMember);
  // {the next slot's?, gate} of this cycle's read.
  wire                  rd_next;
  wire [1:0]            rd_gate;
  assign {rd_next, rd_gate} =
      is_dense ? {1'b1, 2'd0} :
      is_lstm ? ((phase == 2'd0) ? {1'b0, RowF} : (phase == 2'd1) ? {1'b1, RowI} :
                 (phase == 2'd2) ? {1'b0, RowO} : {1'b1, RowC}) :
      is_gru ? ((phase == 2'd0) ? {1'b0, RowZ} : (phase == 2'd1) ? {1'b1, RowHh} :
                (phase == 2'd2) ? {1'b1, RowHx} : {1'b1, RowR}) :
      {1'b1, RowR};
  // The next slot: the prologue's is slot 0, its own.
  wire                  advance = rd_next && !ew_pro_i;
  wire [UnitBits-1:0]   rd_unit = (advance && member_last) ? unit + 1'b1 : unit;
  wire [MemberBits-1:0] rd_member = !advance ? member :
                                    member_last ? {MemberBits{1'b0}} : member + 1'b1;
  wire [ReadBits-1:0]   rd_row = is_dense ? {2'b00, rd_unit} : {rd_unit, rd_gate};
  assign row_addr_o = rd_row[RowBits-1:0];
  wire unused_rd_row = ^rd_row;
  reg  [MemberBits-1:0] rd_member_q;
  wire [AccBits-1:0]    row;
  rnngen_mux #(.Width(AccBits), .Count(Group), .SelBits(MemberBits)) u_row_mux (
    .data_i(row_i), .sel_i(rd_member_q), .data_o(row));
  reg  [AccBits-1:0]    hold_a_q;
  reg  [AccBits-1:0]    hold_b_q;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rd_member_q <= {MemberBits{1'b0}};
      hold_a_q <= {AccBits{1'b0}};
      hold_b_q <= {AccBits{1'b0}};
    end else begin
      rd_member_q <= rd_member;
      if (phase == 2'd2) hold_b_q <= row;
      if (phase == 2'd3) hold_a_q <= row;
    end
  end
  // Where each row is in the phases that use it (header).
  wire signed [AccBits-1:0] acc_0 = is_lstm ? hold_b_q : row;  // lstm i (0), gru z (1)
  wire signed [AccBits-1:0] acc_1 = row;                       // lstm o (3), gru r (0)
  wire signed [AccBits-1:0] acc_2 = is_lstm ? row : hold_a_q;  // lstm f (1), gru hx (1)
  wire signed [AccBits-1:0] acc_3 = is_lstm ? row : hold_b_q;  // lstm c~ (0), gru hh (1)
  wire signed [AccBits-1:0] acc_row = row;                     // dense

  // ===== State: one RAM word per slot and member (word {member, slot}); a pass's bank starts at
  // slot_base. A slot reads as zero until its first write after reset.
  wire [SlotSumBits-1:0] slot_wide = {{(SlotSumBits - SlotBits){1'b0}}, slot_base} +
                                     {{(SlotSumBits - UnitBits){1'b0}}, unit_sel};
  wire [SlotSumBits-1:0] slot_next_wide = {{(SlotSumBits - SlotBits){1'b0}}, slot_base} +
                                          {{(SlotSumBits - UnitBits){1'b0}}, unit_next_sel};
  wire [SlotBits-1:0]    slot = slot_wide[SlotBits-1:0];
  wire [SlotBits-1:0]    slot_next = slot_next_wide[SlotBits-1:0];
  wire unused_slot = ^{slot_wide[SlotSumBits-1:SlotBits], slot_next_wide[SlotSumBits-1:SlotBits]};
  wire                   state_we;
  wire [SW-1:0]          state_new;
  wire [SW-1:0]          state_rd;
  reg  [Group*StateSlots-1:0] state_written_q;
  reg                    state_fwd_q;
  reg  [SW-1:0]          state_fwd_data_q;
  wire [StateSlots-1:0]  member_written;
  wire                   slot_written;
  localparam integer SAddrBits = SlotBits + ((Group > 1) ? MemberBits : 0);
  wire [SAddrBits-1:0]   saddr;
  wire [SAddrBits-1:0]   saddr_next;
  if (Group > 1) begin : gen_member_addr
    assign saddr = {member, slot};
    assign saddr_next = {ew_member_next_i, slot_next};
  end else begin : gen_addr
    assign saddr = slot;
    assign saddr_next = slot_next;
    wire unused_member_next = ^ew_member_next_i;
  end
  rnngen_ram #(.Width(SW), .AddrBits(SAddrBits)) u_state_ram (
    .clk_i    (clk_i),
    .we_i     (state_we),
    .wr_addr_i(saddr),
    .wr_data_i(state_new),
    .rd_addr_i(saddr_next),
    .rd_data_o(state_rd)
  );
  rnngen_mux #(.Width(StateSlots), .Count(Group), .SelBits(MemberBits)) u_member_written_mux (
    .data_i(state_written_q), .sel_i(member), .data_o(member_written));
  rnngen_mux #(.Width(1), .Count(StateSlots), .SelBits(SlotBits)) u_written_mux (
    .data_i(member_written), .sel_i(slot), .data_o(slot_written));
  wire [SW-1:0] state_old = state_fwd_q ? state_fwd_data_q :
                            slot_written ? state_rd : {SW{1'b0}};
  wire signed [StateBits-1:0] c_old = state_old[StateBits-1:0];
  wire signed [ActBits-1:0]   h_old = state_old[ActBits-1:0];

  wire [Group*StateSlots-1:0] slot_hit;
  genvar u;
  for (m = 0; m < Group; m = m + 1) begin : gen_member_hit
    localparam [MemberBits-1:0] MemberIdx = m;
    for (u = 0; u < StateSlots; u = u + 1) begin : gen_slot_hit
      localparam [SlotBits-1:0] SlotIdx = u;
      assign slot_hit[m*StateSlots + u] = state_we && (member == MemberIdx) && (slot == SlotIdx);
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_written_q <= {(Group*StateSlots){1'b0}};
    end else begin
      state_written_q <= state_written_q | slot_hit;
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_fwd_q <= 1'b0;
      state_fwd_data_q <= {SW{1'b0}};
    end else begin
      state_fwd_q <= state_we && (saddr_next == saddr);
      state_fwd_data_q <= state_new;
    end
  end

  wire signed [ActBits-1:0] sig_q;
  wire signed [ActBits-1:0] tanh_q;

  // Sigmoid input: lstm i, f, o (with peepholes); gru r, z; dense its row.
  wire signed [AccBits-1:0] sig_acc =
      is_dense ? acc_row :
      (phase == 2'd0) ? (is_lstm ? acc_0 : acc_1) :
      (phase == 2'd1) ? (is_lstm ? acc_2 : acc_0) : acc_1;
  wire signed [SigInBits-1:0] sig_in;
  if (HasPeep != 0) begin : gen_peep
    wire [PeepBlock-1:0]             member_peep;
    wire [MaxUnits*3*WeightBits-1:0] pass_peep;
    rnngen_mux #(.Width(PeepBlock), .Count(Group), .SelBits(MemberBits)) u_mp_mux (
      .data_i(Peep), .sel_i(member), .data_o(member_peep));
    wire [3*WeightBits-1:0]          unit_peep;
    rnngen_mux #(.Width(MaxUnits*3*WeightBits), .Count(NumPasses), .SelBits(PassBits)) u_pp_mux (
      .data_i(member_peep), .sel_i(pass_i), .data_o(pass_peep));
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

  // ===== The multiplier: sigmoid times the operand of this phase (header).
  wire signed [ActBits:0] h_diff = {h_old[ActBits-1], h_old} - {tanh_q[ActBits-1], tanh_q};
  wire signed [MulB-1:0]  mul_b_hh;
  wire signed [MulB-1:0]  mul_b =
      (is_lstm && phase == 2'd2) ? {{(MulB - StateBits){c_old[StateBits-1]}}, c_old} :
      is_lstm ? {{(MulB - ActBits){tanh_q[ActBits-1]}}, tanh_q} :
      is_reset ? {{(MulB - ActBits){h_old[ActBits-1]}}, h_old} :
      (phase == 2'd2) ? {{(MulB - ActBits - 1){h_diff[ActBits]}}, h_diff} :
      mul_b_hh;
  wire signed [ProdBits-1:0] prod = sig_q * mul_b;
  wire unused_prod_top = prod[ProdBits-1];

  // Gate tanh input: lstm c~; gru hx + r*hh (linear_before_reset: r is sigmoid of phase 0) or
  // hx + hh; dense its row.
  wire signed [TanhInBits-1:0] tanh_in;
  if (HasGru != 0) begin : gen_gru_in
    assign mul_b_hh = {{(MulB - AccBits){acc_3[AccBits-1]}}, acc_3};
    wire signed [RhBits-1:0] r_hh = prod[RhBits-1:0];
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
    assign mul_b_hh = {MulB{1'b0}};
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
  wire signed [2*ActBits-1:0] ig_prod = prod[2*ActBits-1:0];
  wire signed [ActBits+StateBits-1:0] fc_prod = prod[ActBits+StateBits-1:0];
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
  wire signed [2*ActBits:0]   z_diff = prod[2*ActBits:0];
  wire signed [2*ActBits+1:0] gru_sum =
      {{(ActBits + 2 - ActFrac){tanh_q[ActBits-1]}}, tanh_q, {ActFrac{1'b0}}} +
      {z_diff[2*ActBits], z_diff};
  wire signed [ActBits-1:0]   gru_h;
  wire signed [ActBits-1:0]   reset_h;
  rnngen_requant #(.InBits(2*ActBits+2), .Shift(ActFrac), .OutBits(ActBits)) u_gru_rq (
    .in_i (gru_sum),
    .out_o(gru_h)
  );
  wire signed [2*ActBits-1:0] rh_prod = prod[2*ActBits-1:0];
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
  wire signed [ActBits-1:0] lin_act = (act == ActRelu && lin[ActBits-1]) ? {ActBits{1'b0}} : lin;

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

  // State written in phase 2 of an owned unit: lstm c, gru h.
  assign state_we = unit_own && !ew_pro_i && phase == 2'd2 && (is_lstm || is_gru);
  assign state_new = is_lstm ? {{(SW - StateBits){c_new[StateBits-1]}}, c_new} :
                               {{(SW - ActBits){gru_h[ActBits-1]}}, gru_h};

  // The previous slot's result leaves in phase 0.
  wire h_valid = (phase == 2'd0) && !(unit == {UnitBits{1'b0}} && first_member) &&
                 (unit_prev < prev_units);
  for (m = 0; m < Group; m = m + 1) begin : gen_h_valid
    localparam [MemberBits-1:0] MemberIdx = m;
    assign h_valid_o[m] = h_valid && (member_prev == MemberIdx);
  end
  assign h_data_o = is_lstm ? lstm_h :
                    (is_dense && act == ActSigmoid) ? sig_q :
                    (is_dense && act == ActTanh) ? tanh_q : out_q;

endmodule
