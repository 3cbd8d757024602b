#include "emit/vast.h"

#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace rnngen::vast {
namespace {

// Lines of `text` strictly between the first line equal to `first` and the next line equal to
// `last`, each kept with its newline.
std::string Between(const std::string& text, const std::string& first, const std::string& last) {
  std::istringstream in(text);
  std::string line;
  std::string out;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!inside) {
      inside = line == first;
    } else if (line == last) {
      return out;
    } else {
      out += line + "\n";
    }
  }
  return "<missing '" + last + "'>";
}

// A module with one `always @*` block; returns the body of that block as printed.
class VastStatementTest : public ::testing::Test {
 protected:
  VastStatementTest() : m_("t"), body_(m_.AddAlwaysComb()) {}

  std::string Body() { return Between(EmitModule(m_), "  always @* begin", "  end"); }

  Module m_;
  Block* body_;
};

TEST(VastExprTest, PrecedenceAddsOnlyNeededParens) {
  Module m("t");
  auto* a = m.Id("a");
  auto* b = m.Id("b");
  auto* c = m.Id("c");
  auto* d = m.Id("d");
  EXPECT_EQ(EmitExpr(*m.Add(a, m.Mul(b, c))), "a + b * c");
  EXPECT_EQ(EmitExpr(*m.Mul(m.Add(a, b), c)), "(a + b) * c");
  EXPECT_EQ(EmitExpr(*m.Sub(m.Sub(a, b), c)), "a - b - c");
  EXPECT_EQ(EmitExpr(*m.Sub(a, m.Sub(b, c))), "a - (b - c)");
  EXPECT_EQ(EmitExpr(*m.Add(a, m.Add(b, c))), "a + (b + c)");
  EXPECT_EQ(EmitExpr(*m.Shl(a, m.Add(b, c))), "a << b + c");
  EXPECT_EQ(EmitExpr(*m.Add(m.Shl(a, b), c)), "(a << b) + c");
  EXPECT_EQ(EmitExpr(*m.LogicalOr(m.LogicalAnd(a, b), c)), "a && b || c");
  EXPECT_EQ(EmitExpr(*m.LogicalAnd(a, m.LogicalOr(b, c))), "a && (b || c)");
  EXPECT_EQ(EmitExpr(*m.BitOr(m.BitAnd(a, b), c)), "a & b | c");
  EXPECT_EQ(EmitExpr(*m.BitOr(a, m.BitXor(b, m.BitAnd(c, d)))), "a | b ^ c & d");
  EXPECT_EQ(EmitExpr(*m.BitAnd(m.BitOr(a, b), c)), "(a | b) & c");
  EXPECT_EQ(EmitExpr(*m.Eq(m.Lt(a, b), m.Lt(c, d))), "a < b == c < d");
  EXPECT_EQ(EmitExpr(*m.Lt(m.Eq(a, b), c)), "(a == b) < c");
  EXPECT_EQ(EmitExpr(*m.LogicalAnd(m.Ne(a, b), m.Ge(c, d))), "a != b && c >= d");
  EXPECT_EQ(EmitExpr(*m.Ashr(m.Signed(a), m.Int(2))), "$signed(a) >>> 2");
}

TEST(VastExprTest, EachBinaryOperator) {
  Module m("t");
  const std::vector<std::pair<BinaryOp, std::string>> ops = {
      {BinaryOp::kAdd, "+"},        {BinaryOp::kSub, "-"},    {BinaryOp::kMul, "*"},
      {BinaryOp::kDiv, "/"},        {BinaryOp::kMod, "%"},    {BinaryOp::kShl, "<<"},
      {BinaryOp::kShr, ">>"},       {BinaryOp::kAshr, ">>>"}, {BinaryOp::kLt, "<"},
      {BinaryOp::kLe, "<="},        {BinaryOp::kGt, ">"},     {BinaryOp::kGe, ">="},
      {BinaryOp::kEq, "=="},        {BinaryOp::kNe, "!="},    {BinaryOp::kBitAnd, "&"},
      {BinaryOp::kBitXor, "^"},     {BinaryOp::kBitOr, "|"},  {BinaryOp::kLogicalAnd, "&&"},
      {BinaryOp::kLogicalOr, "||"},
  };
  for (const auto& [op, text] : ops) {
    EXPECT_EQ(EmitExpr(*m.Binary(op, m.Id("a"), m.Id("b"))), "a " + text + " b");
  }
}

