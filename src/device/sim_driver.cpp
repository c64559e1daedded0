// The simulated amdxdna driver: decodes request numbers exactly as the kernel would (type, nr and
// the argument size encoded in the request) and copies payloads in and out of caller buffers.
#include "xdna/device/sim_driver.hpp"

#include <cerrno>
#include <cstring>

namespace xdna::device {
namespace {

using namespace uapi;

void copy_name(char* dst, std::size_t cap, const char* src) {
  std::memset(dst, 0, cap);
  std::strncpy(dst, src, cap - 1);
}

template <typename T>
void* to_ptr(T addr) {
  return reinterpret_cast<void*>(static_cast<std::uintptr_t>(addr));
}

// Copies `bytes` out to a user buffer described by (buffer, buffer_size); EINVAL when too small,
// reporting the size needed, as the driver does.
int copy_out(GetInfo& args, const void* src, std::size_t bytes) {
  if (args.buffer_size < bytes) {
    args.buffer_size = static_cast<std::uint32_t>(bytes);
    return EINVAL;
  }
  if (args.buffer == 0) return EFAULT;
  std::memcpy(to_ptr(args.buffer), src, bytes);
  args.buffer_size = static_cast<std::uint32_t>(bytes);
  return 0;
}

}  // namespace

SimDriverConfig SimDriverConfig::phoenix(int major, int minor) {
  SimDriverConfig c;
  c.major = major;
  c.minor = minor;
  // Array geometry from FACTS §1 (npu1: 5 physical columns, 6 rows: shim, mem tile, 4 core rows;
  // locks 16 core / 64 mem tile / 16 shim; DMA 2+2 core, 6+6 mem tile, 2+2 shim).
  c.metadata.col_size = 0x4000;  // simulated value (bytes of AIE status per column)
  c.metadata.cols = 5;
  c.metadata.rows = 6;
  c.metadata.version = {2, 0};
  c.metadata.core = {4, 2, 4, 16, 128, {}};
  c.metadata.mem = {1, 1, 12, 64, 128, {}};
  c.metadata.shim = {1, 0, 4, 16, 128, {}};
  copy_name(c.clocks.mp_npu_clock.name, sizeof c.clocks.mp_npu_clock.name, "MP-NPU Clock");
  c.clocks.mp_npu_clock.freq_mhz = 847;  // top level of the npu1 DPM table
  copy_name(c.clocks.h_clock.name, sizeof c.clocks.h_clock.name, "H Clock");
  c.clocks.h_clock.freq_mhz = 1600;
  Sensor power{};
  copy_name(power.label, sizeof power.label, "Total Power");
  power.input = 2500;
  power.max = 0;
  copy_name(power.status, sizeof power.status, "present");
  copy_name(power.units, sizeof power.units, "W");
  power.unitm = -3;
  power.type = 0;
  c.sensors.push_back(power);
  HwContextEntry ctx{};
  ctx.context_id = 1;
  ctx.start_col = 0;
  ctx.num_col = 4;
  ctx.hwctx_id = 1;
  ctx.pid = 4242;
  ctx.command_submissions = 10;
  ctx.command_completions = 10;
  ctx.state = 1;
  c.contexts.push_back(ctx);
  c.resources = {1600, 10, 6, 10, 1};  // simulated: clock max MHz, TOPS max ("10 TOPS"), tasks
  return c;
}

bool SimulatedDriver::at_least(int major, int minor) const {
  return cfg_.major > major || (cfg_.major == major && cfg_.minor >= minor);
}

int SimulatedDriver::call(unsigned long request, void* arg) {
  ++calls_;
  if (arg == nullptr) return EFAULT;
  if (((request >> 8) & 0xff) != kDrmIoctlType) return ENOTTY;
  const std::uint8_t nr = ioctl_nr(request);
  const auto cmd = [](Cmd c) { return static_cast<std::uint8_t>(kDrmCommandBase + int(c)); };
  if (request == kIoctlDrmVersion) return version(arg);
  if (nr == cmd(Cmd::kGetInfo)) return request == kIoctlGetInfo ? get_info(arg) : EINVAL;
  if (nr == cmd(Cmd::kSetState)) return request == kIoctlSetState ? set_state(arg) : EINVAL;
  if (nr == cmd(Cmd::kGetArray)) {
    // Drivers before 0.1 have no entry for nr 10: the DRM core answers EINVAL.
    if (!at_least(0, 1)) return EINVAL;
    return request == kIoctlGetArray ? get_array(arg) : EINVAL;
  }
  return EINVAL;
}

int SimulatedDriver::version(void* arg) {
  auto& v = *static_cast<DrmVersion*>(arg);
  v.version_major = cfg_.major;
  v.version_minor = cfg_.minor;
  v.version_patchlevel = cfg_.patch;
  const char* name = "amdxdna_accel_driver";
  std::size_t len = std::strlen(name);
  if (v.name != 0 && v.name_len > 0)
    std::memcpy(to_ptr(v.name), name, std::min<std::size_t>(len, v.name_len));
  v.name_len = len;
  v.date_len = 0;
  v.desc_len = 0;
  return 0;
}

int SimulatedDriver::get_info(void* arg) {
  auto& a = *static_cast<GetInfo*>(arg);
  switch (static_cast<InfoParam>(a.param)) {
    case InfoParam::kAieStatus: {
      if (a.buffer_size < sizeof(AieStatusQuery)) return EINVAL;
      auto* q = static_cast<AieStatusQuery*>(to_ptr(a.buffer));
      std::size_t need = std::size_t{cfg_.metadata.cols} * cfg_.metadata.col_size;
      if (q->buffer_size < need) return EINVAL;
      std::memset(to_ptr(q->buffer), 0, need);
      q->cols_filled = (1u << cfg_.metadata.cols) - 1;
      return 0;
    }
    case InfoParam::kAieMetadata:
      return copy_out(a, &cfg_.metadata, sizeof cfg_.metadata);
    case InfoParam::kAieVersion:
      return copy_out(a, &cfg_.metadata.version, sizeof cfg_.metadata.version);
    case InfoParam::kClockMetadata:
      return copy_out(a, &cfg_.clocks, sizeof cfg_.clocks);
    case InfoParam::kSensors:
      return copy_out(a, cfg_.sensors.data(), cfg_.sensors.size() * sizeof(Sensor));
    case InfoParam::kHwContexts: {
      std::vector<HwContext> rows;
      for (const auto& e : cfg_.contexts) {
        HwContext h{};
        h.context_id = e.context_id;
        h.start_col = e.start_col;
        h.num_col = e.num_col;
        h.pid = e.pid;
        h.command_submissions = e.command_submissions;
        h.command_completions = e.command_completions;
        h.migrations = e.migrations;
        h.preemptions = e.preemptions;
        h.errors = e.errors;
        rows.push_back(h);
      }
      return copy_out(a, rows.data(), rows.size() * sizeof(HwContext));
    }
    case InfoParam::kFirmwareVersion:
      return copy_out(a, &cfg_.firmware, sizeof cfg_.firmware);
    case InfoParam::kPowerMode: {
      PowerModeState s{};
      s.power_mode = cfg_.power_mode;
      return copy_out(a, &s, sizeof s);
    }
    case InfoParam::kTelemetry: {
      if (!at_least(0, 5)) return EOPNOTSUPP;
      TelemetryHeader h{1, 0, 0, 0};
      return copy_out(a, &h, sizeof h);
    }
    case InfoParam::kForcePreemptState:
    case InfoParam::kFrameBoundaryPreemptState: {
      if (!at_least(0, 6)) return EOPNOTSUPP;
      AttributeState s{};
      s.state = static_cast<InfoParam>(a.param) == InfoParam::kForcePreemptState
                    ? cfg_.force_preempt
                    : cfg_.frame_boundary_preempt;
      return copy_out(a, &s, sizeof s);
    }
    case InfoParam::kResourceInfo:
      if (!at_least(0, 4)) return EOPNOTSUPP;
      return copy_out(a, &cfg_.resources, sizeof cfg_.resources);
  }
  return EOPNOTSUPP;
}

int SimulatedDriver::get_array(void* arg) {
  auto& a = *static_cast<GetArray*>(arg);
  if (a.param != static_cast<std::uint32_t>(ArrayParam::kHwContextAll)) return EOPNOTSUPP;
  if (a.element_size < sizeof(HwContextEntry)) return EINVAL;
  if (a.num_element < cfg_.contexts.size()) {
    a.num_element = static_cast<std::uint32_t>(cfg_.contexts.size());
    return ENOSPC;
  }
  if (!cfg_.contexts.empty()) {
    if (a.buffer == 0) return EFAULT;
    auto* dst = static_cast<unsigned char*>(to_ptr(a.buffer));
    for (std::size_t i = 0; i < cfg_.contexts.size(); ++i)
      std::memcpy(dst + i * a.element_size, &cfg_.contexts[i], sizeof(HwContextEntry));
  }
  a.element_size = sizeof(HwContextEntry);
  a.num_element = static_cast<std::uint32_t>(cfg_.contexts.size());
  return 0;
}

int SimulatedDriver::set_state(void* arg) {
  if (!cfg_.caller_is_root) return EACCES;  // the ioctl is registered root-only
  auto& s = *static_cast<SetState*>(arg);
  if (s.param != static_cast<std::uint32_t>(SetParam::kPowerMode)) return EOPNOTSUPP;
  if (s.buffer_size < sizeof(PowerModeState) || s.buffer == 0) return EINVAL;
  const auto* mode = static_cast<const PowerModeState*>(to_ptr(s.buffer));
  if (mode->power_mode > static_cast<std::uint8_t>(PowerMode::kTurbo)) return EINVAL;
  cfg_.power_mode = mode->power_mode;
  return 0;
}

}  // namespace xdna::device
