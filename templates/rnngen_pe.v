// rnngen_pe: one processing element of the sparse LSTM array (EIE/ESE lineage).
//
// The PE owns NumUnits hidden units and all four gate rows of each (local row 4*u + g, gates in
// ONNX order i, o, f, c), so the cell update stays local and only h is broadcast.
//
// MAC phase: the broadcaster presents one activation per column (x_t, then h_{t-1}). The PE keeps
// the columns it has entries in, with their entry count, in an activation FIFO; the MAC engine
// pops them and walks its encoded non-zeros at one MAC per cycle, with no bubble between columns:
//   issue (entry ROM address) -> decode row, multiply -> accumulate into acc_q[row]
// (multiply and accumulate: rnngen_mac).
// Csc entries are {relative row index, weight}: the index counts the zero rows skipped since the
// previous entry of the column (or since row 0); padding entries carry weight 0.
// Dense entries are bare weights for every row of every column.
//
// Element-wise phase, driven by ew_step_i (4 steps per unit, units overlapped by one step):
//   step 4u+0: LUT reads sigmoid(i), tanh(g)     step 4u+2: c = f*c + i*g; LUT read sigmoid(o)
//   step 4u+1: i*g; LUT read sigmoid(f)          step 4u+3: LUT read tanh(c)
//   step 4u+4: h = o * tanh(c) out (together with step 0 of the next unit)
// Rounding and saturation at each narrowing point follow docs/arithmetic.md.
module rnngen_pe #(
  parameter integer Dense = 0,
  parameter integer NumCols = 4,
  parameter integer MaxUnits = 1,
  parameter integer NumUnits = 1,
  parameter integer WeightBits = 8,
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
  parameter EntryFile = "entries.hex",
  parameter PtrFile = "ptr.hex",
  parameter SigFile = "sigmoid.hex",
  parameter TanhFile = "tanh.hex",
  parameter [4*MaxUnits*AccBits-1:0] Bias = {(4*MaxUnits*AccBits){1'b0}}
) (
  input  wire                                      clk_i,
  input  wire                                      rst_ni,
  // Column broadcast.
  input  wire [((NumCols > 1) ? $clog2(NumCols) : 1)-1:0] bc_col_next_i,
  input  wire                                      bc_fire_i,
  input  wire                                      bc_last_i,
  input  wire [ActBits-1:0]                        bc_data_i,
  output wire                                      bc_ready_o,
  output wire                                      idle_o,
  // Step control.
  input  wire                                      acc_init_i,
  input  wire [$clog2(4*MaxUnits+1)-1:0]           ew_step_i,
  output wire                                      h_valid_o,
  output wire [ActBits-1:0]                        h_data_o
);

  localparam integer Rows = 4 * MaxUnits;
  localparam integer RowBits = (Rows > 1) ? $clog2(Rows) : 1;
  localparam integer ColBits = (NumCols > 1) ? $clog2(NumCols) : 1;
  localparam integer EntryBits = (Dense != 0) ? WeightBits : IndexBits + WeightBits;
  // The entry address wraps after the last entry of a full memory; nothing is read then.
  localparam integer EAddrBits = (EntryDepth > 1) ? $clog2(EntryDepth) : 1;
  localparam integer StepBits = $clog2(4 * MaxUnits + 1);
  localparam integer UnitBits = StepBits - 2;
  localparam integer SumBits = ((IndexBits > RowBits) ? IndexBits : RowBits) + 1;
  localparam integer FifoBits = PtrBits + ActBits;
  localparam integer LutDepth = 1 << LutBits;
  localparam integer DenseCountInt = 4 * NumUnits;
  localparam [PtrBits-1:0] DenseCount = DenseCountInt[PtrBits-1:0];
  localparam integer LastUnitInt = MaxUnits - 1;
  localparam [UnitBits-1:0] LastUnit = LastUnitInt[UnitBits-1:0];
  localparam integer OwnUnitsInt = NumUnits;
  localparam [UnitBits-1:0] OwnUnits = OwnUnitsInt[UnitBits-1:0];

  // ===== Column broadcast -> activation FIFO
  wire [PtrBits-1:0] col_count;
  wire               fifo_full;
  wire               fifo_empty;
  wire [FifoBits-1:0] fifo_head;
  wire               col_useful = (col_count != {PtrBits{1'b0}});
  wire               push = bc_fire_i && col_useful;

  assign bc_ready_o = !col_useful || !fifo_full;

  if (Dense != 0) begin : gen_dense_count
    assign col_count = DenseCount;
    wire unused_dense = ^{bc_col_next_i, bc_last_i};
  end else begin : gen_csc_count
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
      if (acc_init_i) begin
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
    localparam [AccBits-1:0] RowBias = Bias[r*AccBits +: AccBits];
    reg [AccBits-1:0] acc_row_q;
    always @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        acc_row_q <= RowBias;
      end else if (acc_init_i) begin
        acc_row_q <= RowBias;
      end else if (s2_valid_q && s2_row_q == RowIdx) begin
        acc_row_q <= acc_new;
      end
    end
    assign acc_q[r*AccBits +: AccBits] = acc_row_q;
  end

  assign idle_o = fifo_empty && !have_col && !s1_valid_q && !s2_valid_q;

  // ===== Element-wise phase
  wire [1:0]          phase = ew_step_i[1:0];
  wire [UnitBits-1:0] unit = ew_step_i[StepBits-1:2];
  wire [UnitBits-1:0] unit_sel = (unit > LastUnit) ? LastUnit : unit;
  wire                unit_own = (unit < OwnUnits);
  wire [UnitBits-1:0] unit_prev = unit - 1'b1;

  // The unit's four gate rows are adjacent (row 4u + gate): one word of the unit mux.
  wire [4*AccBits-1:0] unit_acc;
  rnngen_mux #(.Width(4*AccBits), .Count(MaxUnits), .SelBits(UnitBits)) u_unit_mux (
    .data_i(acc_q),
    .sel_i (unit_sel),
    .data_o(unit_acc)
  );
  wire signed [AccBits-1:0] acc_i = unit_acc[0*AccBits +: AccBits];
  wire signed [AccBits-1:0] acc_o = unit_acc[1*AccBits +: AccBits];
  wire signed [AccBits-1:0] acc_f = unit_acc[2*AccBits +: AccBits];
  wire signed [AccBits-1:0] acc_c = unit_acc[3*AccBits +: AccBits];

  wire [MaxUnits*StateBits-1:0] c_q;
  wire signed [StateBits-1:0]   c_old;
  rnngen_mux #(.Width(StateBits), .Count(MaxUnits), .SelBits(UnitBits)) u_state_mux (
    .data_i(c_q),
    .sel_i (unit_sel),
    .data_o(c_old)
  );

  wire signed [AccBits-1:0] sig_in = (phase == 2'd0) ? acc_i : (phase == 2'd1) ? acc_f : acc_o;
  wire [LutBits-1:0] sig_addr;
  wire [LutBits-1:0] tanh_gate_addr;
  wire [LutBits-1:0] tanh_state_addr;
  wire signed [ActBits-1:0] sig_q;
  wire signed [ActBits-1:0] tanh_q;

  rnngen_act_index #(.InBits(AccBits), .Shift(AccShift), .LutBits(LutBits)) u_sig_index (
    .in_i  (sig_in),
    .addr_o(sig_addr)
  );
  rnngen_act_index #(.InBits(AccBits), .Shift(AccShift), .LutBits(LutBits)) u_tanh_gate_index (
    .in_i  (acc_c),
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
    .addr_i((phase == 2'd3) ? tanh_state_addr : tanh_gate_addr),
    .data_o(tanh_q)
  );

  // i*g, f*c and o*tanh(c) with their narrowing points.
  reg  signed [2*ActBits-1:0] ig_q;
  reg  signed [ActBits-1:0]   o_q;
  wire signed [2*ActBits-1:0] ig_prod = sig_q * tanh_q;
  wire signed [ActBits+StateBits-1:0] fc_prod = sig_q * c_old;
  wire signed [2*ActBits-1:0] h_prod = o_q * tanh_q;
  wire signed [StateBits:0]   fc_part;
  wire signed [StateBits:0]   ig_part;
  wire signed [StateBits-1:0] c_new;

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
    .in_i (h_prod),
    .out_o(h_data_o)
  );

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ig_q <= {(2*ActBits){1'b0}};
      o_q <= {ActBits{1'b0}};
    end else begin
      if (phase == 2'd1) begin
        ig_q <= ig_prod;
      end
      if (phase == 2'd3) begin
        o_q <= sig_q;
      end
    end
  end

  // Cell state, one register per owned unit, written on step 2 of its unit.
  genvar u;
  for (u = 0; u < MaxUnits; u = u + 1) begin : gen_state
    localparam [UnitBits-1:0] UnitIdx = u;
    reg [StateBits-1:0] state_q;
    always @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        state_q <= {StateBits{1'b0}};
      end else if (phase == 2'd2 && unit == UnitIdx && unit_own) begin
        state_q <= c_new;
      end
    end
    assign c_q[u*StateBits +: StateBits] = state_q;
  end

  // h of the previous unit leaves on step 0 of the next one.
  assign h_valid_o = (phase == 2'd0) && (unit != {UnitBits{1'b0}}) && (unit_prev < OwnUnits);

endmodule
