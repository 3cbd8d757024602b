// The power model's part of a design folder: the manifest's `power` object, report.md's
// "Voltage islands and power" section and its two SVG pictures.
#ifndef RNNGEN_EMIT_POWER_OUTPUT_H_
#define RNNGEN_EMIT_POWER_OUTPUT_H_

#include <nlohmann/json.hpp>
#include <string>

#include "emit/constraints.h"
#include "power/power.h"

namespace rnngen {

// The pictures' file names in the folder.
inline constexpr const char* kPowerLoadsSvg = "power_loads.svg";
inline constexpr const char* kPowerEnergySvg = "power_energy.svg";

// `files`: the power-intent and constraint files written beside it (ConstraintFiles; none for one
// clock domain), listed in the manifest's power.files and named in the report.
nlohmann::ordered_json PowerJson(const PowerReport& r, const std::vector<ConstraintFile>& files);
std::string PowerMarkdown(const PowerReport& r, const std::vector<ConstraintFile>& files);
// PE loads (cycles per step) as bars coloured by island, with the deadline line.
std::string PowerLoadsSvg(const PowerReport& r);
// Energy per step of each island and of the array-clock domain, stacked by event type.
std::string PowerEnergySvg(const PowerReport& r);

}  // namespace rnngen

#endif  // RNNGEN_EMIT_POWER_OUTPUT_H_