TEST(VastExprTest, UnaryOperators) {
  Module m("t");
  auto* a = m.Id("a");
  auto* b = m.Id("b");
  EXPECT_EQ(EmitExpr(*m.Not(a)), "!a");
  EXPECT_EQ(EmitExpr(*m.BitNot(a)), "~a");
  EXPECT_EQ(EmitExpr(*m.Neg(a)), "-a");
  EXPECT_EQ(EmitExpr(*m.AndReduce(a)), "&a");
  EXPECT_EQ(EmitExpr(*m.OrReduce(a)), "|a");
  EXPECT_EQ(EmitExpr(*m.XorReduce(a)), "^a");
  EXPECT_EQ(EmitExpr(*m.BitNot(m.BitAnd(a, b))), "~(a & b)");
  EXPECT_EQ(EmitExpr(*m.Not(m.Eq(a, b))), "!(a == b)");
  EXPECT_EQ(EmitExpr(*m.Neg(m.Neg(a))), "-(-a)");
  EXPECT_EQ(EmitExpr(*m.BitNot(m.Slice(a, 3, 0))), "~a[3:0]");
  EXPECT_EQ(EmitExpr(*m.BitAnd(a, m.BitNot(b))), "a & ~b");
  // A reduction next to a binary operator is parenthesised for legibility.
  EXPECT_EQ(EmitExpr(*m.BitAnd(a, m.AndReduce(b))), "a & (&b)");
  EXPECT_EQ(EmitExpr(*m.LogicalOr(m.OrReduce(a), b)), "(|a) || b");
}

TEST(VastExprTest, Ternary) {
  Module m("t");
  auto* a = m.Id("a");
  auto* b = m.Id("b");
  auto* c = m.Id("c");
  auto* d = m.Id("d");
  auto* e = m.Id("e");
  EXPECT_EQ(EmitExpr(*m.Ternary(a, b, c)), "a ? b : c");
  EXPECT_EQ(EmitExpr(*m.Ternary(a, b, m.Ternary(c, d, e))), "a ? b : c ? d : e");
  EXPECT_EQ(EmitExpr(*m.Ternary(m.Ternary(a, b, c), d, e)), "(a ? b : c) ? d : e");
  EXPECT_EQ(EmitExpr(*m.Ternary(a, m.Ternary(b, c, d), e)), "a ? (b ? c : d) : e");
  EXPECT_EQ(EmitExpr(*m.Add(m.Ternary(a, b, c), d)), "(a ? b : c) + d");
  EXPECT_EQ(EmitExpr(*m.Ternary(m.Eq(a, b), m.Add(c, d), e)), "a == b ? c + d : e");
}

TEST(VastExprTest, Literals) {
  Module m("t");
  EXPECT_EQ(EmitExpr(*m.Lit(8, 5)), "8'd5");
  EXPECT_EQ(EmitExpr(*m.Hex(16, 0xff)), "16'h00ff");
  EXPECT_EQ(EmitExpr(*m.Hex(10, 0x3ff)), "10'h3ff");
  EXPECT_EQ(EmitExpr(*m.Bin(4, 5)), "4'b0101");
  EXPECT_EQ(EmitExpr(*m.Lit(1, 1)), "1'b1");
  EXPECT_EQ(EmitExpr(*m.Lit(1, 0)), "1'b0");
  EXPECT_EQ(EmitExpr(*m.Lit(64, ~uint64_t{0})), "64'd18446744073709551615");
  EXPECT_EQ(EmitExpr(*m.WideLit(72, {1, 0xab})), "72'hab0000000000000001");
  EXPECT_EQ(EmitExpr(*m.WideLit(66, {0, 2}, Radix::kDecimal)), "66'h20000000000000000");
  Literal* s = m.Lit(8, 5);
  s->is_signed = true;
  EXPECT_EQ(EmitExpr(*s), "8'sd5");
  EXPECT_EQ(EmitExpr(*m.Int(4)), "4");
  EXPECT_EQ(EmitExpr(*m.Int(-3)), "-3");
  EXPECT_EQ(EmitExpr(*m.Neg(m.Int(-3))), "-(-3)");
  EXPECT_EQ(EmitExpr(*m.Str("a \"b\"\\c.hex")), R"("a \"b\"\\c.hex")");
  EXPECT_THROW(m.Lit(4, 16), std::invalid_argument);
  EXPECT_THROW(m.Lit(0, 0), std::invalid_argument);
  EXPECT_THROW(m.WideLit(65, {0, 2}), std::invalid_argument);
}

