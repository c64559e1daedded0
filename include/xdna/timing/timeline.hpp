// Timing model, part 4 of 4: composing a whole design's activities into a timeline.
//
// A design is a set of activities (a kernel call on a core, one fifo element's DMA hop, the host's
// dispatch), each on one resource (a core, a DMA channel, the host) that runs its activities one at
// a time in the order they were added, and each waiting for the activities it depends on (a buffer
// filled, a buffer freed: the fifo's locks) plus a hand-off latency. compose() starts every
// activity as early as that allows, so workers and DMAs overlap as the fifos permit: the projected
// time is the timeline's span, not a sum. It also returns the critical path: the chain of
// activities (and hand-off latencies) that sets the span, so a user sees what to speed up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "xdna/timing/core_model.hpp"

namespace xdna::timing {

enum class ResourceKind { host, core, dma };
enum class ActivityKind { host, kernel, dma };
const char* to_string(ResourceKind k);
const char* to_string(ActivityKind k);

struct Resource {
  std::string name;  // "core(0,2)", "shim(0,0) mm2s0", "host"
  ResourceKind kind = ResourceKind::core;
};

struct Dependency {
  std::size_t on = 0;           // index of an earlier activity
  double latency_cycles = 0.0;  // after its end (a lock hand-off)
};

struct Activity {
  std::string name;
  std::size_t resource = 0;
  ActivityKind kind = ActivityKind::kernel;
  double cycles = 0.0;
  std::vector<Dependency> deps;
  std::int32_t cost = -1;   // kernels: index into Timeline::kernel_costs() (per-unit cycles)
  std::uint64_t bytes = 0;  // DMA hops: bytes moved
};

class Timeline {
 public:
  std::size_t add_resource(std::string name, ResourceKind kind);
  // Appends an activity; its dependencies must be earlier activities and its resource must exist
  // and its cycles be finite and >= 0, else xdna::InputError naming the activity.
  std::size_t add(Activity a);
  // Kernel calls with equal op counts share one cost entry (large designs repeat a kernel often).
  std::int32_t add_cost(const KernelCost& cost);

  const std::vector<Resource>& resources() const { return resources_; }
  const std::vector<Activity>& activities() const { return activities_; }
  const std::vector<KernelCost>& kernel_costs() const { return costs_; }
  std::size_t size() const { return activities_.size(); }

 private:
  std::vector<Resource> resources_;
  std::vector<Activity> activities_;
  std::vector<KernelCost> costs_;
};

struct Schedule {
  std::vector<double> start, end;  // per activity, in cycles from the dispatch
  double makespan = 0.0;
  // Activities on the critical path, first to last, and what each waited for: the latency of the
  // dependency that released it (0 when it followed its resource's previous activity).
  std::vector<std::size_t> critical_path;
  std::vector<double> critical_latency;
  std::vector<double> resource_busy;  // per resource: sum of its activities' cycles
};

// Event-driven in one pass (dependencies point backwards): O(activities + dependencies).
Schedule compose(const Timeline& timeline);

// Lock semantics of one object fifo of `depth` buffers between a producer and a consumer side:
// element n may be written once element n - depth has been released by the consumer, and may be
// read once it has been written. Builders record which activity wrote / released each element.
class FifoLocks {
 public:
  FifoLocks(int depth, double handoff_cycles);
  // Dependencies of writing element `n` (a free buffer), empty while n < depth.
  void need_free(std::size_t n, std::vector<Dependency>& deps) const;
  // Dependencies of reading element `n` (written).
  void need_written(std::size_t n, std::vector<Dependency>& deps) const;
  void written(std::size_t n, std::size_t activity);
  void released(std::size_t n, std::size_t activity);
  int depth() const { return depth_; }

 private:
  int depth_;
  double handoff_;
  std::vector<std::size_t> written_, released_;
};

}  // namespace xdna::timing
