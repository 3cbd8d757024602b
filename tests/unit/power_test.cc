// The power model (generator/power): the V-f curve and its fit, the PLL rule, the island
// grouping against brute force, the load-aware unit assignment, the energy table and the
// model-level errors.
#include "power/power.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>

#include "emit/generate.h"
#include "model/model.h"
#include "power/islands.h"

namespace rnngen {
namespace {

TEST(VfCurve, DefaultTableFollowsItsLaw) {
  const VfCurve curve(DefaultVfPoints());
  EXPECT_DOUBLE_EQ(curve.top_mhz(), kDefaultTopMhz);
  EXPECT_DOUBLE_EQ(curve.floor_volts(), kDefaultFloorVolts);
  // Points made by one law: every segment's fit recovers it, so the curve is that law.
  for (const AlphaLaw& law : curve.laws()) {
    EXPECT_NEAR(law.vth, kDefaultVth, 1e-6);
    EXPECT_NEAR(law.alpha, kDefaultAlpha, 1e-5);
  }
  AlphaLaw law{kDefaultVth, kDefaultAlpha, 1};
  law.k = kDefaultTopMhz / law.Mhz(kDefaultTopVolts);
  for (double v = 0.61; v < 0.9; v += 0.037) EXPECT_NEAR(curve.MaxMhz(v), law.Mhz(v), 1e-6);
}

TEST(VfCurve, InterpolatesThroughGivenPointsOnly) {
  // The issue's example corner.
  const VfCurve curve({{0.6, 75}, {0.7, 118}, {0.8, 160}, {0.9, 200}});
  for (const VfPoint& p : curve.points()) {
    EXPECT_NEAR(curve.MaxMhz(p.volts), p.mhz, 1e-9);
    EXPECT_NEAR(*curve.MinVolts(p.mhz), p.volts, 1e-9);
  }
  // Rising between points, no extrapolation: the floor below, nothing above the top.
  for (double v = 0.6; v < 0.9; v += 0.01) EXPECT_LT(curve.MaxMhz(v), curve.MaxMhz(v + 0.01));
  EXPECT_DOUBLE_EQ(*curve.MinVolts(10), 0.6);
  EXPECT_DOUBLE_EQ(curve.MaxMhz(0.3), 75);
  EXPECT_FALSE(curve.MinVolts(200.5).has_value());
  // The inverse: the lowest supply covering a clock.
  for (double f = 76; f < 200; f += 7.5) {
    const double v = *curve.MinVolts(f);
    EXPECT_GE(curve.MaxMhz(v), f * (1 - 1e-9));
    EXPECT_LT(curve.MaxMhz(v - 1e-6), f);
  }
  // Nominal: the lowest given point covering the clock.
  EXPECT_DOUBLE_EQ(*curve.NominalVolts(150), 0.8);
  EXPECT_DOUBLE_EQ(*curve.NominalVolts(160), 0.8);
  EXPECT_FALSE(curve.NominalVolts(201).has_value());
  // Two points: the documented Vth, alpha through both.
  const VfCurve two({{0.7, 100}, {1.0, 250}});
  EXPECT_DOUBLE_EQ(two.laws()[0].vth, kDefaultVth);
  EXPECT_NEAR(two.MaxMhz(1.0), 250, 1e-9);
}

TEST(VfCurve, SpecPointsInAnyOrder) {
  Spec::Power power;
  power.vf_points = {{0.9, 200}, {0.8, 160}, {0.7, 118}, {0.6, 75}};
  EXPECT_DOUBLE_EQ(CurveOf(power).floor_volts(), 0.6);
}

TEST(Islands, PllRoundsUpToWholeMegahertz) {
  EXPECT_DOUBLE_EQ(PllMhz(150.2), 151);
  EXPECT_DOUBLE_EQ(PllMhz(150), 150);
  EXPECT_DOUBLE_EQ(PllMhz(200.0 * (1 + 1e-14)), 200);
}

// Every partition of the PEs into exactly `groups` non-empty islands.
void ForEachPartition(int pes, int groups, std::vector<int>* label, int k, int used,
                      const std::function<void(const std::vector<std::vector<int>>&)>& visit) {
  if (k == pes) {
    if (used != groups) return;
    std::vector<std::vector<int>> islands(groups);
    for (int i = 0; i < pes; ++i) islands[(*label)[i]].push_back(i);
    visit(islands);
    return;
  }
  for (int g = 0; g < std::min(used + 1, groups); ++g) {
    (*label)[k] = g;
    ForEachPartition(pes, groups, label, k + 1, std::max(used, g + 1), visit);
  }
}

TEST(Islands, GroupingEqualsBruteForce) {
  std::mt19937 rng(12);
  const VfCurve curve({{0.6, 75}, {0.7, 118}, {0.8, 160}, {0.9, 200}});
  for (int trial = 0; trial < 60; ++trial) {
    const int pes = 1 + static_cast<int>(rng() % 8);
    const int groups = 1 + static_cast<int>(rng() % std::min(pes, 4));
    std::vector<double> cycles(pes), dyn(pes);
    for (int k = 0; k < pes; ++k) {
      cycles[k] = 40 + static_cast<double>(rng() % 120);
      dyn[k] = 10 + static_cast<double>(rng() % 200);  // not in step with the load
    }
    const double busiest = *std::max_element(cycles.begin(), cycles.end());
    const double deadline = busiest / 200;
    const double leak = trial % 2 ? 5.0 : 0.0;
    const IslandCost cost = [&](double d, int n, double c) {
      const auto v = curve.MinVolts(PllMhz(c / deadline));
      if (!v) return std::numeric_limits<double>::infinity();
      return d * DynamicScale(*v, 0.9) + n * leak * *v;
    };
    const auto best = BestGrouping(cycles, dyn, groups, cost);
    ASSERT_EQ(static_cast<int>(best.size()), groups);
    double brute = std::numeric_limits<double>::infinity();
    std::vector<int> label(pes);
    ForEachPartition(pes, groups, &label, 0, 0, [&](const auto& islands) {
      brute = std::min(brute, GroupingCost(islands, cycles, dyn, cost));
    });
    EXPECT_NEAR(GroupingCost(best, cycles, dyn, cost), brute, 1e-9 * brute)
        << "trial " << trial << ": " << pes << " PEs, " << groups << " islands";
  }
}

Spec SmallSpec(int pes, Pruning pruning) {
  Spec s;
  s.name = "power_test";
  s.path = "power_test.yaml";
  s.model.input_size = 12;
  s.model.hidden_size = 24;
  Spec::Recurrent layer;
  layer.input_size = 12;
  layer.hidden_size = 24;
  s.model.stack = {layer};
  s.weights.seed = 5;
  s.weights.density = 0.2;
  s.weights.pruning = pruning;
  s.array.pe_count = pes;
  s.array.fifo_depth = 4;
  return s;
}

// Stand-in activity: a MAC per non-zero, a padding MAC and a read per entry, a vector-store
// read per column.
std::vector<EventCounts> SimpleCounts(const Plan& plan) {
  std::vector<EventCounts> counts;
  for (const PePlan& pe : plan.pes) {
    EventCounts c{};
    c[static_cast<size_t>(Event::kMac)] = pe.nonzeros;
    c[static_cast<size_t>(Event::kPadMac)] = pe.padding;
    c[static_cast<size_t>(Event::kEntryRead)] = static_cast<int64_t>(pe.entries.size());
    c[static_cast<size_t>(Event::kVbufRead)] = plan.cols;
    counts.push_back(c);
  }
  return counts;
}

TEST(PowerModel, OptionsOrderAsTheModelSays) {
  Spec spec = SmallSpec(6, Pruning::kMagnitude);
  spec.power.island_count = 3;
  spec.model.head = {{24, 4, HeadActivation::kNone}};  // the LSTM's units can be relabelled
  const Model m = BuildModel(spec);
  const Plan plan = MakePlan(m.spec, m.quant);
  // (d) is planned again and counted by PredictActivity: price the design the same way.
  const PowerReport r = AnalysePower(m.spec, plan, m.quant, PredictActivity(plan, m.quant));
  // Default deadline: the array at clock_mhz on the default curve's top point.
  EXPECT_DOUBLE_EQ(r.array_clock_mhz, 200);
  EXPECT_DOUBLE_EQ(r.nominal_vdd, 0.9);
  EXPECT_NEAR(r.a.step_us, r.deadline_us, 1e-12);
  // On one clock the step is the plan's: the busiest PE's entries and the array's cycles.
  EXPECT_DOUBLE_EQ(r.array_cycles + static_cast<double>(plan.cycles.busiest_pe_entries),
                   plan.cycles.cycles_per_step);
  // (d) is array.assignment: balanced planned again; magnitude pruning leaves room to gain.
  EXPECT_LT(r.BalancedLoadImbalance(), r.LoadImbalance());
  EXPECT_LE(r.balanced_cycles_per_step, plan.cycles.cycles_per_step);
  ASSERT_EQ(r.c.islands.size(), 3u);
  EXPECT_EQ(r.c.islands[0].name, "isl0");
  EXPECT_DOUBLE_EQ(r.c.islands[0].clock_mhz, 200);  // the busiest PE's island
  for (const PowerOption* o : {&r.a, &r.b, &r.c, &r.d, &r.per_pe}) {
    EXPECT_TRUE(o->feasible) << o->id;
    EXPECT_LE(o->step_us, r.deadline_us * (1 + 1e-12)) << o->id;
  }
  EXPECT_LE(r.b.energy_pj(), r.a.energy_pj());
  EXPECT_LE(r.c.energy_pj(), r.b.energy_pj());
  EXPECT_LE(r.per_pe.energy_pj(), r.c.energy_pj() * (1 + 1e-12));
  EXPECT_LE(r.d.energy_pj(), r.b.energy_pj() * (1 + 1e-12));
  int pes = 0;
  for (const auto& isl : r.c.islands) pes += static_cast<int>(isl.pes.size());
  EXPECT_EQ(pes, 6);
}

TEST(PowerModel, FpgaIslandsKeepTheNominalSupply) {
  Spec spec = SmallSpec(6, Pruning::kMagnitude);
  spec.power.island_count = 3;
  spec.power.target = Spec::Power::Target::kFpga;
  const Model m = BuildModel(spec);
  const Plan plan = MakePlan(m.spec, m.quant);
  const PowerReport r = AnalysePower(m.spec, plan, m.quant, SimpleCounts(plan));
  for (const auto& isl : r.c.islands) EXPECT_DOUBLE_EQ(isl.vdd, r.nominal_vdd);
  EXPECT_NEAR(r.c.energy_pj(), r.a.energy_pj(), 1e-9 * r.a.energy_pj());
}

// Weights that all quantise to zero (integer weights, small random values) leave the PEs only
// the padding entries that load their rows' biases. An island with next to nothing to walk still
// takes its init tokens through its crossings (random_spec 450: the PLL's lowest clock, 1 MHz,
// took 1000 array cycles a pass). Here the array's own cycles fill the default deadline, so no
// time is left for crossings: the island runs on the array clock, in its domain, and no clock is
// impossible (random_spec 35).
TEST(PowerModel, IslandsWithNoEntriesTakeTheArrayClock) {
  const ParseResult parsed = ParseSpecString(
      "name: zero\nmodel: {cell: lstm, input_size: 24, hidden_size: 29}\n"
      "weights: {seed: 16936653246763034}\n"
      "arithmetic: {weight: {bits: 9, frac: 0}, activation: {bits: 12, frac: 4}, state: "
      "{bits: 12, frac: 1}, accumulator_bits: 26, lut_bits: 4}\n"
      "array: {pe_count: 3}\npower: {islands: [{name: i0, pes: [1, 2, 0]}], clock_mhz: 177}\n",
      "zero.yaml");
  ASSERT_TRUE(parsed.spec.has_value());
  const Model m = BuildModel(*parsed.spec);
  const Plan plan = MakePlan(m.spec, m.quant);
  ASSERT_EQ(plan.total_nonzeros, 0);
  const PowerReport r = AnalysePower(m.spec, plan, m.quant, PredictActivity(plan, m.quant));
  ASSERT_EQ(r.c.islands.size(), 1u);
  EXPECT_DOUBLE_EQ(r.c.islands[0].clock_mhz, r.array_clock_mhz);
  EXPECT_DOUBLE_EQ(r.c.islands[0].vdd, r.c.top_vdd);
  EXPECT_TRUE(r.c.feasible);
}

// Every diagnostic, one a line.
std::string Errors(const Spec& spec, const Plan& plan, const Program& program) {
  std::string text;
  try {
    AnalysePower(spec, plan, program, SimpleCounts(plan));
  } catch (const ModelError& e) {
    for (const Diagnostic& d : e.diagnostics) text += FormatDiagnostic(d) + "\n";
  }
  return text;
}

TEST(PowerModel, ErrorsAtTheirKeys) {
  Spec spec = SmallSpec(4, Pruning::kMagnitude);
  spec.locs["power.deadline_us"] = {spec.path, 7, 16};
  spec.locs["power.energy_pj.mca"] = {spec.path, 8, 17};
  spec.locs["power.islands"] = {spec.path, 9, 3};
  const Model m = BuildModel(spec);
  const Plan plan = MakePlan(m.spec, m.quant);
  Spec s = m.spec;
  s.power.deadline_us = 0.01;
  const std::string best = Errors(s, plan, m.quant);
  EXPECT_NE(best.find("power_test.yaml:7:16: error: no supply meets power.deadline_us 0.01: "
                      "the best reachable step time is"),
            std::string::npos)
      << best;
  s.power.islands = {{"fast", {0, 1}}, {"slow", {2, 3}}};
  s.power.island_count = 2;
  EXPECT_NE(Errors(s, plan, m.quant).find("9:3: error: island 'fast' cannot finish"),
            std::string::npos);
  s = m.spec;
  s.power.energy_pj["mca"] = 1;
  EXPECT_NE(Errors(s, plan, m.quant)
                .find("8:17: error: unknown event 'mca' in power.energy_pj (events: mac, pad_mac"),
            std::string::npos);
  s.power.energy_pj = {{"mac", 2.5}};
  EXPECT_DOUBLE_EQ(EnergyTableOf(s, plan).Pj(Event::kMac), 2.5);
}

}  // namespace
}  // namespace rnngen