TEST(VastExprTest, SelectsConcatenationsAndCalls) {
  Module m("t");
  auto* a = m.Id("a");
  auto* b = m.Id("b");
  auto* i = m.Id("i");
  EXPECT_EQ(EmitExpr(*m.Index(a, 3)), "a[3]");
  EXPECT_EQ(EmitExpr(*m.Index(a, i)), "a[i]");
  EXPECT_EQ(EmitExpr(*m.Slice(a, 7, 0)), "a[7:0]");
  EXPECT_EQ(EmitExpr(*m.Slice(a, m.Sub(m.Id("W"), m.Int(1)), 0)), "a[W - 1:0]");
  EXPECT_EQ(EmitExpr(*m.IndexedSlice(a, m.Mul(i, m.Int(8)), 8)), "a[i * 8 +: 8]");
  EXPECT_EQ(EmitExpr(*m.IndexedSliceDown(a, i, m.Int(4))), "a[i -: 4]");
  EXPECT_EQ(EmitExpr(*m.Slice(m.Index(m.Id("mem"), i), 7, 0)), "mem[i][7:0]");
  EXPECT_EQ(EmitExpr(*m.Concat({a, m.Slice(b, 3, 0), m.Lit(4, 0)})), "{a, b[3:0], 4'd0}");
  EXPECT_EQ(EmitExpr(*m.Replicate(4, a)), "{4{a}}");
  EXPECT_EQ(EmitExpr(*m.Replicate(m.Id("W"), m.Lit(1, 0))), "{W{1'b0}}");
  EXPECT_EQ(EmitExpr(*m.Replicate(m.Add(m.Id("N"), m.Int(1)), m.Lit(1, 0))), "{(N + 1){1'b0}}");
  EXPECT_EQ(EmitExpr(*m.Replicate(m.Int(2), {a, b})), "{2{a, b}}");
  EXPECT_EQ(EmitExpr(*m.Signed(a)), "$signed(a)");
  EXPECT_EQ(EmitExpr(*m.Unsigned(m.Add(a, b))), "$unsigned(a + b)");
  EXPECT_EQ(EmitExpr(*m.Clog2(m.Id("Depth"))), "$clog2(Depth)");
  EXPECT_EQ(EmitExpr(*m.Add(m.Concat({a, b}), m.Int(1))), "{a, b} + 1");
}

TEST(VastExprTest, MalformedExpressionsAreErrors) {
  Module m("t");
  auto* a = m.Id("a");
  EXPECT_THROW(EmitExpr(*m.Id("module")), std::logic_error);
  EXPECT_THROW(EmitExpr(*m.Id("3x")), std::logic_error);
  EXPECT_THROW(EmitExpr(*m.Id("")), std::logic_error);
  EXPECT_THROW(EmitExpr(*m.Index(m.Add(a, a), 0)), std::logic_error);
  EXPECT_THROW(EmitExpr(*m.SysCall("signed", {a})), std::logic_error);
  EXPECT_THROW(m.Add(a, nullptr), std::invalid_argument);
  EXPECT_THROW(m.Concat({}), std::invalid_argument);
  EXPECT_TRUE(IsLegalName("data_i"));
  EXPECT_FALSE(IsLegalName("logic"));
  EXPECT_FALSE(IsLegalName("wire"));
  EXPECT_FALSE(IsLegalName("a-b"));
}

