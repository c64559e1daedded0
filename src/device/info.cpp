// Collecting and rendering `xdna info`.
#include "xdna/device/info.hpp"

#include <fmt/core.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "xdna/common/error.hpp"
#include "xdna/device/sim_driver.hpp"

namespace xdna::device {

using namespace uapi;
using nlohmann::json;

namespace {

std::string fixed(const char* s, std::size_t cap) {
  return std::string(s, strnlen(s, cap));
}

std::string fw_str(const FirmwareVersion& v) {
  return fmt::format("{}.{}.{}.{}", v.major, v.minor, v.patch, v.build);
}

std::string sensor_value(const Sensor& s, std::uint32_t raw) {
  double v = raw * std::pow(10.0, s.unitm);
  return fmt::format("{:g} {}", v, fixed(s.units, sizeof s.units));
}

template <typename T, typename F>
json query_json(const Query<T>& q, F&& to) {
  if (q.value) return to(*q.value);
  return json{{"unsupported", q.unsupported}};
}

json tile_json(const AieTileMetadata& t) {
  return {{"row_start", t.row_start},
          {"row_count", t.row_count},
          {"dma_channels", t.dma_channel_count},
          {"locks", t.lock_count},
          {"event_registers", t.event_reg_count}};
}

}  // namespace

DeviceInfo query_device(const NpuFunction& pci, std::string node, Amdxdna& driver) {
  DeviceInfo d;
  d.pci = pci;
  d.node = std::move(node);
  d.driver = driver.driver_version();
  d.firmware = driver.firmware_version();
  d.aie_version = driver.aie_version();
  d.metadata = driver.aie_metadata();
  if (d.metadata.value)
    d.status = driver.aie_status(d.metadata.value->cols, d.metadata.value->col_size);
  else
    d.status.unsupported = "needs AIE_METADATA";
  d.clocks = driver.clocks();
  d.power_mode = driver.power_mode();
  d.sensors = driver.sensors();
  d.contexts = driver.hw_contexts();
  d.context_array = driver.hw_context_array();
  d.resources = driver.resource_info();
  d.telemetry = driver.telemetry();
  d.force_preempt = driver.force_preempt();
  d.frame_boundary_preempt = driver.frame_boundary_preempt();
  d.warnings = driver.warnings();
  return d;
}

InfoReport collect_info(const HostEnv& env) {
  InfoReport r;
  r.kernel = kernel_release(env);
  r.module = read_driver_module(env);
  for (const auto& f : discover_npus(env)) {
    DeviceInfo d;
    d.pci = f;
    if (f.accel.empty()) {
      d.open_error = f.driver.empty() ? "no driver bound; run `xdna doctor`"
                                      : "driver bound but no accel node in sysfs";
    } else {
      d.node = "/dev/accel/" + f.accel.front();
      try {
        auto transport = FdTransport::open(env.at(d.node));
        Amdxdna driver(*transport);
        d = query_device(f, d.node, driver);
      } catch (const SystemError& e) {
        d.open_error = e.what();
      }
    }
    r.devices.push_back(std::move(d));
  }
  return r;
}

InfoReport collect_info_simulated(const HostEnv& env, int major, int minor) {
  InfoReport r;
  r.kernel = kernel_release(env);
  r.module = read_driver_module(env);
  auto npus = discover_npus(env);
  if (npus.empty()) {
    NpuFunction f;
    f.bdf = "sim:00:00.0";
    f.device_id = 0x1502;
    f.revision = 0x00;
    f.model = find_npu_model(0x1502, 0x00);
    f.driver = "amdxdna (simulated)";
    f.accel = {"accel0"};
    npus.push_back(f);
  }
  for (const auto& f : npus) {
    auto cfg = SimDriverConfig::phoenix(major, minor);
    cfg.caller_is_root = env.identity.uid == 0;
    SimulatedDriver sim(cfg);
    Amdxdna driver(sim);
    r.devices.push_back(query_device(
        f, "(simulated driver " + std::to_string(major) + "." + std::to_string(minor) + ")",
        driver));
  }
  return r;
}

std::optional<std::pair<int, int>> parse_driver_version(const std::string& text) {
  auto v = Version::parse(text);
  if (!v || v->parts.size() != 2 || v->str() != text) return std::nullopt;
  return std::make_pair(v->parts[0], v->parts[1]);
}

std::string render_info_text(const InfoReport& r) {
  std::string out;
  out += fmt::format("kernel: {}\n", r.kernel.empty() ? "unknown" : r.kernel);
  out += fmt::format("amdxdna module: {}{}\n", r.module.loaded ? "loaded" : "not loaded",
                     r.module.version.empty() ? "" : " (version " + r.module.version + ")");
  if (r.devices.empty()) {
    out +=
        "no AMD NPU found (no PCI function 1022:1502 / 1022:17f0 / AIE4 ids); run `xdna "
        "doctor` for details\n";
    return out;
  }
  auto unsup = [](const std::string& why) { return "unsupported (" + why + ")"; };
  for (const auto& d : r.devices) {
    const auto& p = d.pci;
    out += fmt::format("\nNPU {}  {:04x}:{:04x} rev {:02x}\n", p.bdf, kAmdVendorId, p.device_id,
                       p.revision);
    out += fmt::format("  name:        {}\n", p.display_name());
    out += fmt::format("  aie:         {}\n", p.model ? p.model->aie : "unknown");
    out += fmt::format("  driver:      {}\n", p.driver.empty() ? "not bound" : p.driver);
    if (!p.vbnv.empty()) out += fmt::format("  vbnv:        {}\n", p.vbnv);
    if (!p.fw_version.empty()) out += fmt::format("  fw (sysfs):  {}\n", p.fw_version);
    if (!p.device_type.empty()) out += fmt::format("  dev type:    {}\n", p.device_type);
    out += fmt::format("  node:        {}\n", d.node.empty() ? "none" : d.node);
    if (!d.open_error.empty()) {
      out += fmt::format("  queries:     not available: {}\n", d.open_error);
      continue;
    }
    out += fmt::format("  driver ver:  {} ({})\n", d.driver->str(), d.driver->name);
    out += fmt::format("  firmware:    {}\n", d.firmware.value ? fw_str(*d.firmware.value)
                                                               : unsup(d.firmware.unsupported));
    if (d.aie_version.value)
      out += fmt::format("  aie version: {}.{}\n", d.aie_version.value->major,
                         d.aie_version.value->minor);
    else
      out += fmt::format("  aie version: {}\n", unsup(d.aie_version.unsupported));
    if (const auto& m = d.metadata.value) {
      out += fmt::format("  array:       {} columns x {} rows, column size {} B\n", m->cols,
                         m->rows, m->col_size);
      auto tile = [&](const char* kind, const AieTileMetadata& t) {
        out += fmt::format("    {:<5} rows {}..{} ({}), DMA channels {}, locks {}, event regs {}\n",
                           kind, t.row_start, t.row_start + t.row_count - 1, t.row_count,
                           t.dma_channel_count, t.lock_count, t.event_reg_count);
      };
      tile("shim", m->shim);
      tile("mem", m->mem);
      tile("core", m->core);
    } else {
      out += fmt::format("  array:       {}\n", unsup(d.metadata.unsupported));
    }
    if (d.status.value)
      out += fmt::format("  aie status:  columns reported 0x{:x} ({} bytes)\n",
                         d.status.value->cols_filled, d.status.value->bytes.size());
    else
      out += fmt::format("  aie status:  {}\n", unsup(d.status.unsupported));
    if (const auto& c = d.clocks.value)
      out += fmt::format("  clocks:      {} {} MHz, {} {} MHz\n", fixed(c->mp_npu_clock.name, 16),
                         c->mp_npu_clock.freq_mhz, fixed(c->h_clock.name, 16), c->h_clock.freq_mhz);
    else
      out += fmt::format("  clocks:      {}\n", unsup(d.clocks.unsupported));
    out +=
        fmt::format("  power mode:  {}\n", d.power_mode.value ? power_mode_name(*d.power_mode.value)
                                                              : unsup(d.power_mode.unsupported));
    if (d.sensors.value) {
      if (d.sensors.value->empty()) out += "  sensors:     none\n";
      for (const auto& s : *d.sensors.value)
        out += fmt::format("  sensor:      {} = {}\n", fixed(s.label, sizeof s.label),
                           sensor_value(s, s.input));
    } else {
      out += fmt::format("  sensors:     {}\n", unsup(d.sensors.unsupported));
    }
    if (d.contexts.value) {
      out += fmt::format("  contexts:    {}\n", d.contexts.value->size());
      for (const auto& c : *d.contexts.value)
        out += fmt::format("    ctx {} pid {} cols {}..{} submitted {} completed {} errors {}\n",
                           c.context_id, c.pid, c.start_col, c.start_col + c.num_col - 1,
                           c.command_submissions, c.command_completions, c.errors);
    } else {
      out += fmt::format("  contexts:    {}\n", unsup(d.contexts.unsupported));
    }
    if (d.context_array.value) {
      out += fmt::format("  ctx array:   {} (GET_ARRAY)\n", d.context_array.value->size());
      for (const auto& c : *d.context_array.value)
        out += fmt::format("    ctx {} hwctx {} pid {} state {} heap {} B suspensions {}\n",
                           c.context_id, c.hwctx_id, c.pid, c.state ? "active" : "idle",
                           c.heap_usage, c.suspensions);
    } else {
      out += fmt::format("  ctx array:   {}\n", unsup(d.context_array.unsupported));
    }
    if (const auto& res = d.resources.value)
      out += fmt::format("  resources:   clock max {} MHz, TOPS {}/{}, tasks {}/{}\n",
                         res->npu_clk_max, res->npu_tops_curr, res->npu_tops_max,
                         res->npu_task_curr, res->npu_task_max);
    else
      out += fmt::format("  resources:   {}\n", unsup(d.resources.unsupported));
    if (const auto& t = d.telemetry.value)
      out += fmt::format("  telemetry:   interface {}.{}, {} map entries\n", t->major, t->minor,
                         t->map_num_elements);
    else
      out += fmt::format("  telemetry:   {}\n", unsup(d.telemetry.unsupported));
    auto onoff = [&](const Query<bool>& q) {
      return q.value ? std::string(*q.value ? "on" : "off") : unsup(q.unsupported);
    };
    out += fmt::format("  preemption:  forced {}; frame boundary {}\n", onoff(d.force_preempt),
                       onoff(d.frame_boundary_preempt));
  }
  return out;
}

std::string render_info_json(const InfoReport& r) {
  json devices = json::array();
  for (const auto& d : r.devices) {
    const auto& p = d.pci;
    json j = {{"bdf", p.bdf},
              {"device_id", fmt::format("{:04x}", p.device_id)},
              {"revision", fmt::format("{:02x}", p.revision)},
              {"name", p.model ? p.model->name : "unknown"},
              {"generation", p.model ? p.model->generation : "unknown"},
              {"aie", p.model ? p.model->aie : "unknown"},
              {"driver", p.driver},
              {"vbnv", p.vbnv},
              {"sysfs_fw_version", p.fw_version},
              {"sysfs_device_type", p.device_type},
              {"node", d.node}};
    if (!d.open_error.empty()) {
      j["error"] = d.open_error;
      devices.push_back(j);
      continue;
    }
    j["driver_version"] = d.driver->str();
    j["driver_name"] = d.driver->name;
    j["firmware"] = query_json(d.firmware, [](const auto& v) { return json(fw_str(v)); });
    j["aie_version"] = query_json(
        d.aie_version, [](const auto& v) { return json(fmt::format("{}.{}", v.major, v.minor)); });
    j["array"] = query_json(d.metadata, [](const AieMetadata& m) {
      return json{{"columns", m.cols},         {"rows", m.rows},
                  {"column_size", m.col_size}, {"shim", tile_json(m.shim)},
                  {"mem", tile_json(m.mem)},   {"core", tile_json(m.core)}};
    });
    j["aie_status"] = query_json(d.status, [](const AieStatus& st) {
      return json{{"columns_reported", st.cols_filled}, {"bytes", st.bytes.size()}};
    });
    j["clocks"] = query_json(d.clocks, [](const ClockMetadata& c) {
      return json{{fixed(c.mp_npu_clock.name, 16), c.mp_npu_clock.freq_mhz},
                  {fixed(c.h_clock.name, 16), c.h_clock.freq_mhz}};
    });
    j["power_mode"] =
        query_json(d.power_mode, [](PowerMode m) { return json(power_mode_name(m)); });
    j["sensors"] = query_json(d.sensors, [](const std::vector<Sensor>& v) {
      json a = json::array();
      for (const auto& s : v)
        a.push_back({{"label", fixed(s.label, sizeof s.label)},
                     {"value", s.input * std::pow(10.0, s.unitm)},
                     {"units", fixed(s.units, sizeof s.units)}});
      return a;
    });
    j["hw_contexts"] = query_json(d.contexts, [](const std::vector<HwContext>& v) {
      json a = json::array();
      for (const auto& c : v)
        a.push_back({{"id", c.context_id},
                     {"pid", c.pid},
                     {"start_col", c.start_col},
                     {"num_col", c.num_col},
                     {"submitted", c.command_submissions},
                     {"completed", c.command_completions},
                     {"errors", c.errors}});
      return a;
    });
    j["hw_context_array"] = query_json(d.context_array, [](const std::vector<HwContextEntry>& v) {
      json a = json::array();
      for (const auto& c : v)
        a.push_back({{"id", c.context_id},
                     {"hwctx_id", c.hwctx_id},
                     {"pid", c.pid},
                     {"state", c.state ? "active" : "idle"},
                     {"heap_usage", c.heap_usage}});
      return a;
    });
    j["resources"] = query_json(d.resources, [](const ResourceInfo& x) {
      return json{{"clock_max_mhz", x.npu_clk_max},
                  {"tops_max", x.npu_tops_max},
                  {"tops_current", x.npu_tops_curr},
                  {"tasks_max", x.npu_task_max},
                  {"tasks_current", x.npu_task_curr}};
    });
    j["telemetry"] = query_json(d.telemetry, [](const TelemetryHeader& t) {
      return json{{"interface", fmt::format("{}.{}", t.major, t.minor)},
                  {"map_entries", t.map_num_elements}};
    });
    j["force_preempt"] = query_json(d.force_preempt, [](bool b) { return json(b); });
    j["frame_boundary_preempt"] =
        query_json(d.frame_boundary_preempt, [](bool b) { return json(b); });
    j["warnings"] = d.warnings;
    devices.push_back(j);
  }
  json root = {{"kernel", r.kernel},
               {"module", {{"loaded", r.module.loaded}, {"version", r.module.version}}},
               {"devices", devices}};
  return root.dump(2) + "\n";
}

}  // namespace xdna::device
