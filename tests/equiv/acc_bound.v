// acc_bound: the accumulator rule of docs/arithmetic.md as a checkable circuit. An AccBits-wide
// register that wraps like the hardware (acc_q, rnngen_pe's acc_row_q) and an exact 128-bit sum
// (sum_q) both start from a bias and add up to Terms terms; bias and terms are any values with
// |v| <= 2^P (P = WeightBits + ActBits - 2: every product and every bias obeys it, see
// prod_bound.v and BiasBits() in fixed_point.h); an out-of-range input is replaced by 0.
// ok_o says the wrapping register still equals the exact sum (nothing overflowed), together with
// the inductive invariant |sum_q| <= (count_q + 1) * 2^P, count_q <= Terms. prove.sh proves
// ok_o always high with sat -tempinduct when AccBits >= MinAccumulatorBits(), and shows a
// counterexample for one bit less.
module acc_bound #(
  parameter integer P = 22,
  parameter integer AccBits = 32,
  parameter integer Terms = 192
) (
  input  wire                clk_i,
  input  wire                rst_ni,
  input  wire                init_i,   // load bias_i, count 0
  input  wire                valid_i,  // add term_i (ignored after Terms terms)
  input  wire signed [127:0] bias_i,
  input  wire signed [127:0] term_i,
  output wire                ok_o
);

  localparam signed [127:0] Bound = 128'sd1 <<< P;

  wire signed [127:0] bias = (bias_i > Bound || bias_i < -Bound) ? 128'sd0 : bias_i;
  wire signed [127:0] term = (term_i > Bound || term_i < -Bound) ? 128'sd0 : term_i;

  reg  signed [AccBits-1:0] acc_q;
  reg  signed [127:0]       sum_q;
  reg  [31:0]               count_q;
  wire                      add = valid_i && (count_q < Terms);

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      acc_q <= 0;
      sum_q <= 128'sd0;
      count_q <= 32'd0;
    end else if (init_i) begin
      acc_q <= bias[AccBits-1:0];
      sum_q <= bias;
      count_q <= 32'd0;
    end else if (add) begin
      acc_q <= acc_q + term[AccBits-1:0];
      sum_q <= sum_q + term;
      count_q <= count_q + 32'd1;
    end
  end

  wire signed [127:0] acc_wide = acc_q;  // sign-extended
  wire signed [127:0] limit = ({96'd0, count_q} + 128'sd1) <<< P;

  assign ok_o = (acc_wide == sum_q) && (count_q <= Terms) && (sum_q <= limit) && (sum_q >= -limit);

endmodule
