// rnngen_ctrl: step sequencer of the array.
//
// MAC phase: broadcasts columns 0..NumCols-1 once each: x_t elements straight from the input
// stream (columns < InputSize), then h_{t-1} from the h buffer. A column fires when its source is
// valid and every PE can take it. When all columns have fired and every PE is idle, the
// element-wise phase runs 4*MaxUnits+1 steps; its last step reloads the accumulators and
// completes h_t (step_done_o), and the next MAC phase starts on the following cycle.
module rnngen_ctrl #(
  parameter integer InputSize = 1,
  parameter integer NumCols = 2,
  parameter integer MaxUnits = 1,
  parameter integer PeCount = 1,
  parameter integer ActBits = 16
) (
  input  wire                                       clk_i,
  input  wire                                       rst_ni,
  input  wire                                       x_valid_i,
  output wire                                       x_ready_o,
  input  wire [ActBits-1:0]                         x_data_i,
  input  wire [ActBits-1:0]                         h_prev_i,
  input  wire [PeCount-1:0]                         pe_ready_i,
  input  wire [PeCount-1:0]                         pe_idle_i,
  input  wire                                       out_busy_i,
  output wire                                       bc_fire_o,
  output wire                                       bc_last_o,
  output wire [((NumCols > 1) ? $clog2(NumCols) : 1)-1:0] bc_col_o,
  output wire [((NumCols > 1) ? $clog2(NumCols) : 1)-1:0] bc_col_next_o,
  output wire [ActBits-1:0]                         bc_data_o,
  output wire                                       acc_init_o,
  output wire [$clog2(4*MaxUnits+1)-1:0]            ew_step_o,
  output wire                                       step_done_o
);

  localparam integer ColBits = (NumCols > 1) ? $clog2(NumCols) : 1;
  localparam integer StepBits = $clog2(4 * MaxUnits + 1);
  localparam integer LastColInt = NumCols - 1;
  localparam [ColBits-1:0] LastCol = LastColInt[ColBits-1:0];
  localparam integer FirstHiddenInt = InputSize;
  localparam [ColBits:0] FirstHidden = FirstHiddenInt[ColBits:0];
  localparam integer LastStepInt = 4 * MaxUnits;
  localparam [StepBits-1:0] LastStep = LastStepInt[StepBits-1:0];

  // Low in reset and for the first cycle after it: nothing fires then, so the PEs' column
  // pointer ROMs (read one column ahead, not reset) hold column 0 when the first column fires,
  // whatever x_valid_i does during reset.
  reg                run_q;
  reg                ew_q;        // 0: MAC phase, 1: element-wise phase
  reg                bc_done_q;   // every column of this step has fired
  reg [ColBits-1:0]  col_q;
  reg [StepBits-1:0] ew_step_q;

  wire col_is_x = ({1'b0, col_q} < FirstHidden);
  wire src_valid = col_is_x ? x_valid_i : 1'b1;
  wire pes_ready = &pe_ready_i;
  wire fire = run_q && !ew_q && !bc_done_q && src_valid && pes_ready;
  wire last_col = (col_q == LastCol);
  wire mac_done = !ew_q && bc_done_q && (&pe_idle_i) && !out_busy_i;
  wire ew_last = ew_q && (ew_step_q == LastStep);

  assign x_ready_o = run_q && !ew_q && !bc_done_q && col_is_x && pes_ready;
  assign bc_fire_o = fire;
  assign bc_last_o = last_col;
  assign bc_col_o = col_q;
  assign bc_col_next_o = fire ? (last_col ? {ColBits{1'b0}} : col_q + 1'b1) : col_q;
  assign bc_data_o = col_is_x ? x_data_i : h_prev_i;
  assign acc_init_o = ew_last;
  assign ew_step_o = ew_step_q;
  assign step_done_o = ew_last;

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      run_q <= 1'b0;
      ew_q <= 1'b0;
      bc_done_q <= 1'b0;
      col_q <= {ColBits{1'b0}};
      ew_step_q <= {StepBits{1'b0}};
    end else begin
      run_q <= 1'b1;
      if (fire) begin
        col_q <= bc_col_next_o;
        bc_done_q <= last_col;
      end
      if (mac_done) begin
        ew_q <= 1'b1;
        bc_done_q <= 1'b0;
      end
      if (ew_last) begin
        ew_q <= 1'b0;
        ew_step_q <= {StepBits{1'b0}};
      end else if (ew_q) begin
        ew_step_q <= ew_step_q + 1'b1;
      end
    end
  end

endmodule
