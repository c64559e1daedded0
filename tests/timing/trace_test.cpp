// The projected-time trace: valid Chrome trace-event JSON, one track per resource, timestamps in
// projected NPU time, and a critical path that adds up to the projected total.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "xdna/arch/device.hpp"
#include "xdna/timing/analytic_counts.hpp"
#include "xdna/timing/projection.hpp"
#include "xdna/timing/reference_designs.hpp"

namespace xdna::timing {
namespace {

struct Fixture {
  DeviceRates rates = device_rates(arch::npu1(), "default", default_params());
  DesignTimeline design = reference::edge_detect(
      64, 16, reference::analytic_edge_detect_kernels(64), rates, default_params());
  Schedule schedule = compose(design.timeline);
  Projection projection = project(design, schedule, rates, default_params());
};

TEST(Trace, IsValidChromeTraceJsonMarkedAsProjected) {
  Fixture f;
  const std::string text = chrome_trace(f.design, f.schedule, f.projection).dump();
  const nlohmann::json j = nlohmann::json::parse(text);  // throws if not valid JSON
  ASSERT_TRUE(j.contains("traceEvents"));
  EXPECT_TRUE(j["otherData"]["projected"].get<bool>());
  EXPECT_EQ(j["otherData"]["model_version"], kModelVersion);
  std::size_t complete = 0, tracks = 0;
  double last_end_us = 0;
  for (const auto& e : j["traceEvents"]) {
    if (e["ph"] == "X") {
      ++complete;
      EXPECT_GE(e["ts"].get<double>(), 0.0);
      EXPECT_GE(e["dur"].get<double>(), 0.0);
      last_end_us = std::max(last_end_us, e["ts"].get<double>() + e["dur"].get<double>());
    } else if (e["ph"] == "M" && e["name"] == "thread_name") {
      ++tracks;
    }
  }
  EXPECT_EQ(complete, f.design.timeline.size());
  EXPECT_EQ(tracks, f.design.timeline.resources().size());
  // The trace's last event ends at the projected total (NPU microseconds).
  EXPECT_NEAR(last_end_us, f.projection.projected_us, 1e-6 * f.projection.projected_us);
}

TEST(Trace, CriticalPathAddsUpToTheProjectedTotal) {
  Fixture f;
  const Projection& p = f.projection;
  EXPECT_NEAR(p.critical_host_us + p.critical_kernel_us + p.critical_dma_us + p.critical_lock_us,
              p.projected_us, 1e-9 * p.projected_us);
  // Each step of the path starts when its predecessor (plus hand-off) ends: no gaps.
  const auto& path = f.schedule.critical_path;
  ASSERT_FALSE(path.empty());
  EXPECT_DOUBLE_EQ(f.schedule.start[path.front()], 0.0);
  for (std::size_t i = 1; i < path.size(); ++i)
    EXPECT_DOUBLE_EQ(f.schedule.start[path[i]],
                     f.schedule.end[path[i - 1]] + f.schedule.critical_latency[i]);
}

TEST(Projection, SaysProjectedWithDeviceClockAndVersion) {
  Fixture f;
  const std::string h = f.projection.headline();
  EXPECT_NE(h.find("projected"), std::string::npos);
  EXPECT_NE(h.find("npu1"), std::string::npos);
  EXPECT_NE(h.find("1800 MHz"), std::string::npos);
  EXPECT_NE(h.find(kModelVersion), std::string::npos);
  const nlohmann::json j = to_json(f.projection);
  EXPECT_TRUE(j["projected"].get<bool>());
  EXPECT_GT(j["projected_us"].get<double>(), 0.0);
  // Utilisation is a fraction of the span for every resource and unit (one entry per resource,
  // so the loop below cannot pass on an empty list).
  EXPECT_EQ(j["utilization"]["resources"].size(), f.design.timeline.resources().size());
  for (const auto& r : j["utilization"]["resources"]) {
    EXPECT_GE(r["utilization"].get<double>(), 0.0);
    EXPECT_LE(r["utilization"].get<double>(), 1.0 + 1e-9);
  }
  EXPECT_EQ(j["utilization"]["core_units"].size(), 4u * kUnitCount);  // 4 cores
}

}  // namespace
}  // namespace xdna::timing