TEST_F(VastStatementTest, IfElseChain) {
  auto* a = m_.Id("a");
  auto* x = m_.Id("x");
  IfStatement* s = body_->If(m_.Eq(a, m_.Lit(2, 0)));
  s->Then()->Blocking(x, m_.Int(1));
  s->ElseIf(m_.Eq(a, m_.Lit(2, 1)))->Blocking(x, m_.Int(2));
  s->Else()->Blocking(x, m_.Int(3));
  body_->If(a)->Then()->Comment("nothing else");
  EXPECT_EQ(Body(), R"(    if (a == 2'd0) begin
      x = 1;
    end else if (a == 2'd1) begin
      x = 2;
    end else begin
      x = 3;
    end
    if (a) begin
      // nothing else
    end
)");
  EXPECT_THROW(s->ElseIf(a), std::logic_error);
}

TEST_F(VastStatementTest, Case) {
  auto* sel = m_.Id("sel");
  auto* x = m_.Id("x");
  auto* y = m_.Id("y");
  CaseStatement* c = body_->Case(sel);
  c->Default()->Blocking(x, m_.Int(0));
  c->Item(m_.Lit(2, 0))->Blocking(x, y);
  Block* two = c->Item({m_.Lit(2, 1), m_.Lit(2, 2)});
  two->Blocking(x, m_.Int(1));
  two->Blocking(y, m_.Int(2));
  c->Item(m_.Lit(2, 3));
  EXPECT_EQ(Body(), R"(    case (sel)
      2'd0: x = y;
      2'd1, 2'd2: begin
        x = 1;
        y = 2;
      end
      2'd3: ;
      default: x = 0;
    endcase
)");
}

TEST_F(VastStatementTest, ForBlocksAndTasks) {
  auto* i = m_.Id("i");
  auto* mem = m_.Id("mem");
  Block* loop = body_->For(i, m_.Int(0), m_.Lt(i, m_.Id("Depth")), m_.Add(i, m_.Int(1)));
  loop->NonBlocking(m_.Index(mem, i), m_.Int(0));
  Block* inner = body_->Begin();
  inner->Blocking(m_.Concat({m_.Id("c"), m_.Id("s")}), m_.Add(m_.Id("a"), m_.Id("b")));
  body_->SystemTask("$readmemh", {m_.Id("File"), mem});
  body_->SystemTask("$finish", {});
  EXPECT_EQ(Body(), R"(    for (i = 0; i < Depth; i = i + 1) begin
      mem[i] <= 0;
    end
    begin
      {c, s} = a + b;
    end
    $readmemh(File, mem);
    $finish;
)");
}

TEST_F(VastStatementTest, BadTargetsAreErrors) {
  body_->Blocking(m_.Add(m_.Id("a"), m_.Id("b")), m_.Int(0));
  EXPECT_THROW(EmitModule(m_), std::logic_error);
}

TEST(VastModuleTest, HeaderParametersAndPorts) {
  Module m("rom");
  Identifier* width = m.AddParameter("Width", m.Int(8));
  m.AddParameter("Init", m.Hex(8, 0x5a), ParamType::Packed(8));
  m.AddParameter("Flag", m.Lit(1, 0), ParamType::Packed(1));
  m.AddParameter("File", m.Str("rom.hex"), ParamType::Untyped());
  m.AddInput("clk_i");
  m.AddInput("addr_i", Wire(4));
  m.AddInput("x_i", Wire(width).Signed());
  m.AddOutput("data_o", Reg(width));
  m.AddOutput("ok_o");
  EXPECT_EQ(EmitModule(m), R"(module rom #(
  parameter integer Width = 8,
  parameter [7:0] Init = 8'h5a,
  parameter [0:0] Flag = 1'b0,
  parameter File = "rom.hex"
) (
  input  wire                    clk_i,
  input  wire        [3:0]       addr_i,
  input  wire signed [Width-1:0] x_i,
  output reg         [Width-1:0] data_o,
  output wire                    ok_o
);

endmodule
)");
}

TEST(VastModuleTest, NoParametersNoPorts) {
  Module m("empty");
  EXPECT_EQ(EmitModule(m), "module empty ();\n\nendmodule\n");
  Module n("inputs_only");
  n.AddInput("a_i");
  n.AddInput("b_i", Wire(2));
  EXPECT_EQ(EmitModule(n), R"(module inputs_only (
  input wire       a_i,
  input wire [1:0] b_i
);

endmodule
)");
}

