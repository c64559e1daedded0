// The timing model against FACTS §4's measurements on an XDNA1 (Ryzen 7 8845HS), at the
// "default" power mode clock of the device model. Four of these points each fitted one parameter
// (calibrate.hpp); the others are predictions. Bound: ±15% per point (issue 7's goal), except the
// three 768-wide GEMM points the model is known to miss (docs/TIMING.md, "Known errors"): there the
// test pins the direction and size of the miss so that a change to the model that moves it shows.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "calibration_points.hpp"
#include "measured_profiles.hpp"
#include "xdna/arch/device.hpp"
#include "xdna/common/error.hpp"
#include "xdna/timing/analytic_counts.hpp"
#include "xdna/timing/calibrate.hpp"
#include "xdna/timing/reference_designs.hpp"

namespace xdna::timing {
namespace {

const DeviceRates& npu1_default() {
  static const DeviceRates rates = device_rates(arch::npu1(), "default", default_params());
  return rates;
}

const testing::CalibrationPoint& point(const std::string& name) {
  static const auto points = testing::calibration_points();
  for (const auto& p : points)
    if (p.name == name) return p;
  throw std::runtime_error("no calibration point " + name);
}

double error_of(const std::string& name) {
  const auto& p = point(name);
  const double us = testing::projected_us(p, npu1_default(), default_params());
  std::printf("%-42s measured %9.1f us, projected %9.1f us (%+.1f%%, %s counts)\n", name.c_str(),
              p.measured_us, us, 100 * (us / p.measured_us - 1), p.counts.c_str());
  return us / p.measured_us - 1;
}

class WithinBound : public ::testing::TestWithParam<const char*> {};

TEST_P(WithinBound, ProjectionWithin15PercentOfTheMeasurement) {
  EXPECT_LE(std::abs(error_of(GetParam())), 0.15);
}

INSTANTIATE_TEST_SUITE_P(
    Facts4, WithinBound,
    ::testing::Values("passthrough 4096 B (NPU time)", "passthrough 4096 B (end-to-end)",
                      "GEMM int16 512x512x512, 32^3 tiles", "M sweep 8192x768x768 @ 64.3 GFLOP/s",
                      "edge-detect 640x480", "edge-detect 1280x720", "edge-detect 1920x1080",
                      "collapse_fused 1024 bf16 (end-to-end)"));

// Known miss: the 768-wide GEMM at M = 256 measured 1.0-2.0 ms slower than the 512^3 GEMM's
// per-tile rate predicts, a fixed cost the model has no mechanism for. Pinned: projected faster
// than measured, by 15-40%.
TEST(KnownMiss, PatchEmbedShapeProjectsFasterThanMeasured) {
  for (const char* name : {"patch-embed 256x768x768", "M sweep 256x768x768 @ 53.6 GFLOP/s"}) {
    const double e = error_of(name);
    EXPECT_LT(e, -0.15) << name << ": the known miss closed; update docs/TIMING.md and this test";
    EXPECT_GT(e, -0.40) << name;
  }
}

// The M sweep's measured shape: GFLOP/s rises with M (53.6 -> 64.3 from M = 256 to 8192) because
// the fixed costs are amortised. The model must rise too, and not overshoot the 512^3 rate's
// neighbourhood (its asymptote is the shim-bound tile rate).
TEST(Calibration, MSweepThroughputRisesWithM) {
  static const KernelProfile matmul = testing::measured_matmul_i16_32();
  static const KernelProfile zero = testing::measured_zero_i32_32();
  double previous = 0;
  for (int M : {256, 1024, 4096}) {
    reference::GemmShape g;
    g.M = M;
    g.K = g.N = 768;
    const double us =
        project(reference::gemm_single_core(g, matmul, zero, npu1_default(), default_params()),
                npu1_default(), default_params())
            .projected_us;
    const double gflops = 2.0 * M * 768 * 768 / (us * 1e3);
    EXPECT_GT(gflops, previous) << "M = " << M;
    EXPECT_LT(gflops, 80.0) << "M = " << M;
    previous = gflops;
  }
}

TEST(Calibration, RefittingToFactsReproducesTheDefaults) {
  const TimingParams defaults = default_params();
  const TimingParams fit = calibrate(CalibrationMeasurements{}, analytic_calibration_kernels(),
                                     npu1_default(), defaults);
  EXPECT_NEAR(fit.host_dispatch_us, defaults.host_dispatch_us, 0.01 * defaults.host_dispatch_us);
  EXPECT_NEAR(fit.host_sync_per_buffer_us, defaults.host_sync_per_buffer_us,
              0.01 * defaults.host_sync_per_buffer_us);
  EXPECT_NEAR(fit.shim_ddr_bytes_per_cycle, defaults.shim_ddr_bytes_per_cycle,
              0.01 * defaults.shim_ddr_bytes_per_cycle);
  EXPECT_NEAR(fit.shim_write_element_cycles, defaults.shim_write_element_cycles,
              0.01 * defaults.shim_write_element_cycles);
}

TEST(Calibration, ASlowerMeasuredGemmFitsASlowerShim) {
  CalibrationMeasurements m;
  m.gemm_512_i16_us *= 1.2;
  const TimingParams fit =
      calibrate(m, analytic_calibration_kernels(), npu1_default(), default_params());
  EXPECT_LT(fit.shim_ddr_bytes_per_cycle, 0.9 * default_params().shim_ddr_bytes_per_cycle);
  // And the refitted model meets the new measurement.
  const double us =
      project(reference::gemm_single_core({}, analytic::gemm_i16_i32(32, 32, 32),
                                          analytic::zero_i32(32, 32), npu1_default(), fit),
              npu1_default(), fit)
          .projected_us;
  EXPECT_NEAR(us, m.gemm_512_i16_us, 0.01 * m.gemm_512_i16_us);
}

TEST(Calibration, UnreachableMeasurementIsRefusedWithItsName) {
  CalibrationMeasurements m;
  m.passthrough_4096_npu_us = 0.5;  // less than moving 4 KiB takes
  try {
    calibrate(m, analytic_calibration_kernels(), npu1_default(), default_params());
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("passthrough NPU time"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace xdna::timing
