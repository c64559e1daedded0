// Building a design's timeline: the host dispatch, kernel calls on cores, DMA hops per fifo
// element, with the fifos' lock dependencies. Used by the reference designs (calibration) and by
// the adapter from an emulator run record.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "xdna/arch/device.hpp"
#include "xdna/timing/core_model.hpp"
#include "xdna/timing/device_rates.hpp"
#include "xdna/timing/params.hpp"
#include "xdna/timing/timeline.hpp"

namespace xdna::timing {

// What one kernel call did, as the host AIE API counted it.
struct KernelProfile {
  std::string name;
  op_counters ops;
  bool pipelined = true;  // its hot loops are software-pipelined (AIE_PREPARE_FOR_PIPELINING)
};

// A design's timeline plus what the end-to-end projection needs.
struct DesignTimeline {
  std::string name;
  Timeline timeline;
  int host_buffers = 0;      // buffers the host syncs per run (end-to-end only)
  std::size_t dispatch = 0;  // the host dispatch activity
};

class DesignBuilder {
 public:
  DesignBuilder(std::string name, const DeviceRates& rates, const TimingParams& params);

  // The resource called `name`, created on first use.
  std::size_t resource(const std::string& name, ResourceKind kind);
  // The host dispatch of the runtime sequence (once, first). Everything else depends on it.
  std::size_t dispatch();
  // One fifo element moved from a `from` tile to a `to` tile on the sender's channel `channel`.
  std::size_t hop(const std::string& channel, std::uint64_t bytes, arch::TileKind from,
                  arch::TileKind to, std::vector<Dependency> deps, std::string name);
  // The same with parameters for this hop only (e.g. no BD set-up for the middle of a chunk).
  std::size_t hop_with(const std::string& channel, std::uint64_t bytes, arch::TileKind from,
                       arch::TileKind to, std::vector<Dependency> deps, std::string name,
                       const TimingParams& hop_params);
  // A zero-length step on core `core` (a worker's lock hand-off with no kernel call in between).
  std::size_t step(const std::string& core, std::vector<Dependency> deps, std::string name);
  std::size_t dispatch_activity() const { return design_.dispatch; }
  // One kernel call on core `core`.
  std::size_t kernel(const std::string& core, const KernelProfile& profile,
                     std::vector<Dependency> deps, std::string name);

  double handoff() const { return params_.lock_handoff_cycles; }
  const TimingParams& params() const { return params_; }
  const DeviceRates& rates() const { return rates_; }
  DesignTimeline finish(int host_buffers);

 private:
  std::size_t add_after_dispatch(Activity a);
  std::int32_t cost_of(const KernelProfile& profile);

  DesignTimeline design_;
  DeviceRates rates_;
  TimingParams params_;
  std::map<std::string, std::size_t> resources_;
  std::map<std::string, std::int32_t> costs_;  // profile name + pipelined -> cost entry
  KernelProfile last_;  // the previous kernel() call's profile and its cost entry
  std::int32_t last_cost_ = -1;
  std::vector<bool> used_;  // per resource: has an activity already
  bool dispatched_ = false;
};

}  // namespace xdna::timing
