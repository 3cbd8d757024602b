// The `power` section (docs/spec.md#power): the array clock, the V-f table of the target
// corner, the voltage islands (a count, or the PEs of each island), the step deadline, energy
// overrides and the target. What the values mean is the power stage's (docs/power.md); here
// they are only checked for shape and range, and located for that stage's messages.
#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "spec/spec_reader.h"

namespace rnngen::spec_internal {
namespace {

const std::vector<std::string> kPowerKeys = {"clock_mhz",   "vf_points", "islands",
                                             "deadline_us", "energy_pj", "target"};
const std::vector<std::string> kIslandKeys = {"name", "pes"};
const std::vector<std::string> kTargets = {"asic", "fpga"};
// Upper bounds keep the power model's arithmetic finite; each is far beyond a real design.
constexpr double kMaxMhz = 10000;
constexpr double kMaxVolts = 5;
constexpr double kMaxDeadlineUs = 1e6;  // one second per step
constexpr double kMaxEnergyPj = 1e6;

// "PE 6", "PEs 0, 3..5": sorted indices as ranges, the first few only.
std::string PeRanges(const std::vector<int>& pes) {
  constexpr size_t kMaxShown = 8;
  std::vector<std::string> ranges;
  for (size_t i = 0; i < pes.size();) {
    size_t j = i;
    while (j + 1 < pes.size() && pes[j + 1] == pes[j] + 1) ++j;
    if (ranges.size() == kMaxShown) {
      ranges.push_back("...");
      break;
    }
    ranges.push_back(i == j ? std::to_string(pes[i]) : fmt::format("{}..{}", pes[i], pes[j]));
    i = j + 1;
  }
  return (pes.size() == 1 ? "PE " : "PEs ") + JoinList(ranges, ", ");
}

}  // namespace

void Checker::ReadPower(const Section& top, const Field<int64_t>& pe_count, Spec::Power* p) {
  const Section power = SubSection(top, "power", kPowerKeys, false);
  const Spec::Power& def = kDefault.power;
  p->clock_mhz = ReadNumber(power, "clock_mhz", def.clock_mhz, 0, kMaxMhz).value;
  ReadVfPoints(power, p);
  ReadIslands(power, pe_count, p);
  p->deadline_us = ReadNumber(power, "deadline_us", def.deadline_us, 0, kMaxDeadlineUs).value;
  // Any event name is taken here: the power stage knows the table and reports unknown names at
  // the locations recorded here.
  const Section energy = SubSection(power, "energy_pj", {}, false,
                                    "a mapping of event names to energies in pJ, e.g. {mac: 0.9}");
  for (const auto& entry : energy.entries) {
    const Field<double> e = ReadNumber(energy, entry.first, 0, 0, kMaxEnergyPj);
    if (e.ok) p->energy_pj[entry.first] = e.value;
  }
  Field<int> target;
  ReadChoice(power, "target", kTargets, {}, false, 0, &target);
  p->target = target.value == 1 ? Spec::Power::Target::kFpga : Spec::Power::Target::kAsic;
}

void Checker::ReadVfPoints(const Section& power, Spec::Power* p) {
  const std::string expected = "a list of at least 2 [volts, MHz] pairs";
  Field<int> f;
  const Section::Entry* e = Lookup(power, "vf_points", false, expected, &f);
  if (e == nullptr) return;
  const YNode& list = *e->value;
  if (list.kind != YNode::Kind::kSequence || list.children.size() < 2) {
    const std::string what = list.kind != YNode::Kind::kSequence ? Describe(list) + " is not a list"
                             : list.children.empty()             ? "empty list"
                                                                 : "only 1 point";
    Error(f.line, f.col,
          fmt::format("power.vf_points: {} (expected {}; leave vf_points out for the default "
                      "table)",
                      what, expected));
    return;
  }
  struct Point {
    double volts;
    double mhz;
    size_t index;      // in the file
    std::string text;  // as written: "[0.9, 200]"
    const YNode* node;
  };
  std::vector<Point> points;
  for (size_t i = 0; i < list.children.size(); ++i) {
    const YNode& item = *list.children[i];
    const std::string dotted = fmt::format("power.vf_points[{}]", i);
    if (item.reported) continue;
    if (item.kind != YNode::Kind::kSequence || item.children.size() != 2) {
      const std::string what = item.kind == YNode::Kind::kSequence
                                   ? fmt::format("a list of {} value{}", item.children.size(),
                                                 item.children.size() == 1 ? "" : "s")
                                   : Describe(item);
      Error(item, fmt::format("{}: {} is not a [volts, MHz] pair (expected two numbers, e.g. "
                              "[0.9, 200])",
                              dotted, what));
      continue;
    }
    Field<double> volts;
    Field<double> mhz;
    const auto check = [&](size_t k, double hi, const std::string& expected_value,
                           Field<double>* out) {
      const YNode& v = *item.children[k];
      out->line = v.line;
      out->col = v.col;
      if (v.reported) {
        out->ok = false;
      } else {
        CheckNumber(v, fmt::format("{}[{}]", dotted, k), 0, hi, expected_value, out);
      }
    };
    check(0, kMaxVolts, fmt::format("volts > 0 and <= {}", kMaxVolts), &volts);
    check(1, kMaxMhz, fmt::format("MHz > 0 and <= {}", kMaxMhz), &mhz);
    if (!volts.ok || !mhz.ok) continue;
    points.push_back({volts.value, mhz.value, i,
                      fmt::format("[{}, {}]", item.children[0]->value, item.children[1]->value),
                      &item});
  }
  if (points.size() != list.children.size()) return;
  // Any order in the file; each neighbour pair by volts must step up in both.
  std::stable_sort(points.begin(), points.end(),
                   [](const Point& a, const Point& b) { return a.volts < b.volts; });
  for (size_t k = 1; k < points.size(); ++k) {
    const Point& lower = points[k - 1];
    const Point& upper = points[k];
    // Reported at the later of the two in the file, naming the earlier one.
    const Point& at = lower.index > upper.index ? lower : upper;
    const Point& other = lower.index > upper.index ? upper : lower;
    const std::string head = fmt::format("power.vf_points[{}]: {}", at.index, at.text);
    if (lower.volts == upper.volts) {
      Error(*at.node, fmt::format("{} repeats the supply of vf_points[{}] {} (expected each "
                                  "supply voltage once)",
                                  head, other.index, other.text));
    } else if (upper.mhz <= lower.mhz) {
      Error(*at.node,
            fmt::format("{} and vf_points[{}] {} are not monotonic: {} MHz at {} V is not below "
                        "{} MHz at {} V (expected MHz to rise strictly with volts)",
                        head, other.index, other.text, lower.mhz, lower.volts, upper.mhz,
                        upper.volts));
    }
  }
  // Stored sorted; "power.vf_points[k]" locates stored point k, the power stage's index.
  for (size_t k = 0; k < points.size(); ++k) {
    p->vf_points.emplace_back(points[k].volts, points[k].mhz);
    RecordLoc(fmt::format("power.vf_points[{}]", k), *points[k].node);
  }
}

void Checker::ReadIslands(const Section& power, const Field<int64_t>& pe_count, Spec::Power* p) {
  const std::string range =
      pe_count.ok ? fmt::format("an integer 1..{} for pe_count {}", pe_count.value, pe_count.value)
                  : "an integer 1..pe_count";
  const std::string expected = range + ", or a list of mappings with keys name, pes";
  Field<int64_t> count;
  count.value = kDefault.power.island_count;
  const Section::Entry* e = Lookup(power, "islands", false, expected, &count);
  if (e == nullptr) return;
  if (e->value->kind == YNode::Kind::kSequence) {
    ReadIslandList(power, pe_count, p);
    return;
  }
  CheckInt(*e->value, "power.islands", 1, kMaxPeCount, expected, &count);
  if (count.ok && pe_count.ok && count.value > pe_count.value) {
    Error(count.line, count.col,
          fmt::format("power.islands: value {} is more islands than PEs (expected {})", count.value,
                      expected));
  }
  p->island_count = static_cast<int>(count.value);
}

void Checker::ReadIslandList(const Section& power, const Field<int64_t>& pe_count, Spec::Power* p) {
  const ListField list = SubList(power, "islands", kIslandKeys, "one island");
  const SourceLoc& at = locs_["power.islands"];
  const int64_t last_pe = (pe_count.ok ? pe_count.value : kMaxPeCount) - 1;
  const std::string pe_expected =
      pe_count.ok ? fmt::format("a PE index 0..{} for pe_count {}", last_pe, pe_count.value)
                  : "a PE index 0..pe_count-1";
  // Whether every PE index was read, so that the PEs in no island can be named.
  bool complete = list.ok && pe_count.ok;
  std::map<std::string, std::string> names;  // island name -> the island that has it first
  std::map<int64_t, std::string> owner;      // PE -> where it was first listed ("...pes[2]")
  for (const Section& s : list.items) {
    Spec::Power::Island island;
    const Field<std::string> name =
        ReadString(s, "name", "", true,
                   fmt::format("a Verilog identifier of 1..{} characters", kMaxNameLength));
    std::string folded = name.value;
    for (char& c : folded) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (CheckVerilogName(name, Join(s.path, "name"), false)) {
      const auto [it, inserted] = names.emplace(name.value, s.path);
      // The array's own domain is named after these: rst_array_n, u_rst_sync_array, PD_TOP.
      if (folded == "array" || folded == "top") {
        Error(name.line, name.col,
              fmt::format("{}.name: {} names the array's own clock domain (expected another "
                          "name: 'array' and 'top' are taken, in any case)",
                          s.path, Quote(name.value)));
      } else if (!inserted) {
        Error(
            name.line, name.col,
            fmt::format("{}.name: duplicate island name {} (expected each name once; first in {})",
                        s.path, Quote(name.value), it->second));
      }
    }
    island.name = name.value;
    Field<int> pes;
    const std::string pes_expected = "a list of PE indices, at least one";
    const Section::Entry* e = Lookup(s, "pes", true, pes_expected, &pes);
    const YNode* v = e != nullptr ? e->value : nullptr;
    if (v != nullptr && (v->kind != YNode::Kind::kSequence || v->children.empty())) {
      const std::string what =
          v->kind == YNode::Kind::kSequence ? "empty island" : Describe(*v) + " is not a list";
      Error(pes.line, pes.col, fmt::format("{}.pes: {} (expected {})", s.path, what, pes_expected));
      v = nullptr;
    }
    if (v == nullptr) complete = false;
    for (size_t k = 0; v != nullptr && k < v->children.size(); ++k) {
      const YNode& item = *v->children[k];
      const std::string dotted = fmt::format("{}.pes[{}]", s.path, k);
      Field<int64_t> pe;
      pe.line = item.line;
      pe.col = item.col;
      if (!item.reported) CheckInt(item, dotted, 0, last_pe, pe_expected, &pe);
      if (item.reported || !pe.ok) {
        complete = false;
        continue;
      }
      const auto [it, inserted] = owner.emplace(pe.value, dotted);
      if (!inserted) {
        Error(item, fmt::format("{}: PE {} is listed twice (expected each PE in exactly one "
                                "island; first in {})",
                                dotted, pe.value, it->second));
        continue;
      }
      island.pes.push_back(static_cast<int>(pe.value));
    }
    p->islands.push_back(std::move(island));
  }
  p->island_count = static_cast<int>(p->islands.size());
  if (pe_count.ok && static_cast<int64_t>(list.items.size()) > pe_count.value) {
    Error(at.line, at.col,
          fmt::format("power.islands: {} islands for pe_count {} (expected at most {}: more "
                      "islands than PEs)",
                      list.items.size(), pe_count.value, pe_count.value));
  }
  if (!complete) return;
  std::vector<int> missing;
  for (int pe = 0; pe <= last_pe; ++pe) {
    if (owner.count(pe) == 0) missing.push_back(pe);
  }
  if (!missing.empty()) {
    Error(at.line, at.col,
          fmt::format("power.islands: {} {} in no island (expected each PE 0..{} in exactly one "
                      "island)",
                      PeRanges(missing), missing.size() == 1 ? "is" : "are", last_pe));
  }
}

}  // namespace rnngen::spec_internal
