// rnngen_fifo: synchronous FIFO, Depth entries (any Depth >= 1), first-word fall-through:
// data_o shows the head whenever empty_o is low. Push and pop may happen in the same cycle;
// the producer must not push while full_o is high.
module rnngen_fifo #(
  parameter integer Width = 8,
  parameter integer Depth = 8
) (
  input  wire             clk_i,
  input  wire             rst_ni,
  input  wire             push_i,
  input  wire [Width-1:0] data_i,
  input  wire             pop_i,
  output wire [Width-1:0] data_o,
  output wire             empty_o,
  output wire             full_o
);

  localparam integer PtrBits = (Depth > 1) ? $clog2(Depth) : 1;
  localparam integer CountBits = $clog2(Depth + 1);
  localparam integer LastPtrInt = Depth - 1;
  localparam [PtrBits-1:0] LastPtr = LastPtrInt[PtrBits-1:0];
  localparam integer FullCountInt = Depth;
  localparam [CountBits-1:0] FullCount = FullCountInt[CountBits-1:0];

  reg [Width-1:0]     mem [0:Depth-1];
  reg [PtrBits-1:0]   rd_ptr_q;
  reg [PtrBits-1:0]   wr_ptr_q;
  reg [CountBits-1:0] count_q;

  wire do_push = push_i;
  wire do_pop = pop_i && !empty_o;

  assign empty_o = (count_q == {CountBits{1'b0}});
  assign full_o = (count_q == FullCount);
  assign data_o = mem[rd_ptr_q];

  always @(posedge clk_i) begin
    if (do_push) begin
      mem[wr_ptr_q] <= data_i;
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rd_ptr_q <= {PtrBits{1'b0}};
      wr_ptr_q <= {PtrBits{1'b0}};
      count_q <= {CountBits{1'b0}};
    end else begin
      if (do_push) begin
        wr_ptr_q <= (wr_ptr_q == LastPtr) ? {PtrBits{1'b0}} : wr_ptr_q + 1'b1;
      end
      if (do_pop) begin
        rd_ptr_q <= (rd_ptr_q == LastPtr) ? {PtrBits{1'b0}} : rd_ptr_q + 1'b1;
      end
      if (do_push && !do_pop) begin
        count_q <= count_q + 1'b1;
      end else if (do_pop && !do_push) begin
        count_q <= count_q - 1'b1;
      end
    end
  end

endmodule
