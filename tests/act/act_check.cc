// act_check: exhaustive check of a generated design's activation units against the C++ model.
//
//   act_check DESIGN_DIR WORK_DIR [--full-bits N] [--window-bits N]
//
// The Verilated act_harness (the PE's three activation units: rnngen_act_index + rnngen_rom, same
// parameters, the design's own .hex images) is driven with input codes and every output is
// compared bit for bit with the model, table[LutIndex(v)] (generator/model/activation.h).
//
// Which codes: an input of at most --full-bits bits (default 26) is simulated for every one of
// its 2^bits codes. A wider input (a gate accumulator) is simulated on a window of bins
// q = v >> shift reaching one table width beyond each end of the table, every code of the window
// when it has at most 2^--window-bits codes (default 24), else every bin with a spread of low
// parts (always including 0). The codes left out are covered by a Yosys SAT proof on the same
// rnngen_act_index (tests/act/act_props.v): below the window the address is 0, above it the top
// entry, and the address ignores the low `shift` bits. The window contains bins on both sides
// that read those two entries, so every input code is accounted for.
//
// Built once per parameter set (tests/act/harness/CMakeLists.txt); the ACT_* definitions are the
// parameters the model was Verilated with, checked against the design's spec before anything else.
// Exit status: 0 pass, 1 mismatch or failed proof, 2 usage or setup error.
#include <fmt/format.h>
#include <verilated.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "Vact_harness.h"
#include "model/activation.h"
#include "model/fixed_point.h"
#include "model/model_probe.h"
#include "spec/spec.h"

namespace fs = std::filesystem;

namespace rnngen {
namespace {

constexpr int kAccBits = ACT_ACC_BITS;
constexpr int kAccShift = ACT_ACC_SHIFT;
constexpr int kStateBits = ACT_STATE_BITS;
constexpr int kStateShift = ACT_STATE_SHIFT;
constexpr int kLutBits = ACT_LUT_BITS;
constexpr int kActBits = ACT_ACT_BITS;

constexpr int kMaxMismatchesShown = 10;

uint64_t Mask(int bits) { return bits >= 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1; }

// A Verilator port of any width up to 64 bits, from a two's complement value.
template <typename Port>
void Drive(Port& port, int64_t v, int bits) {
  port = static_cast<std::remove_reference_t<Port>>(static_cast<uint64_t>(v) & Mask(bits));
}

int64_t SignExtend(uint64_t raw, int bits) {
  if (bits >= 64) return static_cast<int64_t>(raw);
  const uint64_t sign = uint64_t{1} << (bits - 1);
  return static_cast<int64_t>((raw & Mask(bits)) ^ sign) - static_cast<int64_t>(sign);
}

// The codes of one input that are simulated.
struct SweepPlan {
  int bits = 0;
  int shift = 0;
  bool every_code = false;  // all 2^bits codes; nothing left to prove
  int64_t bin_lo = 0;       // otherwise: bins q = v >> shift in [bin_lo, bin_hi] ...
  int64_t bin_hi = 0;
  std::vector<int64_t> lows;  // ... each with these low parts (all 2^shift of them, or a spread)

  bool all_lows() const { return static_cast<int64_t>(lows.size()) == (int64_t{1} << shift); }
  int64_t lo_edge() const { return every_code ? MinSigned(bits) : bin_lo * (int64_t{1} << shift); }
  int64_t hi_edge() const {
    return every_code ? MaxSigned(bits)
                      : bin_hi * (int64_t{1} << shift) + ((int64_t{1} << shift) - 1);
  }
  uint64_t count() const {
    if (every_code) return uint64_t{1} << bits;
    return static_cast<uint64_t>(bin_hi - bin_lo + 1) * lows.size();
  }

