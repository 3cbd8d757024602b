// rnngen_vbuf: the vector store (every vector a pass writes and a later pass broadcasts: each
// layer's output y, LSTMP's m, GRU's r * h) and the output stream (the last pass's vector).
//
// Inferred RAM, one bank per PE: element i of a vector lives in bank i mod PeCount, at bank row
// (the vector's first row) + i div PeCount, so PE k's results always go to bank k and every bank
// writes the same row on the same cycle. With BlockBits > 0 (circulant weights), elements go
// to the banks in blocks of 2^BlockBits: block j = i >> BlockBits in bank j mod PeCount, at rows
// ((j div PeCount) << BlockBits) + (i mod 2^BlockBits) (model/partition.h) (pass p's first row is DestRow[p]; DestStore[p] is 0 when
// no pass broadcasts its vector). The element of unit u a PE presents on phase 0 of the next
// slot goes to row DestRow[p] + u.
//
// Broadcast reads are synchronous: the controller presents the bank, row and writing pass of
// the element it broadcasts on the NEXT cycle (rd_bank_i, rd_row_i, rd_src_i), and rd_data_o
// holds that element on that cycle. A read of a row written on the same edge returns the new
// value. The RAM is not reset: one flag per pass records that it has written its vector since
// reset, and an element of a vector not yet written reads as zero (a vector is written only in
// its pass's element-wise phase and broadcast only in MAC phases, so it is read either wholly
// written or not at all).
//
// The output vector (OutSize elements, written by pass OutPass) also goes to a second RAM per
// bank (OutDepth rows), read by the output stream alone: it streams out (valid/ready, out_last_o
// on the final element) from the cycle after step_done_i. The last pass does not start its
// element-wise phase while the stream is still busy, so the vector is never overwritten before
// it left.
module rnngen_vbuf #(
  parameter integer NumPasses = 1,
  parameter integer PeCount = 1,
  parameter integer BlockBits = 0,
  parameter integer MaxUnits = 1,
  parameter integer ActBits = 16,
  parameter integer BankDepth = 1,
  parameter integer RowBits = 1,
  parameter integer OutSize = 1,
  parameter integer OutDepth = 1,
  parameter integer OutPass = 0,
  parameter [NumPasses*RowBits-1:0] DestRow = 0,
  parameter [NumPasses-1:0] DestStore = 0
) (
  input  wire                               clk_i,
  input  wire                               rst_ni,
  input  wire [PeCount-1:0]                 pe_valid_i,
  input  wire [PeCount*ActBits-1:0]         pe_data_i,
  input  wire [((NumPasses > 1) ? $clog2(NumPasses) : 1)-1:0] ew_pass_i,
  input  wire [$clog2(MaxUnits+1)-1:0]      res_unit_i,
  input  wire                               step_done_i,
  input  wire [((PeCount > 1) ? $clog2(PeCount) : 1)-1:0] rd_bank_i,
  input  wire [RowBits-1:0]                 rd_row_i,
  input  wire [((NumPasses > 1) ? $clog2(NumPasses) : 1)-1:0] rd_src_i,
  output wire [ActBits-1:0]                 rd_data_o,
  output wire                               out_busy_o,
  output wire                               out_valid_o,
  input  wire                               out_ready_i,
  output wire [ActBits-1:0]                 out_data_o,
  output wire                               out_last_o
);

  localparam integer PassBits = (NumPasses > 1) ? $clog2(NumPasses) : 1;
  localparam integer UnitBits = $clog2(MaxUnits + 1);
  localparam integer BankBits = (PeCount > 1) ? $clog2(PeCount) : 1;
  localparam integer OutRowBits = (OutDepth > 1) ? $clog2(OutDepth) : 1;
  localparam integer OutBlocks = (OutSize + (1 << BlockBits) - 1) >> BlockBits;
  localparam integer OutBanks = (OutBlocks < PeCount) ? OutBlocks : PeCount;
  localparam integer SumBits = ((RowBits > UnitBits) ? RowBits : UnitBits) + 1;
  localparam integer LastBankInt = PeCount - 1;
  localparam [BankBits-1:0] LastBank = LastBankInt[BankBits-1:0];
  localparam integer OutLastBankInt = ((OutSize - 1) >> BlockBits) % PeCount;
  localparam integer OutLastRowInt = (((OutSize - 1) >> BlockBits) / PeCount << BlockBits) +
                                     ((OutSize - 1) % (1 << BlockBits));
  // At the end of a block that is not a row's last, the next block's element starts 2^BlockBits
  // - 1 rows back.
  localparam integer BlockBackInt = (1 << BlockBits) - 1;
  localparam [OutRowBits-1:0] BlockBack = BlockBackInt[OutRowBits-1:0];
  localparam [BankBits-1:0] OutLastBank = OutLastBankInt[BankBits-1:0];
  localparam [OutRowBits-1:0] OutLastRow = OutLastRowInt[OutRowBits-1:0];
  localparam integer OutPassInt = OutPass;
  localparam [PassBits-1:0] OutPassIdx = OutPassInt[PassBits-1:0];

  // ---- Writes: the unit whose element the PEs present on this step (res_unit_i, the
  // sequencer's previous slot's), at its row of the pass's vector.
  wire [UnitBits-1:0] unit_prev = res_unit_i;
  wire [RowBits-1:0]  dest_row;
  wire                dest_store;
  rnngen_mux #(.Width(RowBits + 1), .Count(NumPasses), .SelBits(PassBits)) u_dest (
    .data_i(pack_dest(DestRow, DestStore)), .sel_i(ew_pass_i), .data_o({dest_row, dest_store}));
  wire [SumBits-1:0] wr_sum =
      {{(SumBits - RowBits){1'b0}}, dest_row} + {{(SumBits - UnitBits){1'b0}}, unit_prev};
  wire [RowBits-1:0] wr_row = wr_sum[RowBits-1:0];
  wire unused_wr_sum = ^wr_sum[SumBits-1:RowBits];
  wire wr_out = (ew_pass_i == OutPassIdx);
  wire [OutRowBits-1:0] out_wr_row = unit_prev[OutRowBits-1:0];

  // Pass constants interleaved {row, store} per pass, for one mux.
  function [NumPasses*(RowBits+1)-1:0] pack_dest(input [NumPasses*RowBits-1:0] row,
                                                 input [NumPasses-1:0] store);
    integer n;
    begin
      for (n = 0; n < NumPasses; n = n + 1) begin
        pack_dest[n*(RowBits+1) +: RowBits+1] = {row[n*RowBits +: RowBits], store[n]};
      end
    end
  endfunction

  // ---- Written since reset, per pass (this edge's writes included).
  reg  [NumPasses-1:0] written_q;
  wire [NumPasses-1:0] written_d;
  genvar p, k;
  for (p = 0; p < NumPasses; p = p + 1) begin : gen_written
    localparam [PassBits-1:0] PassIdx = p;
    assign written_d[p] = written_q[p] || (ew_pass_i == PassIdx && (|pe_valid_i));
  end
  wire rd_src_written;
  rnngen_mux #(.Width(1), .Count(NumPasses), .SelBits(PassBits)) u_rd_src (
    .data_i(written_d), .sel_i(rd_src_i), .data_o(rd_src_written));

  // ---- Output stream position: bank and row of element out_idx (stepped, no division).
  reg                  out_busy_q;
  reg [BankBits-1:0]   out_bank_q;
  reg [OutRowBits-1:0] out_row_q;
  wire out_fire = out_busy_q && out_ready_i;
  wire out_last = (out_bank_q == OutLastBank) && (out_row_q == OutLastRow);
  wire out_wrap = (out_bank_q == LastBank);
  wire out_restart = step_done_i || (out_fire && out_last);
  // The element ends its block (every element without blocks).
  wire out_block_end;
  if (BlockBits > 0) begin : gen_out_block
    reg [BlockBits-1:0] out_lo_q;
    assign out_block_end = (out_lo_q == {BlockBits{1'b1}});
    always @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        out_lo_q <= {BlockBits{1'b0}};
      end else if (out_restart) begin
        out_lo_q <= {BlockBits{1'b0}};
      end else if (out_fire) begin
        out_lo_q <= out_lo_q + 1'b1;
      end
    end
  end else begin : gen_out_noblock
    assign out_block_end = 1'b1;
  end
  wire [BankBits-1:0] out_bank_d =
      out_restart                ? {BankBits{1'b0}} :
      !out_fire || !out_block_end ? out_bank_q :
      out_wrap                   ? {BankBits{1'b0}} : out_bank_q + 1'b1;
  wire [OutRowBits-1:0] out_row_d =
      out_restart                ? {OutRowBits{1'b0}} :
      !out_fire                  ? out_row_q :
      (!out_block_end || out_wrap) ? out_row_q + 1'b1 : out_row_q - BlockBack;

  // ---- The banks: one write port (PE k), one synchronous read port (broadcast); the output
  // vector's copy: one write port, one synchronous read port (stream).
  wire [PeCount*ActBits-1:0]  bank_data;
  wire [OutBanks*ActBits-1:0] out_bank_data;
  for (k = 0; k < PeCount; k = k + 1) begin : gen_bank
    wire [ActBits-1:0] wr_data = pe_data_i[k*ActBits +: ActBits];
    wire we = pe_valid_i[k] && dest_store;
    reg [ActBits-1:0] mem [0:BankDepth-1];
    reg [ActBits-1:0] rd_q;
    always @(posedge clk_i) begin
      if (we) mem[wr_row] <= wr_data;
      if (we && wr_row == rd_row_i) begin
        rd_q <= wr_data;
      end else begin
        rd_q <= mem[rd_row_i];
      end
    end
    assign bank_data[k*ActBits +: ActBits] = rd_q;

    if (k < OutBanks) begin : gen_out
      wire out_we = pe_valid_i[k] && wr_out;
      reg [ActBits-1:0] out_mem [0:OutDepth-1];
      reg [ActBits-1:0] out_q;
      always @(posedge clk_i) begin
        if (out_we) out_mem[out_wr_row] <= wr_data;
        if (out_we && out_wr_row == out_row_d) begin
          out_q <= wr_data;
        end else begin
          out_q <= out_mem[out_row_d];
        end
      end
      assign out_bank_data[k*ActBits +: ActBits] = out_q;
    end
  end

  // ---- Broadcast read: the bank read on the previous edge, zero while its vector is unwritten.
  reg [BankBits-1:0] rd_bank_q;
  reg                rd_ok_q;
  wire [ActBits-1:0] rd_word;
  rnngen_mux #(.Width(ActBits), .Count(PeCount), .SelBits(BankBits)) u_rd_mux (
    .data_i(bank_data),
    .sel_i (rd_bank_q),
    .data_o(rd_word)
  );
  assign rd_data_o = rd_ok_q ? rd_word : {ActBits{1'b0}};

  assign out_busy_o = out_busy_q;
  assign out_valid_o = out_busy_q;
  rnngen_mux #(.Width(ActBits), .Count(OutBanks), .SelBits(BankBits)) u_out_mux (
    .data_i(out_bank_data),
    .sel_i (out_bank_q),
    .data_o(out_data_o)
  );
  assign out_last_o = out_last;

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      written_q <= {NumPasses{1'b0}};
      rd_bank_q <= {BankBits{1'b0}};
      rd_ok_q <= 1'b0;
      out_busy_q <= 1'b0;
      out_bank_q <= {BankBits{1'b0}};
      out_row_q <= {OutRowBits{1'b0}};
    end else begin
      written_q <= written_d;
      rd_bank_q <= rd_bank_i;
      rd_ok_q <= rd_src_written;
      out_bank_q <= out_bank_d;
      out_row_q <= out_row_d;
      if (step_done_i) begin
        out_busy_q <= 1'b1;
      end else if (out_fire) begin
        out_busy_q <= !out_last;
      end
    end
  end

endmodule
