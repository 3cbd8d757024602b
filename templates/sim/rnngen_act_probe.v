// rnngen_act_probe: testbench-only activity counters of one PE (and its vector-store bank), for
// both testbenches. sim/rnngen_act_top.v (generated per design) wraps the design and feeds one
// probe per PE with the design's own strobes by hierarchical reference, so the synthesised design
// carries no counter. Counts are kept over the whole run (every edge out of reset) and never
// cleared; the event order and meaning are those of generator/plan/activity.h (Event).
module rnngen_act_probe (
  input  wire         clk_i,
  input  wire         rst_ni,
  // MAC engine (rnngen_pe_mac).
  input  wire         s1_valid_i,     // an entry is multiplied this cycle
  input  wire         weight_zero_i,  // ... and its weight is 0 (padding, dense zero)
  input  wire         issue_i,        // the entry ROM word for the next MAC is read
  input  wire         ptr_read_i,     // csc: a column fired, its pointer word used
  input  wire         push_i,         // activation FIFO
  input  wire         pop_i,
  input  wire         acc_we_i,       // the accumulator RAM
  // Element-wise cell (rnngen_pe_ew): the sequencer runs a slot, this unit is owned,
  // op/act/phase.
  input  wire         ew_run_i,
  input  wire         unit_own_i,
  input  wire [1:0]   op_i,
  input  wire [1:0]   act_i,
  input  wire [1:0]   phase_i,
  // Vector-store bank of this PE (rnngen_vbuf): broadcast read, output-stream read, writes.
  input  wire         bc_read_i,
  input  wire         out_read_i,
  input  wire         bank_we_i,
  input  wire         out_we_i,
  output wire [639:0] counts_o        // 10 x 64 bits, event e at [64*e +: 64]
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

  // Table reads the element-wise schedule uses (rnngen_pe_ew header): lstm sigmoid in phases
  // 0, 1, 3 and tanh in 0, 3; gru sigmoid in 0, 1 and tanh in 1; gru_reset sigmoid in 0; dense
  // one read with a sigmoid or tanh activation. Not in the prologue slot.
  wire used = ew_run_i && unit_own_i;
  wire sig_read = used && ((op_i == OpLstm && phase_i != 2'd2) ||
                           (op_i == OpGru && phase_i <= 2'd1) ||
                           (op_i == OpGruReset && phase_i == 2'd0) ||
                           (op_i == OpDense && act_i == ActSigmoid));
  wire tanh_read = used && ((op_i == OpLstm && (phase_i == 2'd0 || phase_i == 2'd3)) ||
                            (op_i == OpGru && phase_i == 2'd1) ||
                            (op_i == OpDense && act_i == ActTanh));

  // This cycle's increment of each event.
  wire [3:0] inc [0:9];
  assign inc[0] = {3'd0, s1_valid_i && !weight_zero_i};
  assign inc[1] = {3'd0, s1_valid_i && weight_zero_i};
  assign inc[2] = {3'd0, issue_i};
  assign inc[3] = {3'd0, ptr_read_i};
  assign inc[4] = {3'd0, push_i};
  assign inc[5] = {3'd0, pop_i};
  assign inc[6] = {3'd0, acc_we_i};
  assign inc[7] = {3'd0, sig_read} + {3'd0, tanh_read};
  assign inc[8] = {3'd0, bc_read_i} + {3'd0, out_read_i};
  assign inc[9] = {3'd0, bank_we_i} + {3'd0, out_we_i};

  reg [63:0] count_q [0:9];
  integer e;
  initial begin
    for (e = 0; e < 10; e = e + 1) count_q[e] = 64'd0;
  end
  // Only edges out of reset count (a 4-state simulator sees X strobes before the first reset).
  // The counters themselves are never reset: they keep the whole run over the per-sequence resets.
  /* verilator lint_off SYNCASYNCNET */
  always @(posedge clk_i) begin
    if (rst_ni) begin
      for (e = 0; e < 10; e = e + 1) count_q[e] <= count_q[e] + {60'd0, inc[e]};
    end
  end
  /* verilator lint_on SYNCASYNCNET */

  genvar g;
  for (g = 0; g < 10; g = g + 1) begin : gen_out
    assign counts_o[64*g +: 64] = count_q[g];
  end

endmodule
