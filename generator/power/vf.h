// The V-f curve of the target corner: the highest clock a supply allows, and the lowest supply
// that allows a clock. Between two given (volts, MHz) points the alpha-power law
// f = K (V - Vth)^alpha / V (Sakurai & Newton 1990) interpolates, with Vth and alpha fitted to
// the points around that segment; the curve is never extrapolated (docs/power.md, "V-f curve").
#ifndef RNNGEN_POWER_VF_H_
#define RNNGEN_POWER_VF_H_

#include <optional>
#include <vector>

#include "spec/spec.h"

namespace rnngen {

struct VfPoint {
  double volts = 0;
  double mhz = 0;
};

// The default corner (no power.vf_points): a 28 nm-class slow corner made from the law itself,
// anchored at the array's default clock at the nominal supply (docs/power.md gives the source
// of each number).
inline constexpr double kDefaultVth = 0.35;         // volts
inline constexpr double kDefaultAlpha = 1.75;       // between textbook 28 nm and chip fits
inline constexpr double kDefaultTopVolts = 0.90;    // 28 nm nominal
inline constexpr double kDefaultTopMhz = 200;       // the default power.clock_mhz
inline constexpr double kDefaultFloorVolts = 0.60;  // the lowest point: the supply floor
inline constexpr double kDefaultStepVolts = 0.05;
std::vector<VfPoint> DefaultVfPoints();

// f = k (V - vth)^alpha / V, the law on one segment.
struct AlphaLaw {
  double vth = 0;
  double alpha = 0;
  double k = 0;
  double Mhz(double volts) const;
};

class VfCurve {
 public:
  // At least one point; volts and MHz positive and strictly rising together (the spec parser
  // checks a user's points; std::invalid_argument here means an internal error).
  explicit VfCurve(std::vector<VfPoint> points);

  // The highest clock at `volts`, which is clamped into the given range.
  double MaxMhz(double volts) const;
  // The lowest supply whose max clock covers `mhz` (the lowest point's supply for any clock at
  // or below its MHz: the floor); nothing above the highest point.
  std::optional<double> MinVolts(double mhz) const;
  // The lowest given point (no interpolation) whose max clock covers `mhz`: the nominal supply
  // of an array at that clock, at which the energy table is priced.
  std::optional<double> NominalVolts(double mhz) const;

  const std::vector<VfPoint>& points() const { return points_; }
  // laws()[i] is the fit between points()[i] and points()[i + 1].
  const std::vector<AlphaLaw>& laws() const { return laws_; }
  double top_mhz() const { return points_.back().mhz; }
  double floor_volts() const { return points_.front().volts; }

 private:
  std::vector<VfPoint> points_;
  std::vector<AlphaLaw> laws_;
};

// The spec's curve: power.vf_points or the default table.
VfCurve CurveOf(const Spec::Power& power);

}  // namespace rnngen

#endif  // RNNGEN_POWER_VF_H_
