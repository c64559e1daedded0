// Building a design's timeline (see design_timeline.hpp).
#include "xdna/timing/design_timeline.hpp"

#include <utility>

#include "xdna/common/error.hpp"
#include "xdna/timing/dma_model.hpp"

namespace xdna::timing {

DesignBuilder::DesignBuilder(std::string name, const DeviceRates& rates, const TimingParams& params)
    : rates_(rates), params_(params) {
  design_.name = std::move(name);
}

std::size_t DesignBuilder::resource(const std::string& name, ResourceKind kind) {
  auto it = resources_.find(name);
  if (it != resources_.end()) return it->second;
  const std::size_t id = design_.timeline.add_resource(name, kind);
  resources_.emplace(name, id);
  return id;
}

std::size_t DesignBuilder::dispatch() {
  if (dispatched_) {
    throw InputError("timing: design '" + design_.name +
                     "' dispatched twice; one runtime "
                     "sequence has one dispatch");
  }
  dispatched_ = true;
  Activity a;
  a.name = "host dispatch";
  a.resource = resource("host", ResourceKind::host);
  a.kind = ActivityKind::host;
  a.cycles = rates_.cycles_from_us(params_.host_dispatch_us);
  design_.dispatch = design_.timeline.add(std::move(a));
  return design_.dispatch;
}

std::size_t DesignBuilder::hop(const std::string& channel, std::uint64_t bytes, arch::TileKind from,
                               arch::TileKind to, std::vector<Dependency> deps, std::string name) {
  return hop_with(channel, bytes, from, to, std::move(deps), std::move(name), params_);
}

std::size_t DesignBuilder::step(const std::string& core, std::vector<Dependency> deps,
                                std::string name) {
  if (!dispatched_) dispatch();
  Activity a;
  a.name = std::move(name);
  a.resource = resource(core, ResourceKind::core);
  a.kind = ActivityKind::kernel;
  a.cycles = 0;
  a.deps = std::move(deps);
  return add_after_dispatch(std::move(a));
}

std::size_t DesignBuilder::hop_with(const std::string& channel, std::uint64_t bytes,
                                    arch::TileKind from, arch::TileKind to,
                                    std::vector<Dependency> deps, std::string name,
                                    const TimingParams& hop_params) {
  if (!dispatched_) dispatch();
  Activity a;
  a.name = std::move(name);
  a.resource = resource(channel, ResourceKind::dma);
  a.kind = ActivityKind::dma;
  a.cycles = hop_cycles(bytes, from, to, hop_params);
  a.bytes = bytes;
  a.deps = std::move(deps);
  return add_after_dispatch(std::move(a));
}

std::size_t DesignBuilder::kernel(const std::string& core, const KernelProfile& profile,
                                  std::vector<Dependency> deps, std::string name) {
  if (!dispatched_) dispatch();
  std::int32_t cost_id = -1;
  const auto same_counts = [](const op_counters& x, const op_counters& y) {
    return x.ops == y.ops && x.bits == y.bits && x.macs == y.macs;
  };
  if (last_cost_ >= 0 && profile.pipelined == last_.pipelined &&
      same_counts(profile.ops, last_.ops) && profile.name == last_.name) {
    cost_id = last_cost_;  // the common case: a loop calling one kernel
  } else {
    cost_id = cost_of(profile);
    last_ = profile;
    last_cost_ = cost_id;
  }
  Activity a;
  a.name = std::move(name);
  a.resource = resource(core, ResourceKind::core);
  a.kind = ActivityKind::kernel;
  a.cost = cost_id;
  a.cycles = design_.timeline.kernel_costs()[static_cast<std::size_t>(cost_id)].total_cycles;
  a.deps = std::move(deps);
  return add_after_dispatch(std::move(a));
}

std::int32_t DesignBuilder::cost_of(const KernelProfile& profile) {
  // Equal names with different counts are different entries: key on the counts too.
  std::string key = profile.name;
  key += profile.pipelined ? "|p" : "|s";
  const auto append = [&key](std::uint64_t v) {
    key.push_back('|');
    key.append(std::to_string(v));
  };
  for (auto v : profile.ops.ops) append(v);
  for (auto v : profile.ops.bits) append(v);
  for (auto v : profile.ops.macs) append(v);
  auto it = costs_.find(key);
  if (it != costs_.end()) return it->second;
  const std::int32_t id =
      design_.timeline.add_cost(kernel_cost(profile.ops, profile.pipelined, rates_, params_));
  costs_.emplace(std::move(key), id);
  return id;
}

std::size_t DesignBuilder::add_after_dispatch(Activity a) {
  // A resource runs its activities in order, so only its first one needs the dispatch edge.
  if (used_.size() <= a.resource) used_.resize(a.resource + 1, false);
  if (!used_[a.resource]) {
    a.deps.push_back({design_.dispatch, 0.0});
    used_[a.resource] = true;
  }
  return design_.timeline.add(std::move(a));
}

DesignTimeline DesignBuilder::finish(int host_buffers) {
  if (!dispatched_) dispatch();
  design_.host_buffers = host_buffers;
  return std::move(design_);
}

}  // namespace xdna::timing
