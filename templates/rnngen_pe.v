// rnngen_pe: one processing element of the sparse array (EIE/ESE lineage): a MAC engine
// (rnngen_pe_mac) and an element-wise cell (rnngen_pe_ew) around the PE's accumulators.
//
// A step is a sequence of passes (model/program.h). In each pass the PE owns the output units
// pe, pe + PeCount, ... and all accumulator rows of each (local row RowsPerUnit * u + gate), so
// the element-wise update stays local and only its result is broadcast. The MAC engine fills
// one accumulator set in a pass's MAC phase; the element-wise cell reads it, unit by unit, in
// that pass's element-wise phase, while the MAC engine may already fill the other set for the
// next pass.
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
  parameter integer BlockBits = 0,
  parameter integer WordBits = 0,
  parameter integer CodeBits = 0,
  parameter integer EntryDepth = 1,
  parameter integer PtrBits = 1,
  parameter integer FifoDepth = 8,
  parameter integer Entries = 0,
  parameter integer EndBits = 1,
  parameter integer LutBits = 10,
  parameter integer AccShift = 14,
  parameter integer StateShift = 8,
  parameter integer HasPeep = 0,
  parameter integer HasGru = 0,
  parameter EntryFile = "entries.hex",
  parameter CountFile = "count.hex",
  parameter SigFile = "sigmoid.hex",
  parameter TanhFile = "tanh.hex",
  parameter BiasFile = "bias.hex",
  parameter CodebookFile = "codebook.hex",
  // Per pass: see rnngen_pe_ew (op, lbr, act, state base, units) and rnngen_pe_mac (dense
  // entries per column, entries up to its end).
  parameter [NumPasses*2-1:0] PassOp = 0,
  parameter [NumPasses-1:0] PassLbr = 0,
  parameter [NumPasses*2-1:0] PassAct = 0,
  parameter [NumPasses*((StateSlots > 1) ? $clog2(StateSlots) : 1)-1:0] PassStateBase = 0,
  parameter [NumPasses*$clog2(MaxUnits+1)-1:0] PassUnits = 0,
  parameter [NumPasses*PtrBits-1:0] PassCount = 0,
  parameter [NumPasses*EndBits-1:0] PassEnd = 0,
  parameter [NumPasses*MaxUnits*3*WeightBits-1:0] Peep = 0
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
  output wire                                      pe_done_o,
  // Element-wise phase.
  input  wire [((NumPasses > 1) ? $clog2(NumPasses) : 1)-1:0] ew_pass_i,
  input  wire                                      ew_set_i,
  input  wire [1:0]                                ew_seq_i,
  input  wire [$clog2(MaxUnits+1)-1:0]             ew_unit_i,
  input  wire [$clog2(MaxUnits+1)-1:0]             ew_unit_next_i,
  input  wire [1:0]                                ew_phase_i,
  input  wire                                      ew_pro_i,
  output wire                                      h_valid_o,
  output wire [ActBits-1:0]                        h_data_o
);

  localparam integer RowBits = (Rows > 1) ? $clog2(Rows) : 1;
  localparam integer PassBits = (NumPasses > 1) ? $clog2(NumPasses) : 1;

  wire [RowBits-1:0]   ew_row_addr;
  wire [AccBits-1:0]   ew_row;
  // The MAC engine's island-mode outputs (rnngen_pe_xing takes them in a multi-clock design).
  wire                 fifo_pop;
  wire [1:0]           ret_gray;
  wire unused_island = ^{fifo_pop, ret_gray};

  rnngen_pe_mac #(
    .Dense       (Dense),
    .NumCols     (NumCols),
    .NumPasses   (NumPasses),
    .Rows        (Rows),
    .WeightBits  (WeightBits),
    .ActBits     (ActBits),
    .AccBits     (AccBits),
    .IndexBits   (IndexBits),
    .BlockBits   (BlockBits),
    .WordBits    (WordBits),
    .CodeBits    (CodeBits),
    .EntryDepth  (EntryDepth),
    .PtrBits     (PtrBits),
    .FifoDepth   (FifoDepth),
    .Entries     (Entries),
    .EndBits     (EndBits),
    .EntryFile   (EntryFile),
    .CountFile   (CountFile),
    .BiasFile    (BiasFile),
    .CodebookFile(CodebookFile),
    .PassCount   (PassCount),
    .PassEnd     (PassEnd)
  ) u_mac_engine (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .bc_col_next_i(bc_col_next_i),
    .bc_fire_i    (bc_fire_i),
    .bc_pass_i    (bc_pass_i),
    .bc_set_i     (bc_set_i),
    .bc_data_i    (bc_data_i),
    .bc_ready_o   (bc_ready_o),
    .acc_init_i   (acc_init_i),
    .acc_pass_i   (acc_pass_i),
    .acc_set_i    (acc_set_i),
    .ew_pass_i    (ew_pass_i),
    .ew_seq_i     (ew_seq_i),
    .pe_done_o    (pe_done_o),
    .ew_set_i     (ew_set_i),
    .ew_row_addr_i(ew_row_addr),
    .ew_row_o     (ew_row),
    .clk_ew_i     (clk_i),
    .fifo_head_i  ({(2 + PassBits + WordBits + PtrBits + ActBits){1'b0}}),
    .fifo_empty_i (1'b1),
    .fifo_pop_o   (fifo_pop),
    .ret_gray_o   (ret_gray)
  );

  rnngen_pe_ew #(
    .NumPasses    (NumPasses),
    .Rows         (Rows),
    .MaxUnits     (MaxUnits),
    .StateSlots   (StateSlots),
    .WeightBits   (WeightBits),
    .WeightFrac   (WeightFrac),
    .ActBits      (ActBits),
    .ActFrac      (ActFrac),
    .StateBits    (StateBits),
    .StateFrac    (StateFrac),
    .AccBits      (AccBits),
    .LutBits      (LutBits),
    .AccShift     (AccShift),
    .StateShift   (StateShift),
    .HasPeep      (HasPeep),
    .HasGru       (HasGru),
    .SigFile      (SigFile),
    .TanhFile     (TanhFile),
    .PassOp       (PassOp),
    .PassLbr      (PassLbr),
    .PassAct      (PassAct),
    .PassStateBase(PassStateBase),
    .PassUnits    (PassUnits),
    .Peep         (Peep)
  ) u_ew (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .pass_i        (ew_pass_i),
    .ew_unit_i     (ew_unit_i),
    .ew_unit_next_i(ew_unit_next_i),
    .ew_member_i   (1'b0),
    .ew_member_next_i(1'b0),
    .ew_phase_i    (ew_phase_i),
    .ew_pro_i      (ew_pro_i),
    .row_addr_o    (ew_row_addr),
    .row_i         (ew_row),
    .h_valid_o     (h_valid_o),
    .h_data_o      (h_data_o)
  );

endmodule