TEST(VastModuleTest, Declarations) {
  Module m("t");
  Identifier* width = m.AddParameter("Width", m.Int(8));
  Identifier* depth = m.AddParameter("Depth", m.Int(4));
  m.AddComment("Storage.");
  m.AddBlank();
  m.AddLocalParam("PtrBits", m.Clog2(depth));
  m.AddLocalParam("Last", m.Sub(depth, m.Int(1)), ParamType::Packed(m.Id("PtrBits")));
  m.AddLocalParam("Name", m.Str("x"), ParamType::Untyped());
  m.AddBlank();
  m.AddDecl("mem", Reg(width).Array(depth));
  m.AddReg("ptr_q", Width(m.Id("PtrBits")));
  m.AddDecl("acc_q", Reg(Width::Range(m.Add(width, m.Int(2)), m.Int(0))).Signed());
  m.AddDecl("lut", Reg(16).Array(Width::Range(m.Int(0), m.Int(255))));
  m.AddReg("flag_q");
  m.AddBlank();
  m.AddWire("take", {}, m.LogicalAnd(m.Id("ptr_q"), m.Id("flag_q")));
  m.AddWire("sum", Width(m.Add(width, m.Int(1))));
  m.AddInteger("i");
  m.AddAssign(m.Id("sum"), m.Add(m.Index(m.Id("mem"), 0), m.Index(m.Id("mem"), 1)));
  EXPECT_EQ(Between(EmitModule(m), ") ();", "endmodule"), R"(
  // Storage.

  localparam integer PtrBits = $clog2(Depth);
  localparam [PtrBits-1:0] Last = Depth - 1;
  localparam Name = "x";

  reg        [Width-1:0]   mem [0:Depth-1];
  reg        [PtrBits-1:0] ptr_q;
  reg signed [Width + 2:0] acc_q;
  reg        [15:0]        lut [0:255];
  reg                      flag_q;

  wire           take = ptr_q && flag_q;
  wire [Width:0] sum;
  integer i;
  assign sum = mem[0] + mem[1];

)");
}

TEST(VastModuleTest, WidthsFoldSimpleArithmetic) {
  Module m("t");
  Identifier* w = m.AddParameter("W", m.Int(8));
  m.AddWire("a", Width(m.Add(w, m.Int(1))));
  m.AddWire("b", Width(m.Add(w, m.Int(3))));
  m.AddWire("c", Width(m.Sub(w, m.Int(1))));
  m.AddWire("d", Width(m.Mul(w, m.Int(2))));
  m.AddWire("e", Width(m.Shl(w, m.Int(1))));
  m.AddWire("f", Width(m.Int(4)));
  m.AddDecl("g", Wire().Array(m.Add(w, m.Int(1))));
  EXPECT_EQ(Between(EmitModule(m), ") ();", "endmodule"), R"(
  wire [W:0]            a;
  wire [W + 2:0]        b;
  wire [W - 2:0]        c;
  wire [W * 2 - 1:0]    d;
  wire [(W << 1) - 1:0] e;
  wire [3:0]            f;
  wire                  g [0:W];

)");
}

TEST(VastModuleTest, InstanceWithParametersAndOpenOutput) {
  Module m("top");
  Identifier* clk = m.AddInput("clk_i");
  Identifier* d = m.AddInput("d_i", Wire(8));
  m.AddInstance("rnngen_fifo", "u_fifo")
      ->Param("Width", m.Int(8))
      ->Param("Depth", m.Int(4))
      ->Connect("clk_i", clk)
      ->Connect("data_i", m.Slice(d, 7, 0))
      ->Connect("full_o", nullptr)
      ->Open("empty_o");
  m.AddInstance("leaf", "u_leaf")->Connect("a_i", d);
  m.AddInstance("leaf", "u_leaf2");
  EXPECT_EQ(Between(EmitModule(m), ");", "endmodule"), R"(
  rnngen_fifo #(
    .Width (8),
    .Depth (4)
  ) u_fifo (
    .clk_i   (clk_i),
    .data_i  (d_i[7:0]),
    .full_o  (),
    .empty_o ()
  );

  leaf u_leaf (
    .a_i (d_i)
  );

  leaf u_leaf2 ();

)");
}

TEST(VastModuleTest, DuplicateNamesAreErrors) {
  Module m("t");
  m.AddInput("a");
  m.AddWire("a");
  EXPECT_THROW(EmitModule(m), std::logic_error);
  Module n("t");
  n.AddInstance("leaf", "u")->Connect("a_i", n.Int(0))->Connect("a_i", n.Int(1));
  EXPECT_THROW(EmitModule(n), std::logic_error);
  Module k("t");
  k.AddInput("q_i", Reg());
  EXPECT_THROW(EmitModule(k), std::logic_error);
  Module bad("endmodule");
  EXPECT_THROW(EmitModule(bad), std::logic_error);
}

