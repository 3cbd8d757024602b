// Builds two small modules with vast and checks that real tools accept what the printer writes:
// Verilator's linter with every warning on, Icarus Verilog in Verilog-2005 mode, and Yosys
// elaboration plus synthesis with no latches inferred.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "emit/vast.h"

namespace rnngen::vast {
namespace {

namespace fs = std::filesystem;

// vt_mux: registers one of four Width-bit lanes of data_i, chosen by sel_i, and reports the
// parity of the registered lane.
std::string BuildMux() {
  Module m("vt_mux");
  m.AddHeaderComment("vt_mux: picks one lane of four (vast tools test).");
  Identifier* width = m.AddParameter("Width", m.Int(8));
  Identifier* clk = m.AddInput("clk_i");
  Identifier* rst = m.AddInput("rst_ni");
  Identifier* sel = m.AddInput("sel_i", Wire(2));
  Identifier* data = m.AddInput("data_i", Wire(m.Mul(m.Int(4), width)));
  Identifier* out = m.AddOutput("data_o", Reg(width));
  Identifier* parity = m.AddOutput("parity_o");

  m.AddAssign(parity, m.XorReduce(out));
  m.AddComment("Lane select, registered.");
  Block* ff = m.AddAlwaysFf(clk, rst);
  IfStatement* reset = ff->If(m.Not(rst));
  reset->Then()->NonBlocking(out, m.Replicate(width, m.Lit(1, 0)));
  CaseStatement* lanes = reset->Else()->Case(sel);
  lanes->Item(m.Lit(2, 0))->NonBlocking(out, m.Slice(data, m.Sub(width, m.Int(1)), 0));
  lanes->Item(m.Lit(2, 1))->NonBlocking(out, m.IndexedSlice(data, width, width));
  lanes->Default()->NonBlocking(out, m.IndexedSlice(data, m.Mul(sel, width), width));
  return EmitModule(m);
}

// vt_counter: a Width-bit counter with an asynchronous active-low reset, feeding vt_mux.
std::string BuildCounter() {
  Module m("vt_counter");
  m.AddHeaderComment("vt_counter: counts enabled cycles (vast tools test).");
  Identifier* width = m.AddParameter("Width", m.Int(8));
  Identifier* clk = m.AddInput("clk_i");
  Identifier* rst = m.AddInput("rst_ni");
  Identifier* en = m.AddInput("en_i");
  Identifier* count = m.AddOutput("count_o", Wire(width));
  Identifier* lane = m.AddOutput("lane_o", Wire(width));
  Identifier* parity = m.AddOutput("parity_o");

  Identifier* count_q = m.AddReg("count_q", width);
  Identifier* lane_parity = m.AddWire("lane_parity");
  Identifier* count_parity = m.AddReg("count_parity");
  Identifier* i = m.AddInteger("i");
  Identifier* one = m.AddLocalParam(
      "One", m.Concat({m.Replicate(m.Sub(width, m.Int(1)), m.Lit(1, 0)), m.Lit(1, 1)}),
      ParamType::Packed(width));

  m.AddAssign(count, count_q);
  m.AddAssign(parity, m.BitXor(lane_parity, count_parity));

  Block* ff = m.AddAlwaysFf(clk, rst);
  IfStatement* reset = ff->If(m.Not(rst));
  reset->Then()->NonBlocking(count_q, m.Replicate(width, m.Lit(1, 0)));
  reset->ElseIf(en)->NonBlocking(count_q, m.Add(count_q, one));

  Block* comb = m.AddAlwaysComb();
  comb->Blocking(count_parity, m.Lit(1, 0));
  Block* loop = comb->For(i, m.Int(0), m.Lt(i, width), m.Add(i, m.Int(1)));
  loop->Blocking(count_parity, m.BitXor(count_parity, m.Index(count_q, i)));

  m.AddComment("Lane select.");
  m.AddInstance("vt_mux", "u_mux")
      ->Param("Width", width)
      ->Connect("clk_i", clk)
      ->Connect("rst_ni", rst)
      ->Connect("sel_i", m.Slice(count_q, 1, 0))
      ->Connect("data_i", m.Concat({count_q, m.BitNot(count_q),
                                    m.Ternary(en, count_q, m.Replicate(width, m.Lit(1, 1))),
                                    m.BitXor(count_q, m.Shr(count_q, m.Int(1)))}))
      ->Connect("data_o", lane)
      ->Connect("parity_o", lane_parity);
  return EmitModule(m);
}

bool OnPath(const std::string& tool) {
  return std::system(("command -v " + tool + " > /dev/null 2>&1").c_str()) == 0;
}

struct RunResult {
  int exit_code = -1;
  std::string output;
};

RunResult RunTool(const std::string& command, const fs::path& log) {
  RunResult r;
  const int status = std::system((command + " > '" + log.string() + "' 2>&1").c_str());
  if (status != -1 && WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  std::ifstream in(log);
  std::ostringstream text;
  text << in.rdbuf();
  r.output = text.str();
  return r;
}

class VastToolsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() /
                        ("rnngen_vast_tools_" + std::to_string(::getpid())));
    fs::create_directories(*dir_);
    std::ofstream(*dir_ / "vt_mux.v") << BuildMux();
    std::ofstream(*dir_ / "vt_counter.v") << BuildCounter();
  }

