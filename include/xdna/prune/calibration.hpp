// TEAL-style calibration: per-layer magnitude thresholds chosen from activation statistics so
// that a target fraction of a projection's input entries falls below the threshold.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace xdna::prune {

// Collects |x| samples for one activation site (one projection input of one layer).
class MagnitudeHistogram {
 public:
  void add(std::span<const float> x);
  std::size_t samples() const { return magnitudes_.size(); }

  // The smallest threshold t such that the fraction of samples with |x| < t is the largest not
  // exceeding `sparsity` (the empirical quantile). sparsity in [0, 1); InputError otherwise, or
  // when no sample was added.
  float threshold_for(double sparsity) const;

  // Fraction of samples with |x| < t.
  double fraction_below(float t) const;

 private:
  mutable std::vector<float> magnitudes_;
  mutable bool sorted_ = true;
};

}  // namespace xdna::prune
