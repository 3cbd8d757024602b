// rnngen_col_count: a PE's entries in the column being broadcast (EIE's column pointers).
//
// Csc: the column end pointers are a ROM read one column ahead (bc_col_next_i), so col_count_o
// matches the column on bc_fire_i; the count is that end minus the previous column's end, which
// restarts at 0 after the step's last column. Dense: the pass's fixed count per column.
module rnngen_col_count #(
  parameter integer Dense = 0,
  parameter integer NumCols = 4,
  parameter integer NumPasses = 1,
  parameter integer PtrBits = 1,
  parameter PtrFile = "ptr.hex",
  // Dense encoding: this PE's entries per column, per pass.
  parameter [NumPasses*PtrBits-1:0] PassCount = 0
) (
  input  wire                                      clk_i,
  input  wire                                      rst_ni,
  input  wire [((NumCols > 1) ? $clog2(NumCols) : 1)-1:0] bc_col_next_i,
  input  wire                                      bc_fire_i,
  input  wire                                      bc_last_i,
  input  wire [((NumPasses > 1) ? $clog2(NumPasses) : 1)-1:0] bc_pass_i,
  output wire [PtrBits-1:0]                        col_count_o
);

  localparam integer ColBits = (NumCols > 1) ? $clog2(NumCols) : 1;
  localparam integer PassBits = (NumPasses > 1) ? $clog2(NumPasses) : 1;

  if (Dense != 0) begin : gen_dense_count
    rnngen_mux #(.Width(PtrBits), .Count(NumPasses), .SelBits(PassBits)) u_count_mux (
      .data_i(PassCount),
      .sel_i (bc_pass_i),
      .data_o(col_count_o)
    );
    wire unused_dense = ^{clk_i, rst_ni, bc_col_next_i, bc_fire_i, bc_last_i};
  end else begin : gen_csc_count
    wire unused_pass = ^{bc_pass_i, PassCount};
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
    assign col_count_o = col_end - col_start_q;
    always @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        col_start_q <= {PtrBits{1'b0}};
      end else if (bc_fire_i) begin
        col_start_q <= bc_last_i ? {PtrBits{1'b0}} : col_end;
      end
    end
  end

endmodule
