// FACTS §4's measurements as calibration points (see calibration_points.hpp).
#include "calibration_points.hpp"

#include "measured_profiles.hpp"
#include "xdna/timing/analytic_counts.hpp"
#include "xdna/timing/reference_designs.hpp"

namespace xdna::timing::testing {

namespace {
CalibrationPoint gemm_point(std::string name, int M, int K, int N, double measured_us) {
  return {std::move(name), measured_us, false, "measured",
          [M, K, N](const DeviceRates& r, const TimingParams& p) {
            static const KernelProfile matmul = measured_matmul_i16_32();
            static const KernelProfile zero = measured_zero_i32_32();
            reference::GemmShape g;
            g.M = M;
            g.K = K;
            g.N = N;
            return reference::gemm_single_core(g, matmul, zero, r, p);
          }};
}

CalibrationPoint edge_point(int w, int h, double measured_us) {
  return {"edge-detect " + std::to_string(w) + "x" + std::to_string(h), measured_us, false,
          "analytic", [w, h](const DeviceRates& r, const TimingParams& p) {
            return reference::edge_detect(w, h, reference::analytic_edge_detect_kernels(w), r, p);
          }};
}

double gflops_to_us(double M, double K, double N, double gflops) {
  return 2 * M * K * N / (gflops * 1e3);
}
}  // namespace

std::vector<CalibrationPoint> calibration_points() {
  std::vector<CalibrationPoint> points;
  points.push_back({"passthrough 4096 B (NPU time)", 127.5, false, "analytic",
                    [](const DeviceRates& r, const TimingParams& p) {
                      return reference::passthrough(4096, analytic::copy(4096), r, p);
                    }});
  points.push_back({"passthrough 4096 B (end-to-end)", 220.6, true, "analytic",
                    [](const DeviceRates& r, const TimingParams& p) {
                      return reference::passthrough(4096, analytic::copy(4096), r, p);
                    }});
  points.push_back(gemm_point("GEMM int16 512x512x512, 32^3 tiles", 512, 512, 512, 3956));
  points.push_back(gemm_point("patch-embed 256x768x768", 256, 768, 768, 6600));
  points.push_back(gemm_point("M sweep 256x768x768 @ 53.6 GFLOP/s", 256, 768, 768,
                              gflops_to_us(256, 768, 768, 53.6)));
  points.push_back(gemm_point("M sweep 8192x768x768 @ 64.3 GFLOP/s", 8192, 768, 768,
                              gflops_to_us(8192, 768, 768, 64.3)));
  points.push_back(edge_point(640, 480, 1020));
  points.push_back(edge_point(1280, 720, 2210));
  points.push_back(edge_point(1920, 1080, 4540));
  points.push_back({"collapse_fused 1024 bf16 (end-to-end)", 270, true, "measured",
                    [](const DeviceRates& r, const TimingParams& p) {
                      static const KernelProfile k = measured_collapse_fused(1024);
                      return reference::single_tile(2048, 2048, k, 3, r, p);
                    }});
  return points;
}

double projected_us(const CalibrationPoint& point, const DeviceRates& rates,
                    const TimingParams& params) {
  const Projection p = project(point.design(rates, params), rates, params);
  return point.end_to_end ? p.end_to_end_us : p.projected_us;
}

}  // namespace xdna::timing::testing
