// Projected NPU time of one run of a design (see projection.hpp).
#include "xdna/timing/projection.hpp"

#include <fmt/core.h>

namespace xdna::timing {

std::string Projection::headline() const {
  const std::string time = projected_us >= 1000 ? fmt::format("{:.3f} ms", projected_us / 1000)
                                                : fmt::format("{:.1f} us", projected_us);
  return fmt::format("projected {} NPU time ({} @ {:.0f} MHz, {}; {})", time, device, clock_mhz,
                     power_mode, model_version);
}

Projection project(const DesignTimeline& design, const DeviceRates& rates,
                   const TimingParams& params) {
  return project(design, compose(design.timeline), rates, params);
}

Projection project(const DesignTimeline& design, const Schedule& s, const DeviceRates& rates,
                   const TimingParams& params) {
  const Timeline& tl = design.timeline;
  Projection p;
  p.design = design.name;
  p.device = rates.device;
  p.power_mode = rates.power_mode;
  p.clock_mhz = rates.clock_mhz;
  p.clock_source = rates.clock_source;
  p.cycles = s.makespan;
  p.projected_us = rates.us_from_cycles(s.makespan);
  p.end_to_end_us = p.projected_us + design.host_buffers * params.host_sync_per_buffer_us;
  const double span = s.makespan > 0 ? s.makespan : 1.0;

  for (std::size_t r = 0; r < tl.resources().size(); ++r) {
    const Resource& res = tl.resources()[r];
    p.resources.push_back({res.name, to_string(res.kind), rates.us_from_cycles(s.resource_busy[r]),
                           s.resource_busy[r] / span});
  }
  // Functional units: sum each core's kernel costs.
  std::vector<std::array<double, kUnitCount>> per_core(tl.resources().size());
  for (const Activity& a : tl.activities()) {
    if (a.cost < 0) continue;
    const KernelCost& c = tl.kernel_costs()[static_cast<std::size_t>(a.cost)];
    for (std::size_t u = 0; u < kUnitCount; ++u) per_core[a.resource][u] += c.unit_cycles[u];
  }
  for (std::size_t r = 0; r < tl.resources().size(); ++r) {
    if (tl.resources()[r].kind != ResourceKind::core) continue;
    for (std::size_t u = 0; u < kUnitCount; ++u) {
      p.units.push_back({tl.resources()[r].name, std::string(to_string(static_cast<unit>(u))),
                         rates.us_from_cycles(per_core[r][u]), per_core[r][u] / span});
    }
  }
  for (std::size_t i = 0; i < s.critical_path.size(); ++i) {
    const Activity& a = tl.activities()[s.critical_path[i]];
    const double us = rates.us_from_cycles(a.cycles);
    p.critical_lock_us += rates.us_from_cycles(s.critical_latency[i]);
    switch (a.kind) {
      case ActivityKind::host:
        p.critical_host_us += us;
        break;
      case ActivityKind::kernel:
        p.critical_kernel_us += us;
        break;
      case ActivityKind::dma:
        p.critical_dma_us += us;
        break;
    }
  }
  return p;
}

nlohmann::json to_json(const Projection& p) {
  nlohmann::json j;
  j["projected"] = true;
  j["design"] = p.design;
  j["device"] = p.device;
  j["power_mode"] = p.power_mode;
  j["clock_mhz"] = p.clock_mhz;
  j["clock_source"] = p.clock_source;
  j["model_version"] = p.model_version;
  j["projected_us"] = p.projected_us;
  j["projected_end_to_end_us"] = p.end_to_end_us;
  j["projected_cycles"] = p.cycles;
  j["critical_path_us"] = {{"host", p.critical_host_us},
                           {"kernel", p.critical_kernel_us},
                           {"dma", p.critical_dma_us},
                           {"lock_handoff", p.critical_lock_us}};
  auto& res = j["utilization"]["resources"] = nlohmann::json::array();
  for (const auto& r : p.resources)
    res.push_back({{"name", r.name},
                   {"kind", r.kind},
                   {"busy_us", r.busy_us},
                   {"utilization", r.utilisation}});
  auto& units = j["utilization"]["core_units"] = nlohmann::json::array();
  for (const auto& u : p.units)
    units.push_back({{"core", u.core},
                     {"unit", u.unit},
                     {"busy_us", u.busy_us},
                     {"utilization", u.utilisation}});
  return j;
}

nlohmann::json chrome_trace(const DesignTimeline& design, const Schedule& s,
                            const Projection& projection) {
  const Timeline& tl = design.timeline;
  const double mhz = projection.clock_mhz;
  std::vector<bool> critical(tl.size(), false);
  for (auto i : s.critical_path) critical[i] = true;
  nlohmann::json events = nlohmann::json::array();
  events.push_back({{"ph", "M"},
                    {"name", "process_name"},
                    {"pid", 0},
                    {"tid", 0},
                    {"args", {{"name", "projected NPU time: " + projection.headline()}}}});
  for (std::size_t r = 0; r < tl.resources().size(); ++r) {
    events.push_back({{"ph", "M"},
                      {"name", "thread_name"},
                      {"pid", 0},
                      {"tid", r},
                      {"args", {{"name", tl.resources()[r].name}}}});
  }
  for (std::size_t i = 0; i < tl.size(); ++i) {
    const Activity& a = tl.activities()[i];
    nlohmann::json args = {{"critical", critical[i]}, {"cycles", a.cycles}};
    if (a.bytes) args["bytes"] = a.bytes;
    events.push_back({{"ph", "X"},
                      {"name", a.name},
                      {"cat", to_string(a.kind)},
                      {"pid", 0},
                      {"tid", a.resource},
                      {"ts", s.start[i] / mhz},
                      {"dur", a.cycles / mhz},
                      {"args", std::move(args)}});
  }
  nlohmann::json trace;
  trace["traceEvents"] = std::move(events);
  trace["displayTimeUnit"] = "ns";
  trace["otherData"] = {{"projected", true},
                        {"device", projection.device},
                        {"clock_mhz", projection.clock_mhz},
                        {"power_mode", projection.power_mode},
                        {"model_version", projection.model_version},
                        {"projected_us", projection.projected_us}};
  return trace;
}

}  // namespace xdna::timing
