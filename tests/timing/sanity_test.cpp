// Properties any timing model must have, checked on the reference designs: more data never takes
// less time, a faster clock never more, a design bound by DMA does not speed up with a faster
// kernel, and the assumed (uncalibrated) parameters do not decide the calibration points.
#include <gtest/gtest.h>

#include <cmath>

#include "calibration_points.hpp"
#include "xdna/arch/device.hpp"
#include "xdna/timing/analytic_counts.hpp"
#include "xdna/timing/calibrate.hpp"
#include "xdna/timing/reference_designs.hpp"

namespace xdna::timing {
namespace {

DeviceRates rates_at(const char* mode) {
  return device_rates(arch::npu1(), mode, default_params());
}

double passthrough_us(std::uint64_t bytes, const DeviceRates& r) {
  return project(reference::passthrough(bytes, analytic::copy(bytes), r, default_params()), r,
                 default_params())
      .projected_us;
}

double edge_us(int w, int h, const DeviceRates& r, const TimingParams& p = default_params()) {
  return project(reference::edge_detect(w, h, reference::analytic_edge_detect_kernels(w), r, p), r,
                 p)
      .projected_us;
}

double gemm_us(int M, const KernelProfile& matmul, const DeviceRates& r) {
  reference::GemmShape g;
  g.M = M;
  g.K = g.N = 256;
  return project(reference::gemm_single_core(g, matmul, analytic::zero_i32(32, 32), r,
                                             default_params()),
                 r, default_params())
      .projected_us;
}

TEST(Sanity, MoreDataNeverTakesLessTime) {
  const DeviceRates r = rates_at("default");
  double previous = 0;
  for (std::uint64_t bytes : {256u, 1024u, 4096u, 16384u, 65536u}) {
    const double us = passthrough_us(bytes, r);
    EXPECT_GE(us, previous) << bytes << " B";
    previous = us;
  }
  previous = 0;
  for (int h : {8, 64, 240, 480}) {
    const double us = edge_us(640, h, r);
    EXPECT_GT(us, previous) << "640x" << h;
    previous = us;
  }
  const KernelProfile mm = analytic::gemm_i16_i32(32, 32, 32);
  EXPECT_LT(gemm_us(64, mm, r), gemm_us(128, mm, r));
}

TEST(Sanity, AFasterClockNeverTakesLonger) {
  // powersaver 800 MHz < balanced 1030 < driver-max 1600 < default 1800.
  double previous = 1e300;
  for (const char* mode : {"powersaver", "balanced", "driver-max", "default"}) {
    const DeviceRates r = rates_at(mode);
    const double us = edge_us(640, 120, r);
    EXPECT_LT(us, previous) << mode;
    previous = us;
  }
}

// The 32^3 GEMM is bound by its shim streams: a micro-kernel with half the work per call
// (a hypothetical faster kernel) leaves the projected time within 1%.
TEST(Sanity, DmaBoundDesignDoesNotSpeedUpWithAFasterKernel) {
  const DeviceRates r = rates_at("default");
  const KernelProfile real = analytic::gemm_i16_i32(32, 32, 32);
  KernelProfile faster = real;
  for (auto& v : faster.ops.ops) v /= 2;
  for (auto& v : faster.ops.bits) v /= 2;
  for (auto& v : faster.ops.macs) v /= 2;
  EXPECT_NEAR(gemm_us(128, faster, r), gemm_us(128, real, r), 0.01 * gemm_us(128, real, r));
  // ...while a design bound by its kernel does slow down with a slower one (the model is live).
  KernelProfile slower = real;
  for (auto& v : slower.ops.ops) v *= 8;
  for (auto& v : slower.ops.bits) v *= 8;
  for (auto& v : slower.ops.macs) v *= 8;
  EXPECT_GT(gemm_us(128, slower, r), 1.5 * gemm_us(128, real, r));
}

// The assumed parameters (no public number) may not decide the calibration points: sweeping each
// over a generous range moves every point by less than 2%.
TEST(Sanity, AssumedParametersDoNotDecideTheCalibrationPoints) {
  const auto points = testing::calibration_points();
  const DeviceRates r = rates_at("default");
  struct Sweep {
    const char* name;
    double TimingParams::*field;
    double lo, hi;
  };
  const Sweep sweeps[] = {{"lock_handoff_cycles", &TimingParams::lock_handoff_cycles, 0, 200},
                          {"kernel_call_cycles", &TimingParams::kernel_call_cycles, 0, 400}};
  for (const auto& point : points) {
    if (point.name.find("8192") != std::string::npos) continue;  // slow; same design as 512^3
    const double base = testing::projected_us(point, r, default_params());
    for (const auto& sweep : sweeps) {
      for (double v : {sweep.lo, sweep.hi}) {
        TimingParams p = default_params();
        p.*sweep.field = v;
        const double us = testing::projected_us(point, r, p);
        EXPECT_LT(std::abs(us / base - 1), 0.02)
            << point.name << " with " << sweep.name << " = " << v;
      }
    }
  }
}

// The BD set-up cost is paid per element on the shim streams, so it does move the calibration
// points; but it trades against the calibrated shim rates: after refitting (calibrate()), the
// points that were not fitted move by less than 7% over 0..200 cycles (the largest effect of any
// assumed parameter: docs/TIMING.md lists it under known errors).
TEST(Sanity, BdSetupIsAbsorbedByTheCalibration) {
  const DeviceRates r = rates_at("default");
  const auto points = testing::calibration_points();
  const char* predicted[] = {"edge-detect 1280x720", "edge-detect 1920x1080",
                             "collapse_fused 1024 bf16 (end-to-end)",
                             "M sweep 256x768x768 @ 53.6 GFLOP/s"};
  for (double bd : {0.0, 200.0}) {
    TimingParams start = default_params();
    start.bd_setup_cycles = bd;
    const TimingParams fit = calibrate({}, analytic_calibration_kernels(), r, start);
    for (const auto& point : points) {
      bool is_predicted = false;
      for (const char* name : predicted) is_predicted = is_predicted || point.name == name;
      if (!is_predicted) continue;
      const double base = testing::projected_us(point, r, default_params());
      const double us = testing::projected_us(point, r, fit);
      EXPECT_LT(std::abs(us / base - 1), 0.07) << point.name << " with bd_setup_cycles = " << bd;
    }
  }
}

}  // namespace
}  // namespace xdna::timing
