#include "xdna/prune/calibration.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "xdna/common/error.hpp"

namespace xdna::prune {

void MagnitudeHistogram::add(std::span<const float> x) {
  for (float v : x) magnitudes_.push_back(std::fabs(v));
  sorted_ = false;
}

float MagnitudeHistogram::threshold_for(double sparsity) const {
  if (!(sparsity >= 0.0 && sparsity < 1.0)) {
    throw InputError("calibration: target sparsity " + std::to_string(sparsity) +
                     " is outside [0, 1)");
  }
  if (magnitudes_.empty()) throw InputError("calibration: no activation samples were recorded");
  if (!sorted_) {
    std::sort(magnitudes_.begin(), magnitudes_.end());
    sorted_ = true;
  }
  // Entry floor(s * n) is the first one kept under |x| >= t: exactly floor(s * n) entries fall
  // below it when the magnitudes are distinct.
  const auto index = static_cast<std::size_t>(sparsity * static_cast<double>(magnitudes_.size()));
  if (index == 0) return 0.0f;
  return magnitudes_[index];
}

double MagnitudeHistogram::fraction_below(float t) const {
  if (magnitudes_.empty()) return 0.0;
  if (!sorted_) {
    std::sort(magnitudes_.begin(), magnitudes_.end());
    sorted_ = true;
  }
  const auto it = std::lower_bound(magnitudes_.begin(), magnitudes_.end(), t);
  return static_cast<double>(it - magnitudes_.begin()) / static_cast<double>(magnitudes_.size());
}

}  // namespace xdna::prune
