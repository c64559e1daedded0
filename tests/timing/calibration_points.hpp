// FACTS §4's measurements as the timing model's calibration points: for each, the reference
// design (reference_designs.hpp) with this project's measured kernel op counts where the kernel
// exists (GEMM, collapse_fused) and analytic counts where it does not yet (passthrough copy,
// the five vision kernels), and the measured value to compare with.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "xdna/timing/projection.hpp"

namespace xdna::timing::testing {

struct CalibrationPoint {
  std::string name;
  double measured_us = 0;
  bool end_to_end = false;  // the measurement includes host buffer sync
  std::string counts;       // "measured" (host AIE API counters) or "analytic"
  std::function<DesignTimeline(const DeviceRates&, const TimingParams&)> design;
};

std::vector<CalibrationPoint> calibration_points();

// The projection comparable with the point's measurement (NPU time or end-to-end), in us.
double projected_us(const CalibrationPoint& point, const DeviceRates& rates,
                    const TimingParams& params);

}  // namespace xdna::timing::testing
