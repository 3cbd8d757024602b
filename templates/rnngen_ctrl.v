// rnngen_ctrl: step sequencer of the array, running the step's passes in order with the
// element-wise phase of one pass overlapped with the MAC phase of the next.
//
// Broadcaster. A pass broadcasts its columns once each, segment by segment: a segment is either
// the x_t input stream (elements taken straight from it) or a vector of the vector store
// (rnngen_vbuf). Element i of a stored vector is in bank i mod PeCount, row SegRow + i div
// PeCount (in blocks of 2^BlockBits elements with BlockBits > 0, as rnngen_vbuf says); the
// broadcaster steps (bank, row) along the segment and presents, for the store's
// synchronous read, the position of the element it broadcasts on the NEXT cycle (rd_bank_o,
// rd_row_o, and rd_src_o, the pass that writes that vector): the next element if one fires this
// cycle, else the current one. rd_data_i holds the current element. A column fires when its source is valid, every PE can
// take it, and, for a segment that reads the vector the previous pass writes (SegDep), once that
// element is written: the broadcaster follows the element-wise phase of that pass unit by unit
// (element i is unit i div PeCount of its PE, without blocks), or waits for the phase to complete. After a pass's last column the broadcaster enters the
// next pass: one that starts afresh takes the other accumulator set (acc_init_o, acc_set_o) as
// soon as the pass before the previous one has completed its element-wise phase (so two passes
// at most are in flight, one per set); one that keeps the sums (same set) once the previous pass
// has completed.
//
// Element-wise sequencer. Pass by pass, in order: when the broadcaster has fired all of a pass's
// columns and every PE has retired its entries (pe_done_i, for ew_pass_o of step ew_seq_o, the
// step number mod 4), its element-wise phase runs EwPrologue + StepsPerUnit * units * Group + 1
// steps. An element-wise cell serves Group PEs (PE k is its member k mod Group) and takes unit u
// of each in turn: slot u*Group + m is unit u of member m (ew_unit_o, ew_member_o, ew_phase_o;
// ew_*_next_o announce the next cycle's for the PEs' state reads, ew_res_unit_o the unit of the
// result the cells present, that of the slot before). The phase starts in a prologue slot before
// slot 0 (ew_pro_o, unit and member 0), at phase PassStart, in which the cells read slot 0's
// first accumulator rows and do nothing else. The last pass's phase waits until the
// previous output has left (out_busy_i), and its last step completes the step (step_done_o).
//
// lead_q counts how far the broadcaster is ahead: passes entered minus element-wise phases
// completed, -1 (the broadcaster waits to enter a pass that keeps the sums), 0 or 1.
module rnngen_ctrl #(
  parameter integer NumCols = 2,
  parameter integer NumSegs = 1,
  parameter integer NumPasses = 1,
  parameter integer MaxUnits = 1,
  parameter integer PeCount = 1,
  // Elements go to the store's banks in blocks of 2^BlockBits (circulant weights; rnngen_vbuf).
  parameter integer BlockBits = 0,
  parameter integer Group = 1,
  parameter integer ActBits = 16,
  parameter integer RowBits = 1,
  // Per segment s (bits [s*W +: W]): length, store row of its element 0, x stream?, last of its
  // pass?, reads the vector of the previous pass?, pass that writes its vector
  parameter [NumSegs*(((NumCols > 1) ? $clog2(NumCols) : 1)+1)-1:0] SegLen = 0,
  parameter [NumSegs*RowBits-1:0] SegRow = 0,
  parameter [NumSegs-1:0] SegIsX = 0,
  parameter [NumSegs-1:0] SegEnd = 0,
  parameter [NumSegs-1:0] SegDep = 0,
  parameter [NumSegs*((NumPasses > 1) ? $clog2(NumPasses) : 1)-1:0] SegSrc = 0,
  // Per pass p: element-wise steps per unit (1..4), units of its largest PE, starts afresh?
  parameter [NumPasses*3-1:0] PassSpu = 0,
  parameter [NumPasses*2-1:0] PassStart = 0,
  parameter [NumPasses*$clog2(MaxUnits+1)-1:0] PassUnits = 0,
  parameter [NumPasses-1:0] PassInit = 0
) (
  input  wire                                       clk_i,
  input  wire                                       rst_ni,
  input  wire                                       x_valid_i,
  output wire                                       x_ready_o,
  input  wire [ActBits-1:0]                         x_data_i,
  output wire [((PeCount > 1) ? $clog2(PeCount) : 1)-1:0] rd_bank_o,
  output wire [RowBits-1:0]                         rd_row_o,
  output wire [((NumPasses > 1) ? $clog2(NumPasses) : 1)-1:0] rd_src_o,
  input  wire [ActBits-1:0]                         rd_data_i,
  input  wire [PeCount-1:0]                         pe_ready_i,
  input  wire [PeCount-1:0]                         pe_done_i,
  input  wire                                       out_busy_i,
  output wire                                       bc_fire_o,
  output wire [((NumCols > 1) ? $clog2(NumCols) : 1)-1:0] bc_col_next_o,
  output wire [((NumPasses > 1) ? $clog2(NumPasses) : 1)-1:0] bc_pass_o,
  output wire                                       bc_set_o,
  output wire [ActBits-1:0]                         bc_data_o,
  output wire                                       acc_init_o,
  output wire [((NumPasses > 1) ? $clog2(NumPasses) : 1)-1:0] acc_pass_o,
  output wire                                       acc_set_o,
  output wire [((NumPasses > 1) ? $clog2(NumPasses) : 1)-1:0] ew_pass_o,
  output wire                                       ew_set_o,
  output wire [1:0]                                 ew_seq_o,
  output wire [$clog2(MaxUnits+1)-1:0]              ew_unit_o,
  output wire [$clog2(MaxUnits+1)-1:0]              ew_unit_next_o,
  output wire [((Group > 1) ? $clog2(Group) : 1)-1:0] ew_member_o,
  output wire [((Group > 1) ? $clog2(Group) : 1)-1:0] ew_member_next_o,
  output wire [$clog2(MaxUnits+1)-1:0]              ew_res_unit_o,
  output wire [1:0]                                 ew_phase_o,
  output wire                                       ew_pro_o,
  output wire                                       step_done_o
);

  localparam integer ColBits = (NumCols > 1) ? $clog2(NumCols) : 1;
  localparam integer LenBits = ColBits + 1;
  localparam integer SegBits = (NumSegs > 1) ? $clog2(NumSegs) : 1;
  localparam integer PassBits = (NumPasses > 1) ? $clog2(NumPasses) : 1;
  localparam integer UnitBits = $clog2(MaxUnits + 1);
  localparam integer MemberBits = (Group > 1) ? $clog2(Group) : 1;
  localparam integer LastMemberInt = Group - 1;
  localparam [MemberBits-1:0] LastMember = LastMemberInt[MemberBits-1:0];
  localparam integer SlotBits = UnitBits + MemberBits + 1;
  localparam integer LastPassInt = NumPasses - 1;
  localparam [PassBits-1:0] LastPass = LastPassInt[PassBits-1:0];
  localparam integer BankBits = (PeCount > 1) ? $clog2(PeCount) : 1;
  localparam integer LastBankInt = PeCount - 1;
  localparam [BankBits-1:0] LastBank = LastBankInt[BankBits-1:0];
  localparam integer BlockBackInt = (1 << BlockBits) - 1;
  localparam [RowBits-1:0] RowBack = BlockBackInt[RowBits-1:0];
  localparam [UnitBits-1:0] UnitBack = BlockBackInt[UnitBits-1:0];

  // Low in reset and for the first cycle after it: nothing fires then, so the PEs' column
  // pointer ROMs (read one column ahead, not reset) hold column 0 when the first column fires,
  // whatever x_valid_i does during reset.
  reg                run_q;
  // Broadcaster.
  reg                bc_done_q;   // every column of bc_pass_q has fired
  reg [PassBits-1:0] bc_pass_q;
  reg                bc_set_q;
  reg [SegBits-1:0]  seg_q;
  reg [LenBits-1:0]  off_q;       // element of the segment
  reg [BankBits-1:0] bank_q;      // its store bank and row
  reg [RowBits-1:0]  row_q;
  reg [UnitBits-1:0] eunit_q;     // its unit (element div PeCount)
  reg [ColBits-1:0]  col_q;       // broadcast column of the step, all passes
  // Element-wise sequencer.
  reg                ew_q;        // running
  reg [PassBits-1:0] ew_pass_q;
  reg                ew_set_q;
  reg [1:0]          ew_seq_q;    // step number, mod 4
  reg [UnitBits-1:0] unit_q;
  reg [MemberBits-1:0] member_q;
  reg [1:0]          phase_q;
  reg                pro_q;       // the prologue slot
  reg                ahead_q;     // lead 1
  reg                behind_q;    // lead -1

  // This segment's and these passes' constants.
  wire [LenBits-1:0]  seg_len;
  wire                seg_is_x;
  wire                seg_end;
  wire                seg_dep;
  wire [2:0]          spu;
  wire [1:0]          start_phase;
  wire [UnitBits-1:0] pass_units;
  wire                bc_next_init;
  wire                ew_next_init;
  wire [PassBits-1:0] bc_next = (bc_pass_q == LastPass) ? {PassBits{1'b0}} : bc_pass_q + 1'b1;
  wire [PassBits-1:0] ew_next = (ew_pass_q == LastPass) ? {PassBits{1'b0}} : ew_pass_q + 1'b1;
  rnngen_mux #(.Width(LenBits), .Count(NumSegs), .SelBits(SegBits)) u_seg_len (
    .data_i(SegLen), .sel_i(seg_q), .data_o(seg_len));
  rnngen_mux #(.Width(3), .Count(NumSegs), .SelBits(SegBits)) u_seg_flags (
    .data_i(pack_flags(SegIsX, SegEnd, SegDep)), .sel_i(seg_q),
    .data_o({seg_is_x, seg_end, seg_dep}));
  rnngen_mux #(.Width(3), .Count(NumPasses), .SelBits(PassBits)) u_spu (
    .data_i(PassSpu), .sel_i(ew_pass_q), .data_o(spu));
  rnngen_mux #(.Width(2), .Count(NumPasses), .SelBits(PassBits)) u_start (
    .data_i(PassStart), .sel_i(ew_pass_q), .data_o(start_phase));
  rnngen_mux #(.Width(UnitBits), .Count(NumPasses), .SelBits(PassBits)) u_units (
    .data_i(PassUnits), .sel_i(ew_pass_q), .data_o(pass_units));
  rnngen_mux #(.Width(1), .Count(NumPasses), .SelBits(PassBits)) u_bc_init (
    .data_i(PassInit), .sel_i(bc_next), .data_o(bc_next_init));
  rnngen_mux #(.Width(1), .Count(NumPasses), .SelBits(PassBits)) u_ew_init (
    .data_i(PassInit), .sel_i(ew_next), .data_o(ew_next_init));

  // Segment flags interleaved {is_x, end, dep} per segment, for one mux.
  function [3*NumSegs-1:0] pack_flags(input [NumSegs-1:0] is_x, input [NumSegs-1:0] is_end,
                                      input [NumSegs-1:0] dep);
    integer s;
    begin
      for (s = 0; s < NumSegs; s = s + 1) pack_flags[3*s +: 3] = {is_x[s], is_end[s], dep[s]};
    end
  endfunction

  // ===== Broadcaster
  wire src_valid = seg_is_x ? x_valid_i : 1'b1;
  wire pes_ready = &pe_ready_i;
  // Slots of the running element-wise phase written so far: a slot's result is written at the
  // end of phase 0 of the next slot. The element's slot: its unit, and its PE's member index.
  wire [MemberBits-1:0] emember = (Group > 1) ? bank_q[MemberBits-1:0] : {MemberBits{1'b0}};
  wire [SlotBits-1:0] eslot_after = {{(SlotBits - UnitBits){1'b0}}, eunit_q} * Group[SlotBits-1:0] +
                                    {{(SlotBits - MemberBits){1'b0}}, emember} +
                                    {{(SlotBits - 1){1'b0}}, phase_q == 2'd0};
  wire [SlotBits-1:0] slot = {{(SlotBits - UnitBits){1'b0}}, unit_q} * Group[SlotBits-1:0] +
                             {{(SlotBits - MemberBits){1'b0}}, member_q};
  wire chase_ok = ew_q && (eslot_after < slot);
  wire dep_ok = !seg_dep || !ahead_q || chase_ok;
  wire can_fire = run_q && !bc_done_q && pes_ready && dep_ok;
  wire fire = can_fire && src_valid;
  wire seg_last = (off_q == seg_len - 1'b1);
  wire pass_last_col = seg_last && seg_end;
  wire step_last_col = pass_last_col && (bc_pass_q == LastPass);
  wire enter = bc_done_q && (bc_next_init ? !ahead_q : behind_q);

  // Store position of the next cycle's element: the next segment's first (bank 0, its row),
  // the next element of this segment, or this one.
  wire [SegBits-1:0]  seg_next = step_last_col ? {SegBits{1'b0}} : seg_q + 1'b1;
  wire [SegBits-1:0]  seg_d = (fire && seg_last) ? seg_next : seg_q;
  wire [RowBits-1:0]  seg_d_row;
  wire [PassBits-1:0] seg_d_src;
  rnngen_mux #(.Width(RowBits + PassBits), .Count(NumSegs), .SelBits(SegBits)) u_seg_rd (
    .data_i(pack_rd(SegRow, SegSrc)), .sel_i(seg_d), .data_o({seg_d_row, seg_d_src}));
  wire bank_wrap = (bank_q == LastBank);
  // The element ends its block of the bank (every element without blocks): the next one is in
  // the next bank, 2^BlockBits - 1 rows back, or past the last bank in the next row.
  wire block_end;
  wire [BankBits-1:0] bank_d =
      !fire                    ? bank_q :
      seg_last                 ? {BankBits{1'b0}} :
      !block_end               ? bank_q :
      bank_wrap                ? {BankBits{1'b0}} : bank_q + 1'b1;
  wire step_row = !block_end || bank_wrap;
  wire [RowBits-1:0] row_d =
      !fire     ? row_q :
      seg_last  ? seg_d_row :
      step_row  ? row_q + 1'b1 : row_q - RowBack;
  if (BlockBits > 0) begin : gen_block
    reg [BlockBits-1:0] lo_q;  // element within its block
    assign block_end = (lo_q == {BlockBits{1'b1}});
    always @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        lo_q <= {BlockBits{1'b0}};
      end else if (fire) begin
        lo_q <= seg_last ? {BlockBits{1'b0}} : lo_q + 1'b1;
      end
    end
  end else begin : gen_noblock
    assign block_end = 1'b1;
  end

  // Segment read constants interleaved {row, src} per segment, for one mux.
  function [NumSegs*(RowBits+PassBits)-1:0] pack_rd(input [NumSegs*RowBits-1:0] row,
                                                    input [NumSegs*PassBits-1:0] src);
    integer s;
    begin
      for (s = 0; s < NumSegs; s = s + 1) begin
        pack_rd[s*(RowBits+PassBits) +: RowBits+PassBits] =
            {row[s*RowBits +: RowBits], src[s*PassBits +: PassBits]};
      end
    end
  endfunction

  assign x_ready_o = can_fire && seg_is_x;
  assign rd_bank_o = bank_d;
  assign rd_row_o = row_d;
  assign rd_src_o = seg_d_src;
  assign bc_fire_o = fire;
  assign bc_col_next_o = fire ? (step_last_col ? {ColBits{1'b0}} : col_q + 1'b1) : col_q;
  assign bc_pass_o = bc_pass_q;
  assign bc_set_o = bc_set_q;
  assign bc_data_o = seg_is_x ? x_data_i : rd_data_i;
  assign acc_init_o = enter && bc_next_init;
  assign acc_pass_o = bc_next;
  assign acc_set_o = !bc_set_q;

  // ===== Element-wise sequencer
  // The pass's columns have all fired (the broadcaster is on it and done, or past it).
  wire cols_fired = ahead_q || (!behind_q && bc_done_q);
  wire ew_start = !ew_q && cols_fired && (&pe_done_i) &&
                  !(ew_pass_q == LastPass && out_busy_i);
  wire [2:0] phase_ext = {1'b0, phase_q};
  wire phase_wrap = (phase_ext == spu - 1'b1);
  wire member_wrap = (member_q == LastMember);
  wire ew_last = ew_q && !pro_q && (unit_q == pass_units) && (phase_q == 2'd0);

  assign ew_pass_o = ew_pass_q;
  assign ew_set_o = ew_set_q;
  assign ew_seq_o = ew_seq_q;
  assign ew_unit_o = unit_q;
  // The unit of the next cycle, for the PEs' synchronous RAM reads: 0 outside the phase and in
  // the prologue.
  wire slot_wrap = ew_q && !pro_q && phase_wrap;
  assign ew_unit_next_o = ew_last ? {UnitBits{1'b0}} :
                          (slot_wrap && member_wrap) ? unit_q + 1'b1 : unit_q;
  assign ew_member_o = member_q;
  assign ew_member_next_o = (ew_last || (slot_wrap && member_wrap)) ? {MemberBits{1'b0}} :
                            slot_wrap ? member_q + 1'b1 : member_q;
  assign ew_res_unit_o = (member_q == {MemberBits{1'b0}}) ? unit_q - 1'b1 : unit_q;
  assign ew_phase_o = phase_q;
  assign ew_pro_o = pro_q;
  assign step_done_o = ew_last && (ew_pass_q == LastPass);

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      run_q <= 1'b0;
      bc_done_q <= 1'b0;
      bc_pass_q <= {PassBits{1'b0}};
      bc_set_q <= 1'b0;
      seg_q <= {SegBits{1'b0}};
      off_q <= {LenBits{1'b0}};
      bank_q <= {BankBits{1'b0}};
      row_q <= SegRow[RowBits-1:0];
      eunit_q <= {UnitBits{1'b0}};
      col_q <= {ColBits{1'b0}};
      ew_q <= 1'b0;
      ew_pass_q <= {PassBits{1'b0}};
      ew_set_q <= 1'b0;
      ew_seq_q <= 2'd0;
      unit_q <= {UnitBits{1'b0}};
      member_q <= {MemberBits{1'b0}};
      phase_q <= 2'd0;
      pro_q <= 1'b1;
      ahead_q <= 1'b0;
      behind_q <= 1'b0;
    end else begin
      run_q <= 1'b1;
      if (fire) begin
        col_q <= bc_col_next_o;
        bank_q <= bank_d;
        row_q <= row_d;
        eunit_q <= seg_last ? {UnitBits{1'b0}} : step_row ? eunit_q + 1'b1 : eunit_q - UnitBack;
        bc_done_q <= pass_last_col;
        if (seg_last) begin
          seg_q <= seg_next;
          off_q <= {LenBits{1'b0}};
        end else begin
          off_q <= off_q + 1'b1;
        end
      end
      if (enter) begin
        bc_done_q <= 1'b0;
        bc_pass_q <= bc_next;
        bc_set_q <= bc_set_q ^ bc_next_init;
      end
      // lead += enter - ew_last
      if (enter && !ew_last) begin
        ahead_q <= !behind_q;
        behind_q <= 1'b0;
      end else if (ew_last && !enter) begin
        behind_q <= !ahead_q;
        ahead_q <= 1'b0;
      end
      if (ew_start) begin
        ew_q <= 1'b1;
        phase_q <= start_phase;
      end
      if (ew_last) begin
        ew_q <= 1'b0;
        unit_q <= {UnitBits{1'b0}};
        member_q <= {MemberBits{1'b0}};
        phase_q <= 2'd0;
        pro_q <= 1'b1;
        ew_pass_q <= ew_next;
        ew_set_q <= ew_set_q ^ ew_next_init;
        if (ew_pass_q == LastPass) ew_seq_q <= ew_seq_q + 1'b1;
      end else if (ew_q) begin
        phase_q <= phase_wrap ? 2'd0 : phase_q + 1'b1;
        if (phase_wrap) pro_q <= 1'b0;
        if (slot_wrap) begin
          member_q <= member_wrap ? {MemberBits{1'b0}} : member_q + 1'b1;
          if (member_wrap) unit_q <= unit_q + 1'b1;
        end
      end
    end
  end

endmodule
