// rnngen_hbuf: the hidden-state buffer h_{t-1} / h_t and the h_t output stream.
//
// PE k writes hidden unit k + u*PeCount on the element-wise step that completes unit u. The
// broadcaster reads h_{t-1} by column while the next step runs; h_t streams out (valid/ready,
// h_last_o on the final element) from the cycle after step_done_i. The element-wise phase does
// not start while the stream is still busy, so h_q is never overwritten before it left.
module rnngen_hbuf #(
  parameter integer HiddenSize = 1,
  parameter integer InputSize = 1,
  parameter integer NumCols = 2,
  parameter integer PeCount = 1,
  parameter integer MaxUnits = 1,
  parameter integer ActBits = 16
) (
  input  wire                               clk_i,
  input  wire                               rst_ni,
  input  wire [PeCount-1:0]                 pe_h_valid_i,
  input  wire [PeCount*ActBits-1:0]         pe_h_data_i,
  input  wire [$clog2(4*MaxUnits+1)-1:0]    ew_step_i,
  input  wire                               step_done_i,
  input  wire [((NumCols > 1) ? $clog2(NumCols) : 1)-1:0] bc_col_i,
  output wire [ActBits-1:0]                 h_prev_o,
  output wire                               out_busy_o,
  output wire                               h_valid_o,
  input  wire                               h_ready_i,
  output wire [ActBits-1:0]                 h_data_o,
  output wire                               h_last_o
);

  localparam integer ColBits = (NumCols > 1) ? $clog2(NumCols) : 1;
  localparam integer StepBits = $clog2(4 * MaxUnits + 1);
  localparam integer UnitBits = StepBits - 2;
  localparam integer IdxBits = (HiddenSize > 1) ? $clog2(HiddenSize) : 1;
  localparam integer LastIdxInt = HiddenSize - 1;
  localparam [IdxBits-1:0] LastIdx = LastIdxInt[IdxBits-1:0];
  localparam integer FirstHiddenInt = InputSize;
  localparam [ColBits:0] FirstHidden = FirstHiddenInt[ColBits:0];

  wire [HiddenSize*ActBits-1:0] h_q;
  reg                           out_busy_q;
  reg [IdxBits-1:0]             out_idx_q;

  // Unit whose h the PEs present on this step (the previous unit of the element-wise walk).
  wire [UnitBits-1:0] h_unit = ew_step_i[StepBits-1:2] - 1'b1;
  wire unused_phase = ^ew_step_i[1:0];

  // Element j belongs to PE j mod PeCount, unit j / PeCount.
  genvar j;
  for (j = 0; j < HiddenSize; j = j + 1) begin : gen_h
    localparam integer Pe = j % PeCount;
    localparam integer UnitInt = j / PeCount;
    localparam [UnitBits-1:0] Unit = UnitInt[UnitBits-1:0];
    reg [ActBits-1:0] elem_q;
    always @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        elem_q <= {ActBits{1'b0}};
      end else if (pe_h_valid_i[Pe] && h_unit == Unit) begin
        elem_q <= pe_h_data_i[Pe*ActBits +: ActBits];
      end
    end
    assign h_q[j*ActBits +: ActBits] = elem_q;
  end

  // Columns below InputSize select x in the controller; the index is only used above it.
  wire [ColBits:0] h_col = {1'b0, bc_col_i} - FirstHidden;
  wire unused_h_col = ^h_col[ColBits:IdxBits];
  rnngen_mux #(.Width(ActBits), .Count(HiddenSize), .SelBits(IdxBits)) u_prev_mux (
    .data_i(h_q),
    .sel_i (h_col[IdxBits-1:0]),
    .data_o(h_prev_o)
  );

  wire out_fire = out_busy_q && h_ready_i;
  assign out_busy_o = out_busy_q;
  assign h_valid_o = out_busy_q;
  rnngen_mux #(.Width(ActBits), .Count(HiddenSize), .SelBits(IdxBits)) u_out_mux (
    .data_i(h_q),
    .sel_i (out_idx_q),
    .data_o(h_data_o)
  );
  assign h_last_o = (out_idx_q == LastIdx);

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      out_busy_q <= 1'b0;
      out_idx_q <= {IdxBits{1'b0}};
    end else if (step_done_i) begin
      out_busy_q <= 1'b1;
      out_idx_q <= {IdxBits{1'b0}};
    end else if (out_fire) begin
      out_busy_q <= !h_last_o;
      out_idx_q <= h_last_o ? {IdxBits{1'b0}} : out_idx_q + 1'b1;
    end
  end

endmodule