  template <typename F>
  void ForEach(F&& f) const {
    if (every_code) {
      for (int64_t v = MinSigned(bits);; ++v) {
        f(v);
        if (v == MaxSigned(bits)) break;
      }
      return;
    }
    for (int64_t q = bin_lo; q <= bin_hi; ++q) {
      for (int64_t low : lows) f(q * (int64_t{1} << shift) + low);
    }
  }
};

SweepPlan MakePlan(int bits, int shift, int lut_bits, int full_bits, int window_bits) {
  SweepPlan p;
  p.bits = bits;
  p.shift = shift;
  if (bits <= full_bits) {
    p.every_code = true;
    return p;
  }
  // One table width (2^lut_bits bins) of margin beyond each end: clamped codes on both sides.
  const int64_t half = int64_t{1} << (lut_bits - 1);
  p.bin_lo = std::max(MinSigned(bits) >> shift, -3 * half);
  p.bin_hi = std::min(MaxSigned(bits) >> shift, 3 * half - 1);
  const int64_t bins = p.bin_hi - p.bin_lo + 1;
  const int64_t per_bin = int64_t{1} << shift;
  const int64_t samples = std::max<int64_t>(2, (int64_t{1} << window_bits) / bins);
  if (per_bin <= samples) {  // the whole window fits the budget
    for (int64_t low = 0; low < per_bin; ++low) p.lows.push_back(low);
    return p;
  }
  // A spread of low parts: both ends, the middle, and one pseudo-random code per stride.
  const int64_t stride = per_bin / samples;
  p.lows = {0, 1, per_bin / 2 - 1, per_bin / 2, per_bin - 1};
  uint64_t lcg = 0x2545F4914F6CDD1DULL;
  for (int64_t k = 0; k < samples; ++k) {
    lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
    p.lows.push_back(k * stride +
                     static_cast<int64_t>((lcg >> 33) % static_cast<uint64_t>(stride)));
  }
  std::sort(p.lows.begin(), p.lows.end());
  p.lows.erase(std::unique(p.lows.begin(), p.lows.end()), p.lows.end());
  return p;
}

std::string Pow2(uint64_t n) {
  if (n != 0 && (n & (n - 1)) == 0) return fmt::format("2^{}", 63 - __builtin_clzll(n));
  return std::to_string(n);
}

std::string Describe(const SweepPlan& p) {
  if (p.every_code) return fmt::format("every one of the 2^{} codes simulated", p.bits);
  std::string s =
      fmt::format("2^{} codes: simulated {} codes, bins v>>{} in [{}, {}] (codes {} .. {}), {}",
                  p.bits, Pow2(p.count()), p.shift, p.bin_lo, p.bin_hi, p.lo_edge(), p.hi_edge(),
                  p.all_lows() ? "every code of each bin"
                               : fmt::format("{} low parts per bin incl. 0", p.lows.size()));
  s += fmt::format("; proved: codes < {} read address 0, codes > {} the top address", p.lo_edge(),
                   p.hi_edge());
  if (!p.all_lows()) s += fmt::format(", the address ignores the low {} bits", p.shift);
  return s;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string VerilogConst(int64_t v, int bits) {
  return fmt::format("{}'sh{:x}", bits, static_cast<uint64_t>(v) & Mask(bits));
}

// Yosys SAT proof of act_props on rnngen_act_index with this plan's parameters. Returns true
// when proved; the log stays in the work folder.
bool Prove(const SweepPlan& p, const std::string& name, const fs::path& act_index_v) {
  const std::string top = "act_proof_" + name;
  {
    std::ofstream v(top + ".v");
    v << fmt::format(
        "module {} (input wire signed [{}:0] in_i, output wire ok_o);\n"
        "  act_props #(.InBits({}), .Shift({}), .LutBits({}), .LoEdge({}), .HiEdge({})) u_props "
        "(.in_i(in_i), .ok_o(ok_o));\nendmodule\n",
        top, p.bits - 1, p.bits, p.shift, kLutBits, VerilogConst(p.lo_edge(), p.bits),
        VerilogConst(p.hi_edge(), p.bits));
    std::ofstream ys(top + ".ys");
    ys << "read_verilog " << act_index_v.string() << "\n"
       << "read_verilog " << ACT_SOURCE_DIR << "/act_props.v\n"
       << "read_verilog " << top << ".v\n"
       << "hierarchy -check -top " << top << "\n"
       << "proc\nflatten\nopt_clean\n"
       << "sat -prove ok_o 1 -verify -show-inputs -show-outputs\n";
  }
  const std::string cmd = fmt::format("yosys -q -l {0}.log -s {0}.ys > /dev/null 2>&1", top);
  if (std::system(cmd.c_str()) == 0) return true;
  const std::string log = ReadFile(top + ".log");
  std::cout << (log.empty() ? "act_check: yosys did not run (is it installed?)\n" : log);
  return false;
}

// One unit's running comparison: bit-exact against the model, and the largest error against the
// true function over the simulated codes.
struct UnitCheck {
  const ActUnitError* model = nullptr;
  const std::vector<int64_t>* table = nullptr;
  uint64_t mismatches = 0;
  TableError seen{-1.0, 0};

  void Compare(int64_t v, uint64_t rtl_raw) {
    const int addr = LutIndex(v, model->shift, model->lut_bits);
    const int64_t want = (*table)[addr];
    const int64_t got = SignExtend(rtl_raw, model->out_bits);
    if (got != want) {
      if (mismatches < kMaxMismatchesShown) {
        std::cout << fmt::format("MISMATCH {} code {} (x = {}): rtl {} model {} (address {})\n",
                                 model->unit, v, ToReal(v, model->in_frac), got, want, addr);
      }
      ++mismatches;
    }
    const double err =
        std::abs(ToReal(got, model->out_frac) - ActFnReal(model->fn, ToReal(v, model->in_frac)));
    if (err > seen.max_abs_error) seen = {err, v};
  }
};

struct Options {
  fs::path design;
  fs::path work;
  int full_bits = 26;
  int window_bits = 24;
};

std::optional<Options> ParseArgs(int argc, char** argv) {
  Options o;
  std::vector<std::string> pos;
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    if ((a == "--full-bits" || a == "--window-bits") && k + 1 < argc) {
      (a == "--full-bits" ? o.full_bits : o.window_bits) = std::atoi(argv[++k]);
    } else if (!a.empty() && a[0] == '-') {
      return std::nullopt;
    } else {
      pos.push_back(a);
    }
  }
  if (pos.size() != 2 || o.full_bits < 1 || o.full_bits > 40 || o.window_bits < 1 ||
      o.window_bits > 40) {
    return std::nullopt;
  }
  o.design = fs::absolute(pos[0]);
  o.work = fs::absolute(pos[1]);
  return o;
}

int Run(const Options& opt) {
  const auto start = std::chrono::steady_clock::now();
  ParseResult parsed =
      ParseSpecFile((opt.design / "spec.yaml").string(), DesignFolderProbe(opt.design.string()));
  if (!parsed.spec) {
    std::cerr << "act_check: " << (opt.design / "spec.yaml").string() << " is not a valid spec\n";
    return 2;
  }
  const Spec& spec = *parsed.spec;
  const std::vector<ActUnitError> units = ActivationUnitErrors(spec.arithmetic);
  const ActUnitError& gate = units[0];
  const ActUnitError& state = units[2];
  const std::string want_params = fmt::format(
      "AccBits={} AccShift={} StateBits={} StateShift={} LutBits={} ActBits={}", gate.in_bits,
      gate.shift, state.in_bits, state.shift, gate.lut_bits, gate.out_bits);
  const std::string built_params =
      fmt::format("AccBits={} AccShift={} StateBits={} StateShift={} LutBits={} ActBits={}",
                  kAccBits, kAccShift, kStateBits, kStateShift, kLutBits, kActBits);
  if (want_params != built_params) {
    std::cerr << "act_check: built for " << built_params << ", " << spec.name << " needs "
              << want_params << "\n";
    return 2;
  }
  // The leaf cells Verilated into this binary must be the design's own.
  for (const char* cell : {"rnngen_act_index.v", "rnngen_rom.v"}) {
    if (ReadFile(opt.design / cell) != ReadFile(fs::path(ACT_RTL_DIR) / cell)) {
      std::cerr << "act_check: " << (opt.design / cell).string() << " differs from the copy "
                << "this harness was built from; rebuild it\n";
      return 2;
    }
  }

  // The ROM images, under the names the harness reads them by.
  fs::create_directories(opt.work);
  for (const char* fn : {"sigmoid", "tanh"}) {
    const fs::path from = opt.design / fmt::format("{}_{}.hex", spec.name, fn);
    if (!fs::exists(from)) {
      std::cerr << "act_check: missing " << from.string() << "\n";
      return 2;
    }
    fs::copy_file(from, opt.work / fmt::format("{}.hex", fn), fs::copy_options::overwrite_existing);
  }
  fs::current_path(opt.work);

  const ActivationTables tables = MakeActivationTables(spec.arithmetic);
  UnitCheck checks[3];
  for (int k = 0; k < 3; ++k) {
    checks[k].model = &units[k];
    checks[k].table = units[k].fn == ActFn::kSigmoid ? &tables.sigmoid : &tables.tanh;
  }
  const SweepPlan gate_plan =
      MakePlan(gate.in_bits, gate.shift, gate.lut_bits, opt.full_bits, opt.window_bits);
  const SweepPlan state_plan =
      MakePlan(state.in_bits, state.shift, state.lut_bits, opt.full_bits, opt.window_bits);

  std::cout << fmt::format("act_check {}: {}\n", spec.name, built_params);
  std::cout << "  gate input (sigmoid and tanh units): " << Describe(gate_plan) << "\n";
  std::cout << "  state input (tanh unit): " << Describe(state_plan) << "\n";

  auto context = std::make_unique<VerilatedContext>();
  auto top = std::make_unique<Vact_harness>(context.get());
  // One code per clock: the index is combinational, the ROM registers mem[address].
  auto tick = [&]() {
    top->clk_i = 0;
    top->eval();
    top->clk_i = 1;
    top->eval();
  };
  top->tanh_state_i = 0;
  Drive(top->c_old_i, 0, kStateBits);
  gate_plan.ForEach([&](int64_t v) {
    Drive(top->sig_in_i, v, kAccBits);
    Drive(top->acc_c_i, v, kAccBits);
    tick();
    checks[0].Compare(v, top->sig_q_o);
    checks[1].Compare(v, top->tanh_q_o);
  });
  top->tanh_state_i = 1;
  state_plan.ForEach([&](int64_t v) {
    Drive(top->c_old_i, v, kStateBits);
    tick();
    checks[2].Compare(v, top->tanh_q_o);
  });
  top->final();

  bool ok = true;
  for (const SweepPlan* p : {&gate_plan, &state_plan}) {
    if (p->every_code) continue;
    const bool proved =
        Prove(*p, p == &gate_plan ? "gate" : "state", fs::path(ACT_RTL_DIR) / "rnngen_act_index.v");
    std::cout << fmt::format("  proof for the {} input: {}\n", p == &gate_plan ? "gate" : "state",
                             proved ? "proved" : "FAILED");
    ok = ok && proved;
  }
  uint64_t mismatches = 0;
  for (const UnitCheck& c : checks) {
    const ActUnitError& u = *c.model;
    mismatches += c.mismatches;
    std::cout << fmt::format(
        "  {:<12} in {}/{} lut {} out {}/{}: max |err| {:.4e} at code {} (x = {:.6g}) over all "
        "codes, {:.4e} over the simulated ones; mismatches {}\n",
        u.unit, u.in_bits, u.in_frac, u.lut_bits, u.out_bits, u.out_frac, u.error.max_abs_error,
        u.error.worst_code, u.worst_input, c.seen.max_abs_error, c.mismatches);
    // Where every code was simulated, the model's figure is the simulated maximum.
    const bool every = (&c == &checks[2] ? state_plan : gate_plan).every_code;
    if (c.mismatches == 0 && every &&
        std::abs(c.seen.max_abs_error - u.error.max_abs_error) > 1e-15) {
      std::cout << "act_check: " << u.unit << ": simulated max error differs from the model's\n";
      ok = false;
    }
  }
  ok = ok && mismatches == 0;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << fmt::format(
      "{}: act {} gate_sigmoid={:.4e} gate_tanh={:.4e} state_tanh={:.4e} "
      "codes_simulated={} mismatches={} seconds={:.1f}\n",
      ok ? "PASS" : "FAIL", spec.name, units[0].error.max_abs_error, units[1].error.max_abs_error,
      units[2].error.max_abs_error, gate_plan.count() + state_plan.count(), mismatches, seconds);
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace rnngen

int main(int argc, char** argv) {
  const std::optional<rnngen::Options> opt = rnngen::ParseArgs(argc, argv);
  if (!opt) {
    std::cerr << "usage: act_check DESIGN_DIR WORK_DIR [--full-bits N] [--window-bits N]\n";
    return 2;
  }
  return rnngen::Run(*opt);
}