namespace rnngen {
namespace {

// A spec through the whole generator: the parser's locations, the power stage's errors, and
// nothing written on an error.
const char* const kPowerSpec = R"(name: pw
model: {cell: lstm, input_size: 6, hidden_size: 16}
weights: {density: 0.3, pruning: magnitude, seed: 3}
array: {pe_count: 4}
sim: {timesteps: 2}
power:
  islands: 2
)";

std::string GenerateErrors(const std::string& extra, const std::string& out) {
  ParseResult parsed = ParseSpecString(std::string(kPowerSpec) + extra, "pw.yaml");
  if (!parsed.spec) return "parse error: " + parsed.errors.at(0).message;
  std::string text;
  try {
    GenerateDesign(*parsed.spec, out);
  } catch (const ModelError& e) {
    for (const Diagnostic& d : e.diagnostics) text += FormatDiagnostic(d) + "\n";
  }
  return text;
}

TEST(PowerGenerate, ModelErrorsAtTheSpecKeysAndNothingWritten) {
  const std::string out =
      (std::filesystem::temp_directory_path() / ("pw_gen_" + std::to_string(::getpid()))).string();
  EXPECT_EQ(GenerateErrors("  deadline_us: 0.001\n", out)
                .rfind("pw.yaml:8:16: error: no supply meets power.deadline_us 0.001: the best "
                       "reachable step time is",
                       0),
            0u);
  EXPECT_EQ(GenerateErrors("  energy_pj: {mac: 1, mca: 2}\n", out),
            "pw.yaml:8:28: error: unknown event 'mca' in power.energy_pj (events: mac, pad_mac, "
            "entry_read, ptr_read, fifo_push, fifo_pop, acc_update, table_read, vbuf_read, "
            "vbuf_write)\n");
  EXPECT_FALSE(std::filesystem::exists(out));
  // A good one writes the power section, its pictures, and the islands in the manifest.
  EXPECT_EQ(GenerateErrors("", out), "");
  std::ifstream manifest(out + "/manifest.json");
  const auto j = nlohmann::json::parse(manifest);
  EXPECT_EQ(j["power"]["islands"].size(), 2u);
  EXPECT_EQ(j["power"]["islands"][0]["name"], "isl0");
  EXPECT_EQ(j["power"]["comparison"].size(), 6u);  // (a)..(e) and one island per PE
  EXPECT_TRUE(std::filesystem::exists(out + "/power_loads.svg"));
  EXPECT_TRUE(std::filesystem::exists(out + "/power_energy.svg"));
  std::filesystem::remove_all(out);
}

}  // namespace
}  // namespace rnngen
