#include "power/energy.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>

#include "model/model_error.h"

namespace rnngen {
namespace {

// Horowitz, ISSCC 2014, 45 nm at 0.9 V (power.md §3.1).
constexpr double kMult32Pj = 3.1;  // 32-bit integer multiply; scales with the product of widths
constexpr double kAdd32Pj = 0.1;   // 32-bit integer add; scales with width
constexpr double kSramPjPerBit = 0.16;  // 8 KB SRAM, 10 pJ per 64-bit access
// Accelergy's tutorial ERT, 40 nm (power.md §3.2): a 12-16-entry register file, 16-bit read,
// the top of its 0.14-0.73 pJ range.
constexpr double kRf16Pj = 0.73;
// Aladdin 40 nm (Accelergy library, power.md §3.2).
constexpr double kRegPjPerBit = 0.009;  // register write
constexpr double kMult32LeakUw = 80;    // 32-bit multiplier leakage
constexpr double kAdd32LeakUw = 2.4;    // 32-bit adder leakage

}  // namespace

EnergyTable EnergyTableOf(const Spec& spec, const Plan& plan) {
  const auto& a = spec.arithmetic;
  const int w = a.weight.bits, x = a.activation.bits, acc = a.accumulator_bits;
  const double product = static_cast<double>(w) * x / (32.0 * 32.0);
  EnergyTable t;
  const auto set = [&](Event e, double pj, std::string source) {
    t.pj[static_cast<size_t>(e)] = pj;
    t.source[static_cast<size_t>(e)] = std::move(source);
  };
  const double mac = kMult32Pj * product + kAdd32Pj * acc / 32.0;
  const std::string mac_source = fmt::format(
      "Horowitz 45 nm: {}x{}-bit multiply (3.1 pJ x {}x{}/32^2) + {}-bit add", w, x, w, x, acc);
  set(Event::kMac, mac, mac_source);
  set(Event::kPadMac, mac, "as mac: the RTL does not gate the multiplier on padding entries");
  const auto sram = [&](int bits, const char* what) {
    return fmt::format("Horowitz 45 nm 8 KB SRAM, 0.16 pJ/bit x {} bits ({})", bits, what);
  };
  const auto reg = [&](int bits, const char* what) {
    return fmt::format("Aladdin 40 nm register, 0.009 pJ/bit x {} bits ({})", bits, what);
  };
  const int entry = plan.EntryBits();
  const std::string fields =
      fmt::format("first + {}{}", plan.encoding->RowFieldBits() > 0 ? "index + " : "",
                  plan.code_bits > 0 ? "code" : "weight");
  std::string entry_source = sram(entry, fields.c_str());
  double entry_pj = kSramPjPerBit * entry;
  if (plan.code_bits > 0) {
    entry_pj += kRegPjPerBit * w;
    entry_source += "; + " + reg(w, "the code's weight from the codebook table");
  }
  set(Event::kEntryRead, entry_pj, entry_source);
  set(Event::kPtrRead, kSramPjPerBit * plan.ptr_bits, sram(plan.ptr_bits, "column count"));
  set(Event::kFifoPush, kRegPjPerBit * (x + plan.ptr_bits),
      reg(x + plan.ptr_bits, "activation + count"));
  set(Event::kFifoPop, kRegPjPerBit * (x + plan.ptr_bits),
      reg(x + plan.ptr_bits, "activation + count"));
  set(Event::kAccUpdate, 2 * kRf16Pj * acc / 16.0,
      fmt::format("Accelergy 40 nm register file, 0.73 pJ per 16 bits, read + write of a {}-bit "
                  "accumulator row",
                  acc));
  set(Event::kTableRead, kSramPjPerBit * x, sram(x, "table entry"));
  set(Event::kVbufRead, kSramPjPerBit * x, sram(x, "activation"));
  set(Event::kVbufWrite, kSramPjPerBit * x, sram(x, "activation"));
  t.leak_uw_per_pe = kMult32LeakUw * product + kAdd32LeakUw * acc / 32.0;
  t.leak_source = fmt::format(
      "Aladdin 40 nm: {}x{}-bit multiplier (80 uW x {}x{}/32^2) + {}-bit adder (2.4 uW x {}/32); "
      "memories not included",
      w, x, w, x, acc, acc);

  for (const auto& [name, pj] : spec.power.energy_pj) {
    size_t e = 0;
    while (e < kEventNames.size() && kEventNames[e] != name) ++e;
    if (e == kEventNames.size()) {
      ThrowAt(spec, "power.energy_pj." + name,
              {fmt::format("unknown event '{}' in power.energy_pj (events: {})", name,
                           fmt::join(kEventNames, ", "))});
    }
    t.pj[e] = pj;
    t.source[e] = "power.energy_pj (given)";
  }
  return t;
}

double DynamicScale(double volts, double nominal_volts) {
  const double r = volts / nominal_volts;
  return r * r;
}

double LeakageUw(const EnergyTable& t, double volts, double nominal_volts) {
  return t.leak_uw_per_pe * (volts / nominal_volts) *
         std::exp(t.leak_k_per_volt * (volts - nominal_volts));
}

}  // namespace rnngen
