// rnngen_vbuf: the vector store (every vector a pass writes: each layer's output y, LSTMP's m,
// GRU's r * h, the head's outputs) and the output stream.
//
// Pass p writes its vector at DestBase[p]: its element i comes from PE i mod PeCount on the
// element-wise step that completes that PE's unit i / PeCount (the PE presents it at phase 0 of
// the next unit). The controller reads one element a cycle by address (rd_addr_i) to broadcast
// it. The output vector (OutBase, OutSize) streams out (valid/ready, out_last_o on the final
// element) from the cycle after step_done_i; the last pass does not start its element-wise phase
// while the stream is still busy, so the vector is never overwritten before it left.
module rnngen_vbuf #(
  parameter integer Size = 1,
  parameter integer AddrBits = 1,
  parameter integer NumPasses = 1,
  parameter integer PeCount = 1,
  parameter integer MaxUnits = 1,
  parameter integer ActBits = 16,
  parameter integer OutBase = 0,
  parameter integer OutSize = 1,
  parameter [NumPasses*AddrBits-1:0] DestBase = 0,
  parameter [NumPasses*(AddrBits+1)-1:0] DestSize = 0
) (
  input  wire                               clk_i,
  input  wire                               rst_ni,
  input  wire [PeCount-1:0]                 pe_valid_i,
  input  wire [PeCount*ActBits-1:0]         pe_data_i,
  input  wire [((NumPasses > 1) ? $clog2(NumPasses) : 1)-1:0] ew_pass_i,
  input  wire [$clog2(MaxUnits+1)-1:0]      ew_unit_i,
  input  wire                               step_done_i,
  input  wire [AddrBits-1:0]                rd_addr_i,
  output wire [ActBits-1:0]                 rd_data_o,
  output wire                               out_busy_o,
  output wire                               out_valid_o,
  input  wire                               out_ready_i,
  output wire [ActBits-1:0]                 out_data_o,
  output wire                               out_last_o
);

  localparam integer PassBits = (NumPasses > 1) ? $clog2(NumPasses) : 1;
  localparam integer UnitBits = $clog2(MaxUnits + 1);
  localparam integer IdxBits = (OutSize > 1) ? $clog2(OutSize) : 1;
  localparam integer LastIdxInt = OutSize - 1;
  localparam [IdxBits-1:0] LastIdx = LastIdxInt[IdxBits-1:0];

  wire [Size*ActBits-1:0] store;
  reg                     out_busy_q;
  reg [IdxBits-1:0]       out_idx_q;

  // The unit whose element the PEs present on this step (the previous one).
  wire [UnitBits-1:0] unit_prev = ew_unit_i - 1'b1;

  genvar p, i;
  for (p = 0; p < NumPasses; p = p + 1) begin : gen_pass
    localparam [31:0] Base = {{(32 - AddrBits){1'b0}}, DestBase[p*AddrBits +: AddrBits]};
    localparam [31:0] Count = {{(31 - AddrBits){1'b0}}, DestSize[p*(AddrBits+1) +: AddrBits+1]};
    localparam [PassBits-1:0] PassIdx = p;
    for (i = 0; i < Count; i = i + 1) begin : gen_elem
      localparam integer Pe = i % PeCount;
      localparam integer UnitInt = i / PeCount;
      localparam [UnitBits-1:0] Unit = UnitInt[UnitBits-1:0];
      reg [ActBits-1:0] elem_q;
      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
          elem_q <= {ActBits{1'b0}};
        end else if (pe_valid_i[Pe] && ew_pass_i == PassIdx && unit_prev == Unit) begin
          elem_q <= pe_data_i[Pe*ActBits +: ActBits];
        end
      end
      assign store[(Base + i)*ActBits +: ActBits] = elem_q;
    end
  end

  rnngen_mux #(.Width(ActBits), .Count(Size), .SelBits(AddrBits)) u_rd_mux (
    .data_i(store),
    .sel_i (rd_addr_i),
    .data_o(rd_data_o)
  );

  wire out_fire = out_busy_q && out_ready_i;
  assign out_busy_o = out_busy_q;
  assign out_valid_o = out_busy_q;
  rnngen_mux #(.Width(ActBits), .Count(OutSize), .SelBits(IdxBits)) u_out_mux (
    .data_i(store[OutBase*ActBits +: OutSize*ActBits]),
    .sel_i (out_idx_q),
    .data_o(out_data_o)
  );
  assign out_last_o = (out_idx_q == LastIdx);

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      out_busy_q <= 1'b0;
      out_idx_q <= {IdxBits{1'b0}};
    end else if (step_done_i) begin
      out_busy_q <= 1'b1;
      out_idx_q <= {IdxBits{1'b0}};
    end else if (out_fire) begin
      out_busy_q <= !out_last_o;
      out_idx_q <= out_last_o ? {IdxBits{1'b0}} : out_idx_q + 1'b1;
    end
  end

endmodule
