#include "xdna/prune/select.hpp"

#include <cmath>
#include <string>

#include "xdna/common/error.hpp"
#include "xdna/ops/selection.hpp"

namespace xdna::prune {

namespace {

void require_finite(std::span<const float> v, const char* what) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!std::isfinite(v[i])) {
      throw InputError(std::string(what) + ": importance[" + std::to_string(i) +
                       "] is not finite (" + std::to_string(v[i]) + ")");
    }
  }
}

// Exponent k such that |t| * 2^k lies in [64, 128); 0 for t == 0.
int scale_exponent_for(float t) {
  if (t == 0.0f) return 0;
  int e = 0;
  std::frexp(t, &e);  // |t| = m * 2^e, m in [0.5, 1)
  return 7 - e;
}

std::vector<bfloat16> to_scaled_bf16(std::span<const float> v, int k, bool magnitude) {
  std::vector<bfloat16> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    // ldexp in double: exact, and overflow past the float range gives inf (kept, see header).
    const double x = magnitude ? std::fabs(static_cast<double>(v[i])) : static_cast<double>(v[i]);
    out[i] = bfloat16(static_cast<float>(std::ldexp(x, k)));
  }
  return out;
}

void compact_at_least(std::span<const float> v, float tau, bool magnitude, ops::Backend backend,
                      std::vector<std::uint32_t>& indices, float* applied) {
  const int k = scale_exponent_for(tau);
  const auto scaled = to_scaled_bf16(v, k, magnitude);
  const float scaled_tau = static_cast<float>(std::ldexp(static_cast<double>(tau), k));
  auto result = ops::compact(scaled, scaled_tau, backend);
  indices = std::move(result.indices);
  if (applied) *applied = static_cast<float>(std::ldexp(static_cast<double>(result.tau), -k));
}

void top_count(std::span<const float> v, std::size_t count, bool magnitude, ops::Backend backend,
               std::vector<std::uint32_t>& indices, float* applied) {
  if (count == 0) {
    indices.clear();
    if (applied) *applied = INFINITY;
    return;
  }
  if (count >= v.size()) {
    // Every element survives; still route through the operator so the backend is exercised.
    count = v.size();
  }
  // Phase 1: the count-th largest value in bf16, with the peak scaled near 2^14 so that small
  // importances keep their precision.
  float peak = 0;
  for (float x : v) peak = std::max(peak, magnitude ? std::fabs(x) : x);
  int k1 = scale_exponent_for(peak) + 7;
  if (peak == 0.0f) k1 = 0;
  const auto scaled = to_scaled_bf16(v, k1, magnitude);
  const float t1 = ops::topk_threshold(scaled, count, backend);
  // Phase 2: move the threshold into [64, 128) so Q8 represents it exactly, then compact.
  const float tau = static_cast<float>(std::ldexp(static_cast<double>(t1), -k1));
  compact_at_least(v, tau, magnitude, backend, indices, applied);
}

}  // namespace

Survivors select_at_least(std::span<const float> importance, float tau, ops::Backend backend) {
  require_finite(importance, "select_at_least");
  Survivors s;
  compact_at_least(importance, tau, false, backend, s.indices, &s.threshold);
  return s;
}

Survivors select_top_count(std::span<const float> importance, std::size_t count,
                           ops::Backend backend) {
  require_finite(importance, "select_top_count");
  Survivors s;
  top_count(importance, count, false, backend, s.indices, &s.threshold);
  return s;
}

Survivors select_top_fraction(std::span<const float> importance, double keep,
                              ops::Backend backend) {
  if (!(keep >= 0.0 && keep <= 1.0)) {
    throw InputError("select_top_fraction: keep fraction " + std::to_string(keep) +
                     " is outside [0, 1]");
  }
  const auto count = static_cast<std::size_t>(std::llround(keep * importance.size()));
  return select_top_count(importance, count, backend);
}

Survivors select_fraction_of_peak(std::span<const float> importance, float frac,
                                  ops::Backend backend) {
  require_finite(importance, "select_fraction_of_peak");
  // frac travels as Q8, so scaling the importances does not change the decision; scale the peak
  // near 2^14 to keep bf16 precision for small importances.
  float peak = 0;
  for (float x : importance) peak = std::max(peak, x);
  const int k = peak > 0 ? scale_exponent_for(peak) + 7 : 0;
  const auto scaled = to_scaled_bf16(importance, k, false);
  auto result = ops::pse_collapse(scaled, frac, backend);
  Survivors s;
  s.indices = std::move(result.indices);
  s.threshold = static_cast<float>(std::ldexp(static_cast<double>(result.tau), -k));
  return s;
}

Survivors select_magnitude_at_least(std::span<const float> x, float tau, ops::Backend backend) {
  Survivors s;
  require_finite(x, "select_magnitude_at_least");
  compact_at_least(x, tau, true, backend, s.indices, &s.threshold);
  return s;
}

void select_magnitude_at_least(std::span<const float> x, float tau, ops::Backend backend,
                               std::vector<std::uint32_t>& indices) {
  compact_at_least(x, tau, true, backend, indices, nullptr);
}

void select_magnitude_top_count(std::span<const float> x, std::size_t count, ops::Backend backend,
                                std::vector<std::uint32_t>& indices) {
  top_count(x, count, true, backend, indices, nullptr);
}

}  // namespace xdna::prune