TEST(VastModuleTest, LongLinesBreak) {
  Module m("t");
  std::vector<Expr*> parts;
  for (int i = 0; i < 24; ++i) parts.push_back(m.Id("part_" + std::to_string(i) + "_q"));
  Identifier* y = m.AddOutput("y_o", Wire(24 * 8));
  m.AddAssign(y, m.Concat(parts));
  m.AddComment(
      "A long comment that goes on and on about the weights, the activations, the states and the "
      "accumulators until it no longer fits on one line.");
  const std::string text = EmitModule(m);
  EXPECT_EQ(Between(text, ");", "endmodule"), R"(
  assign y_o = {part_0_q, part_1_q, part_2_q, part_3_q, part_4_q, part_5_q, part_6_q, part_7_q,
      part_8_q, part_9_q, part_10_q, part_11_q, part_12_q, part_13_q, part_14_q, part_15_q,
      part_16_q, part_17_q, part_18_q, part_19_q, part_20_q, part_21_q, part_22_q, part_23_q};
  // A long comment that goes on and on about the weights, the activations, the states and the
  // accumulators until it no longer fits on one line.

)");
}

// A whole small module, as the lowering would build one.
TEST(VastModuleTest, WholeModule) {
  Module m("rnngen_counter");
  m.AddHeaderComment("rnngen_counter: counts enabled cycles.\nGenerated; do not edit.");
  Identifier* width = m.AddParameter("Width", m.Int(8));
  Identifier* clk = m.AddInput("clk_i");
  Identifier* rst = m.AddInput("rst_ni");
  Identifier* en = m.AddInput("en_i");
  Identifier* count = m.AddOutput("count_o", Wire(width));
  Identifier* wrap = m.AddOutput("wrap_o");
  Identifier* q = m.AddReg("count_q", width);
  m.AddAssign(count, q);
  m.AddAssign(wrap, m.AndReduce(q));
  m.AddComment("The counter.");
  Block* ff = m.AddAlwaysFf(clk, rst);
  IfStatement* reset = ff->If(m.Not(rst));
  reset->Then()->NonBlocking(q, m.Replicate(width, m.Lit(1, 0)));
  reset->ElseIf(en)->NonBlocking(q, m.Add(q, m.Lit(1, 1)));
  EXPECT_EQ(EmitModule(m), R"(// rnngen_counter: counts enabled cycles.
// Generated; do not edit.
module rnngen_counter #(
  parameter integer Width = 8
) (
  input  wire             clk_i,
  input  wire             rst_ni,
  input  wire             en_i,
  output wire [Width-1:0] count_o,
  output wire             wrap_o
);

  reg [Width-1:0] count_q;
  assign count_o = count_q;
  assign wrap_o = &count_q;

  // The counter.
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      count_q <= {Width{1'b0}};
    end else if (en_i) begin
      count_q <= count_q + 1'b1;
    end
  end

endmodule
)");
}

Module MakeHalfBuilt(Block** body) {
  Module m("moved");
  Identifier* y = m.AddOutput("y_o", Reg());
  *body = m.AddAlwaysComb();
  (*body)->Blocking(y, m.Lit(1, 0));
  return m;
}

TEST(VastModuleTest, MovingKeepsNodesAndBlocksValid) {
  Block* body = nullptr;
  Module m = MakeHalfBuilt(&body);
  body->If(m.Lit(1, 1))->Then()->Blocking(m.Id("y_o"), m.Lit(1, 1));
  Module n = std::move(m);
  EXPECT_EQ(EmitModule(n), R"(module moved (
  output reg y_o
);

  always @* begin
    y_o = 1'b0;
    if (1'b1) begin
      y_o = 1'b1;
    end
  end

endmodule
)");
}

TEST(VastModuleTest, OutputIsClean) {
  Module m("t");
  m.AddHeaderComment("tab\there, trailing   \n");
  Identifier* a = m.AddInput("a_i", Wire(4));
  Identifier* y = m.AddOutput("y_o", Reg(4));
  m.AddBlank();
  m.AddBlank();
  Block* comb = m.AddAlwaysComb();
  comb->Blocking(y, a);
  m.AddBlank();
  const std::string text = EmitModule(m);
  EXPECT_EQ(text.find('\t'), std::string::npos);
  EXPECT_EQ(text.find('\r'), std::string::npos);
  EXPECT_EQ(text.find(" \n"), std::string::npos);
  EXPECT_EQ(text.find("\n\n\n"), std::string::npos);
  ASSERT_GE(text.size(), 2u);
  EXPECT_EQ(text.substr(text.size() - 2), "e\n");
  EXPECT_EQ(text.substr(0, 28), "// tab here, trailing\n//\nmod");
  EXPECT_EQ(EmitModule(m), text);  // deterministic, and printing does not change the module
}

}  // namespace
}  // namespace rnngen::vast
