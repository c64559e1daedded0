// Projected NPU time of one run of a design: the timeline's span at the chosen clock, with the
// device, clock, power mode and model version that every printed projection must name, where the
// time went (busy time and utilisation per core, per functional unit and per DMA channel) and the
// critical path split by kind.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "xdna/timing/design_timeline.hpp"

namespace xdna::timing {

struct ResourceUse {
  std::string name;
  std::string kind;  // "host", "core", "dma"
  double busy_us = 0;
  double utilisation = 0;  // busy / projected span
};

struct UnitUse {
  std::string core;
  std::string unit;  // load, store, vector_alu, multiplier, shuffle, scalar
  double busy_us = 0;
  double utilisation = 0;
};

struct Projection {
  std::string design;
  std::string device;
  std::string power_mode;
  double clock_mhz = 0;
  std::string clock_source;
  std::string model_version = kModelVersion;

  double cycles = 0;         // span of the timeline, host dispatch included
  double projected_us = 0;   // NPU time of one run (what FACTS §4 calls NPU time)
  double end_to_end_us = 0;  // + host buffer sync (what FACTS §4 calls end-to-end)
  std::vector<ResourceUse> resources;
  std::vector<UnitUse> units;
  // Critical path by kind; sums to projected_us.
  double critical_host_us = 0, critical_kernel_us = 0, critical_dma_us = 0, critical_lock_us = 0;

  // "projected 3.95 ms NPU time (npu1 @ 1800 MHz, default; xdna-timing 0.1)"
  std::string headline() const;
};

Projection project(const DesignTimeline& design, const DeviceRates& rates,
                   const TimingParams& params);
// The same, with the schedule the caller already composed.
Projection project(const DesignTimeline& design, const Schedule& schedule, const DeviceRates& rates,
                   const TimingParams& params);

nlohmann::json to_json(const Projection& p);

// Chrome trace-event JSON of the projected timeline (Perfetto, chrome://tracing): one track per
// resource, timestamps in projected NPU microseconds from the dispatch, critical-path activities
// flagged in args, and metadata saying it is a projection (device, clock, model version).
nlohmann::json chrome_trace(const DesignTimeline& design, const Schedule& schedule,
                            const Projection& projection);

}  // namespace xdna::timing