  static void TearDownTestSuite() {
    if (!::testing::UnitTest::GetInstance()->current_test_suite()->Failed()) {
      std::error_code ec;
      fs::remove_all(*dir_, ec);
    }
    delete dir_;
    dir_ = nullptr;
  }

  static std::string Files() {
    return "'" + (*dir_ / "vt_mux.v").string() + "' '" + (*dir_ / "vt_counter.v").string() + "'";
  }

  static fs::path* dir_;
};

fs::path* VastToolsTest::dir_ = nullptr;

TEST_F(VastToolsTest, VerilatorLintIsClean) {
  if (!OnPath("verilator")) GTEST_SKIP() << "verilator is not on PATH";
  const RunResult r = RunTool("verilator --lint-only -Wall --top-module vt_counter " + Files(),
                              *dir_ / "verilator.log");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "") << "files kept in " << *dir_;
}

TEST_F(VastToolsTest, IcarusCompilesAsVerilog2005) {
  if (!OnPath("iverilog")) GTEST_SKIP() << "iverilog is not on PATH";
  const RunResult r =
      RunTool("iverilog -g2005 -o /dev/null -s vt_counter " + Files(), *dir_ / "iverilog.log");
  EXPECT_EQ(r.exit_code, 0) << r.output << "files kept in " << *dir_;
}

TEST_F(VastToolsTest, YosysSynthesisesWithoutLatches) {
  if (!OnPath("yosys")) GTEST_SKIP() << "yosys is not on PATH";
  const std::string script = "read_verilog \"" + (*dir_ / "vt_mux.v").string() + "\" \"" +
                             (*dir_ / "vt_counter.v").string() + "\"" +
                             "; hierarchy -check -top vt_counter; proc;"
                             " select -assert-none t:$dlatch t:$adlatch t:$dlatchsr;"
                             " synth -top vt_counter; check -assert";
  std::ofstream(*dir_ / "synth.ys") << script << "\n";
  const RunResult r =
      RunTool("yosys -q -s '" + (*dir_ / "synth.ys").string() + "'", *dir_ / "yosys.log");
  EXPECT_EQ(r.exit_code, 0) << r.output << "files kept in " << *dir_;
}

TEST_F(VastToolsTest, FilesAreTidy) {
  for (const char* name : {"vt_mux.v", "vt_counter.v"}) {
    std::ifstream in(*dir_ / name);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      EXPECT_LE(line.size(), 100u) << name << ":" << n << ": " << line;
      EXPECT_EQ(line.find('\t'), std::string::npos) << name << ":" << n;
      EXPECT_TRUE(line.empty() || line.back() != ' ') << name << ":" << n;
    }
    EXPECT_GT(n, 10) << name;
  }
}

}  // namespace
}  // namespace rnngen::vast
