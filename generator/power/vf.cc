#include "power/vf.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace rnngen {
namespace {

// Clocks closer than this (relative) count as equal: a point's own MHz is covered by its volts.
constexpr double kRelTol = 1e-9;

// The alpha that takes the law through points p and q for a given vth.
double AlphaThrough(const VfPoint& p, const VfPoint& q, double vth) {
  return std::log((q.mhz * q.volts) / (p.mhz * p.volts)) /
         std::log((q.volts - vth) / (p.volts - vth));
}

// Vth and alpha of the law through the segment p-q and a neighbouring point n (all three
// exactly), found by bisection on vth; the default vth (below the lowest volts) when the three
// points admit no such law.
AlphaLaw FitSegment(const VfPoint& p, const VfPoint& q, const VfPoint* n) {
  const double v_low = std::min(p.volts, n ? n->volts : p.volts);
  double vth = kDefaultVth < p.volts ? kDefaultVth : 0.5 * p.volts;
  if (n != nullptr) {
    const auto mismatch = [&](double v) { return AlphaThrough(p, q, v) - AlphaThrough(p, *n, v); };
    // Scan for a sign change below the lowest volts, then bisect it.
    constexpr int kScan = 400;
    double lo = 0, hi = -1;
    for (int s = 1; s <= kScan && hi < 0; ++s) {
      const double a = v_low * (s - 1) / (kScan + 1), b = v_low * s / (kScan + 1);
      if (std::signbit(mismatch(a)) != std::signbit(mismatch(b))) lo = a, hi = b;
    }
    if (hi >= 0) {
      for (int it = 0; it < 100; ++it) {
        const double mid = 0.5 * (lo + hi);
        (std::signbit(mismatch(lo)) == std::signbit(mismatch(mid)) ? lo : hi) = mid;
      }
      vth = 0.5 * (lo + hi);
    }
  }
  AlphaLaw law;
  law.vth = vth;
  law.alpha = AlphaThrough(p, q, vth);
  law.k = p.mhz * p.volts / std::pow(p.volts - vth, law.alpha);
  return law;
}

}  // namespace

double AlphaLaw::Mhz(double volts) const { return k * std::pow(volts - vth, alpha) / volts; }

std::vector<VfPoint> DefaultVfPoints() {
  AlphaLaw law{kDefaultVth, kDefaultAlpha, 1.0};
  law.k = kDefaultTopMhz / law.Mhz(kDefaultTopVolts);
  std::vector<VfPoint> points;
  const int steps =
      static_cast<int>(std::lround((kDefaultTopVolts - kDefaultFloorVolts) / kDefaultStepVolts));
  for (int s = 0; s <= steps; ++s) {
    const double v = kDefaultFloorVolts + s * kDefaultStepVolts;
    points.push_back({v, s == steps ? kDefaultTopMhz : law.Mhz(v)});
  }
  return points;
}

VfCurve::VfCurve(std::vector<VfPoint> points) : points_(std::move(points)) {
  if (points_.empty()) throw std::invalid_argument("internal error: an empty V-f curve");
  for (size_t i = 0; i < points_.size(); ++i) {
    const VfPoint& p = points_[i];
    if (!(p.volts > 0 && p.mhz > 0) ||
        (i > 0 && !(p.volts > points_[i - 1].volts && p.mhz > points_[i - 1].mhz))) {
      throw std::invalid_argument("internal error: V-f points not positive and rising");
    }
  }
  for (size_t i = 0; i + 1 < points_.size(); ++i) {
    // The neighbour below the segment, or above it at the bottom of the table.
    const VfPoint* n = i > 0 ? &points_[i - 1] : i + 2 < points_.size() ? &points_[i + 2] : nullptr;
    laws_.push_back(FitSegment(points_[i], points_[i + 1], n));
  }
}

double VfCurve::MaxMhz(double volts) const {
  if (volts <= points_.front().volts) return points_.front().mhz;
  if (volts >= points_.back().volts) return points_.back().mhz;
  size_t i = 0;
  while (points_[i + 1].volts < volts) ++i;
  return laws_[i].Mhz(volts);
}

std::optional<double> VfCurve::MinVolts(double mhz) const {
  const double want = mhz * (1 - kRelTol);
  if (want <= points_.front().mhz) return points_.front().volts;
  if (want > points_.back().mhz) return std::nullopt;
  size_t i = 0;
  while (points_[i + 1].mhz < want) ++i;
  if (want > points_[i + 1].mhz * (1 - 2 * kRelTol)) return points_[i + 1].volts;  // that point
  double lo = points_[i].volts, hi = points_[i + 1].volts;  // MaxMhz(lo) < want <= MaxMhz(hi)
  for (int it = 0; it < 80; ++it) {
    const double mid = 0.5 * (lo + hi);
    (laws_[i].Mhz(mid) >= want ? hi : lo) = mid;
  }
  return hi;
}

std::optional<double> VfCurve::NominalVolts(double mhz) const {
  for (const VfPoint& p : points_) {
    if (p.mhz >= mhz * (1 - kRelTol)) return p.volts;
  }
  return std::nullopt;
}

VfCurve CurveOf(const Spec::Power& power) {
  if (power.vf_points.empty()) return VfCurve(DefaultVfPoints());
  std::vector<VfPoint> points;
  for (const auto& [v, f] : power.vf_points) points.push_back({v, f});
  // The spec may list them in any order (checked monotonic there).
  std::sort(points.begin(), points.end(),
            [](const VfPoint& a, const VfPoint& b) { return a.volts < b.volts; });
  return VfCurve(std::move(points));
}

}  // namespace rnngen
