// Refitting the calibrated parameters (see calibrate.hpp).
#include "xdna/timing/calibrate.hpp"

#include <cmath>
#include <functional>
#include <string>

#include "xdna/common/error.hpp"
#include "xdna/timing/analytic_counts.hpp"
#include "xdna/timing/projection.hpp"
#include "xdna/timing/reference_designs.hpp"

namespace xdna::timing {

namespace {

// Finds x in [lo, hi] with f(x) = target for a monotone f (increasing or decreasing).
double solve(const std::function<double(double)>& f, double target, double lo, double hi,
             const std::string& what) {
  double f_lo = f(lo), f_hi = f(hi);
  const bool increasing = f_hi > f_lo;
  const double min_v = increasing ? f_lo : f_hi, max_v = increasing ? f_hi : f_lo;
  if (target < min_v || target > max_v) {
    throw InputError("timing calibration: " + what + " of " + std::to_string(target) +
                     " us is outside what the model can reach (" + std::to_string(min_v) + " .. " +
                     std::to_string(max_v) + " us); check the measurement and its units");
  }
  // Illinois regula falsi: bracketing like bisection, converging in a handful of evaluations
  // (each one composes a whole design).
  double g_lo = f_lo - target, g_hi = f_hi - target;
  int last_side = 0;
  for (int i = 0; i < 60; ++i) {
    const double x = g_hi == g_lo ? 0.5 * (lo + hi) : hi - g_hi * (hi - lo) / (g_hi - g_lo);
    const double g = f(x) - target;
    if (std::abs(g) <= 1e-4 * std::abs(target) || hi - lo <= 1e-9 * std::abs(hi)) return x;
    if ((g < 0) == (g_lo < 0)) {
      lo = x;
      g_lo = g;
      if (last_side == -1) g_hi *= 0.5;
      last_side = -1;
    } else {
      hi = x;
      g_hi = g;
      if (last_side == 1) g_lo *= 0.5;
      last_side = 1;
    }
  }
  return 0.5 * (lo + hi);
}

}  // namespace

CalibrationKernels analytic_calibration_kernels() {
  return {analytic::gemm_i16_i32(32, 32, 32), analytic::zero_i32(32, 32)};
}

TimingParams calibrate(const CalibrationMeasurements& m, const CalibrationKernels& kernels,
                       const DeviceRates& rates, TimingParams p) {
  const KernelProfile copy = analytic::copy(4096);
  const auto edge_kernels = reference::analytic_edge_detect_kernels(640);
  auto passthrough = [&](const TimingParams& q) {
    return project(reference::passthrough(4096, copy, rates, q), rates, q);
  };
  auto gemm_us = [&](const TimingParams& q) {
    return project(reference::gemm_single_core({}, kernels.matmul_i16_32, kernels.zero_i32_32,
                                               rates, q),
                   rates, q)
        .projected_us;
  };
  auto edge_us = [&](const TimingParams& q) {
    return project(reference::edge_detect(640, 480, edge_kernels, rates, q), rates, q).projected_us;
  };
  for (int round = 0; round < 2; ++round) {
    p.host_dispatch_us = solve(
        [&](double x) {
          TimingParams q = p;
          q.host_dispatch_us = x;
          return passthrough(q).projected_us;
        },
        m.passthrough_4096_npu_us, 0.0, 1e5, "the passthrough NPU time");
    p.shim_ddr_bytes_per_cycle = solve(
        [&](double x) {
          TimingParams q = p;
          q.shim_ddr_bytes_per_cycle = x;
          return gemm_us(q);
        },
        m.gemm_512_i16_us, 0.01, p.stream_bytes_per_cycle, "the 512^3 GEMM time");
    p.shim_write_element_cycles = solve(
        [&](double x) {
          TimingParams q = p;
          q.shim_write_element_cycles = x;
          return edge_us(q);
        },
        m.edge_detect_640x480_us, 0.0, 1e6, "the edge-detect 640x480 time");
  }
  const Projection pt = passthrough(p);
  if (m.passthrough_4096_end_to_end_us < pt.projected_us) {
    throw InputError("timing calibration: the passthrough end-to-end time (" +
                     std::to_string(m.passthrough_4096_end_to_end_us) +
                     " us) is below its NPU time (" + std::to_string(pt.projected_us) + " us)");
  }
  p.host_sync_per_buffer_us = (m.passthrough_4096_end_to_end_us - pt.projected_us) / 2.0;
  return p;
}

}  // namespace xdna::timing
