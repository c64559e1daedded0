// Composition of a design's activities into a timeline (see timeline.hpp).
#include "xdna/timing/timeline.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "xdna/common/error.hpp"

namespace xdna::timing {

namespace {
constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
}

const char* to_string(ResourceKind k) {
  switch (k) {
    case ResourceKind::host:
      return "host";
    case ResourceKind::core:
      return "core";
    case ResourceKind::dma:
      return "dma";
  }
  return "?";
}

const char* to_string(ActivityKind k) {
  switch (k) {
    case ActivityKind::host:
      return "host";
    case ActivityKind::kernel:
      return "kernel";
    case ActivityKind::dma:
      return "dma";
  }
  return "?";
}

std::size_t Timeline::add_resource(std::string name, ResourceKind kind) {
  resources_.push_back({std::move(name), kind});
  return resources_.size() - 1;
}

std::size_t Timeline::add(Activity a) {
  const std::size_t index = activities_.size();
  if (a.resource >= resources_.size()) {
    throw InputError("timeline: activity " + std::to_string(index) + " '" + a.name +
                     "' names resource " + std::to_string(a.resource) + " but only " +
                     std::to_string(resources_.size()) + " resources exist");
  }
  if (!std::isfinite(a.cycles) || a.cycles < 0) {
    throw InputError("timeline: activity " + std::to_string(index) + " '" + a.name +
                     "' has duration " + std::to_string(a.cycles) +
                     " cycles; durations must be finite and >= 0");
  }
  if (a.cost >= 0 && static_cast<std::size_t>(a.cost) >= costs_.size()) {
    throw InputError("timeline: activity " + std::to_string(index) + " '" + a.name +
                     "' names kernel cost " + std::to_string(a.cost) + " but only " +
                     std::to_string(costs_.size()) + " exist");
  }
  for (const Dependency& d : a.deps) {
    if (d.on >= index) {
      throw InputError("timeline: activity " + std::to_string(index) + " '" + a.name +
                       "' depends on activity " + std::to_string(d.on) +
                       ", which is not earlier; add activities in dependency order");
    }
    if (!std::isfinite(d.latency_cycles) || d.latency_cycles < 0) {
      throw InputError("timeline: activity " + std::to_string(index) + " '" + a.name +
                       "' has a dependency latency of " + std::to_string(d.latency_cycles) +
                       " cycles; latencies must be finite and >= 0");
    }
  }
  activities_.push_back(std::move(a));
  return index;
}

std::int32_t Timeline::add_cost(const KernelCost& cost) {
  costs_.push_back(cost);
  return static_cast<std::int32_t>(costs_.size() - 1);
}

Schedule compose(const Timeline& timeline) {
  const auto& acts = timeline.activities();
  const std::size_t n = acts.size();
  Schedule s;
  s.start.assign(n, 0.0);
  s.end.assign(n, 0.0);
  s.resource_busy.assign(timeline.resources().size(), 0.0);
  // What released each activity: the dependency (with its latency) or the resource predecessor.
  std::vector<std::size_t> driver(n, kNone);
  std::vector<double> driver_latency(n, 0.0);
  std::vector<std::size_t> last_on_resource(timeline.resources().size(), kNone);

  for (std::size_t i = 0; i < n; ++i) {
    const Activity& a = acts[i];
    double start = 0.0;
    const std::size_t prev = last_on_resource[a.resource];
    if (prev != kNone) {
      start = s.end[prev];
      driver[i] = prev;
    }
    for (const Dependency& d : a.deps) {
      const double ready = s.end[d.on] + d.latency_cycles;
      if (ready > start) {
        start = ready;
        driver[i] = d.on;
        driver_latency[i] = d.latency_cycles;
      }
    }
    s.start[i] = start;
    s.end[i] = start + a.cycles;
    s.resource_busy[a.resource] += a.cycles;
    last_on_resource[a.resource] = i;
  }

  std::size_t last = kNone;
  for (std::size_t i = 0; i < n; ++i)
    if (last == kNone || s.end[i] > s.end[last]) last = i;
  if (last == kNone) return s;
  s.makespan = s.end[last];
  for (std::size_t i = last; i != kNone; i = driver[i]) {
    s.critical_path.push_back(i);
    s.critical_latency.push_back(driver_latency[i]);
  }
  std::reverse(s.critical_path.begin(), s.critical_path.end());
  std::reverse(s.critical_latency.begin(), s.critical_latency.end());
  return s;
}

FifoLocks::FifoLocks(int depth, double handoff_cycles) : depth_(depth), handoff_(handoff_cycles) {
  if (depth < 1) {
    throw InputError("timeline: object fifo depth " + std::to_string(depth) + " must be >= 1");
  }
}

void FifoLocks::need_free(std::size_t n, std::vector<Dependency>& deps) const {
  const auto d = static_cast<std::size_t>(depth_);
  if (n < d) return;
  const std::size_t freed_by = n - d;
  if (freed_by >= released_.size() || released_[freed_by] == kNone) {
    throw InputError("timeline: fifo element " + std::to_string(n) + " is written before element " +
                     std::to_string(freed_by) + " of its " + std::to_string(depth_) +
                     "-deep fifo was released: the design would deadlock here");
  }
  deps.push_back({released_[freed_by], handoff_});
}

void FifoLocks::need_written(std::size_t n, std::vector<Dependency>& deps) const {
  if (n >= written_.size() || written_[n] == kNone) {
    throw InputError("timeline: fifo element " + std::to_string(n) +
                     " is read before it was written");
  }
  deps.push_back({written_[n], handoff_});
}

void FifoLocks::written(std::size_t n, std::size_t activity) {
  if (written_.size() <= n) written_.resize(n + 1, kNone);
  written_[n] = activity;
}

void FifoLocks::released(std::size_t n, std::size_t activity) {
  if (released_.size() <= n) released_.resize(n + 1, kNone);
  released_[n] = activity;
}

}  // namespace xdna::timing
