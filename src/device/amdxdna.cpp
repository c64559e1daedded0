// Typed amdxdna ioctl wrapper and its errno mapping.
#include "xdna/device/amdxdna.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "xdna/common/error.hpp"

namespace xdna::device {

using namespace uapi;

namespace {

std::uint64_t addr(const void* p) {
  return reinterpret_cast<std::uintptr_t>(p);
}

bool is_unsupported_errno(int err) {
  return err == EINVAL || err == EOPNOTSUPP || err == ENOTTY;
}

[[noreturn]] void throw_ioctl(const std::string& what, int err) {
  if (err == EACCES || err == EPERM)
    throw SystemError(fmt::format(
        "{}: permission denied (errno {}); open the device as a member of the 'render' group "
        "(sudo usermod -aG render $USER, then log in again) or as root",
        what, err));
  throw SystemError(fmt::format("{} failed: {} (errno {}); check `sudo dmesg | grep amdxdna`", what,
                                std::strerror(err), err));
}

}  // namespace

std::string DriverVersion::str() const {
  return fmt::format("{}.{}", major, minor);
}

const char* info_param_name(InfoParam p) {
  switch (p) {
    case InfoParam::kAieStatus:
      return "AIE_STATUS";
    case InfoParam::kAieMetadata:
      return "AIE_METADATA";
    case InfoParam::kAieVersion:
      return "AIE_VERSION";
    case InfoParam::kClockMetadata:
      return "CLOCK_METADATA";
    case InfoParam::kSensors:
      return "SENSORS";
    case InfoParam::kHwContexts:
      return "HW_CONTEXTS";
    case InfoParam::kFirmwareVersion:
      return "FIRMWARE_VERSION";
    case InfoParam::kPowerMode:
      return "GET_POWER_MODE";
    case InfoParam::kTelemetry:
      return "TELEMETRY";
    case InfoParam::kForcePreemptState:
      return "FORCE_PREEMPT_STATE";
    case InfoParam::kResourceInfo:
      return "RESOURCE_INFO";
    case InfoParam::kFrameBoundaryPreemptState:
      return "FRAME_BOUNDARY_PREEMPT_STATE";
  }
  return "?";
}

const char* power_mode_name(PowerMode m) {
  switch (m) {
    case PowerMode::kDefault:
      return "default";
    case PowerMode::kLow:
      return "low";
    case PowerMode::kMedium:
      return "medium";
    case PowerMode::kHigh:
      return "high";
    case PowerMode::kTurbo:
      return "turbo";
  }
  return "?";
}

std::optional<PowerMode> parse_power_mode(const std::string& text) {
  std::string t = text;
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
  for (int i = 0; i <= 4; ++i) {
    auto m = static_cast<PowerMode>(i);
    if (t == power_mode_name(m) || t == std::to_string(i)) return m;
  }
  return std::nullopt;
}

const DriverVersion& Amdxdna::driver_version() {
  if (version_) return *version_;
  char name[64] = {};
  DrmVersion v{};
  v.name_len = sizeof name - 1;
  v.name = addr(name);
  int err = t_.call(kIoctlDrmVersion, &v);
  if (err != 0) throw_ioctl("DRM_IOCTL_VERSION", err);
  DriverVersion out;
  out.major = v.version_major;
  out.minor = v.version_minor;
  out.patch = v.version_patchlevel;
  out.name.assign(name, std::min<std::size_t>(v.name_len, sizeof name - 1));
  version_ = out;
  return *version_;
}

std::string Amdxdna::unsupported(const std::string& what) {
  std::string version = "unknown";
  try {
    version = driver_version().str();
  } catch (const SystemError&) {
  }
  std::string msg = fmt::format("{} not supported by driver version {}", what, version);
  if (warned_.insert(msg).second) warnings_.push_back(msg);
  return msg;
}

bool Amdxdna::get_info(InfoParam param, void* buf, std::uint32_t& size, std::string& why) {
  GetInfo args{static_cast<std::uint32_t>(param), size, addr(buf)};
  int err = t_.call(kIoctlGetInfo, &args);
  std::string what = fmt::format("DRM_IOCTL_AMDXDNA_GET_INFO({} {})", static_cast<unsigned>(param),
                                 info_param_name(param));
  if (err == 0) {
    size = args.buffer_size;
    return true;
  }
  if (is_unsupported_errno(err)) {
    why = unsupported(what);
    return false;
  }
  throw_ioctl(what, err);
}

template <typename T>
Query<T> Amdxdna::get_info_struct(InfoParam param) {
  T value{};
  std::uint32_t size = sizeof(T);
  Query<T> q;
  if (get_info(param, &value, size, q.unsupported)) q.value = value;
  return q;
}

template <typename T>
Query<std::vector<T>> Amdxdna::get_info_array(InfoParam param, std::size_t max_items) {
  std::vector<T> items(max_items);
  std::uint32_t size = static_cast<std::uint32_t>(items.size() * sizeof(T));
  Query<std::vector<T>> q;
  if (!get_info(param, items.data(), size, q.unsupported)) return q;
  items.resize(std::min<std::size_t>(size / sizeof(T), max_items));
  q.value = std::move(items);
  return q;
}

Query<AieStatus> Amdxdna::aie_status(std::uint32_t cols, std::uint32_t col_size) {
  AieStatus status;
  status.bytes.assign(std::size_t{cols} * col_size, 0);
  AieStatusQuery sq{addr(status.bytes.data()), static_cast<std::uint32_t>(status.bytes.size()), 0};
  std::uint32_t size = sizeof sq;
  Query<AieStatus> q;
  if (!get_info(InfoParam::kAieStatus, &sq, size, q.unsupported)) return q;
  status.cols_filled = sq.cols_filled;
  q.value = std::move(status);
  return q;
}

Query<AieMetadata> Amdxdna::aie_metadata() {
  return get_info_struct<AieMetadata>(InfoParam::kAieMetadata);
}
Query<AieVersion> Amdxdna::aie_version() {
  return get_info_struct<AieVersion>(InfoParam::kAieVersion);
}
Query<ClockMetadata> Amdxdna::clocks() {
  return get_info_struct<ClockMetadata>(InfoParam::kClockMetadata);
}
Query<std::vector<Sensor>> Amdxdna::sensors() {
  return get_info_array<Sensor>(InfoParam::kSensors, 16);
}
Query<std::vector<HwContext>> Amdxdna::hw_contexts() {
  return get_info_array<HwContext>(InfoParam::kHwContexts, 64);
}
Query<FirmwareVersion> Amdxdna::firmware_version() {
  return get_info_struct<FirmwareVersion>(InfoParam::kFirmwareVersion);
}
Query<PowerMode> Amdxdna::power_mode() {
  auto raw = get_info_struct<PowerModeState>(InfoParam::kPowerMode);
  Query<PowerMode> q;
  q.unsupported = raw.unsupported;
  if (raw.value) {
    if (raw.value->power_mode > static_cast<std::uint8_t>(PowerMode::kTurbo))
      throw SystemError(
          fmt::format("DRM_IOCTL_AMDXDNA_GET_INFO(9 GET_POWER_MODE) returned unknown power mode {}",
                      raw.value->power_mode));
    q.value = static_cast<PowerMode>(raw.value->power_mode);
  }
  return q;
}
Query<TelemetryHeader> Amdxdna::telemetry() {
  // The header is followed by a map; give the driver room for one page of entries.
  std::vector<std::uint32_t> buf(4 + 1024, 0);
  std::uint32_t size = static_cast<std::uint32_t>(buf.size() * sizeof(std::uint32_t));
  Query<TelemetryHeader> q;
  if (!get_info(InfoParam::kTelemetry, buf.data(), size, q.unsupported)) return q;
  TelemetryHeader h{};
  std::memcpy(&h, buf.data(), sizeof h);
  q.value = h;
  return q;
}
Query<bool> Amdxdna::force_preempt() {
  auto raw = get_info_struct<AttributeState>(InfoParam::kForcePreemptState);
  return {raw.value ? std::optional<bool>(raw.value->state != 0) : std::nullopt, raw.unsupported};
}
Query<ResourceInfo> Amdxdna::resource_info() {
  return get_info_struct<ResourceInfo>(InfoParam::kResourceInfo);
}
Query<bool> Amdxdna::frame_boundary_preempt() {
  auto raw = get_info_struct<AttributeState>(InfoParam::kFrameBoundaryPreemptState);
  return {raw.value ? std::optional<bool>(raw.value->state != 0) : std::nullopt, raw.unsupported};
}

Query<std::vector<HwContextEntry>> Amdxdna::hw_context_array() {
  Query<std::vector<HwContextEntry>> q;
  std::vector<HwContextEntry> items(64);
  for (int attempt = 0; attempt < 2; ++attempt) {
    GetArray args{static_cast<std::uint32_t>(ArrayParam::kHwContextAll), sizeof(HwContextEntry),
                  static_cast<std::uint32_t>(items.size()), 0, addr(items.data())};
    int err = t_.call(kIoctlGetArray, &args);
    if (err == 0) {
      items.resize(std::min<std::size_t>(args.num_element, items.size()));
      q.value = std::move(items);
      return q;
    }
    if (err == ENOSPC && attempt == 0 && args.num_element > items.size()) {
      items.resize(args.num_element);  // the driver told us how many there are
      continue;
    }
    if (is_unsupported_errno(err)) {
      q.unsupported = unsupported("DRM_IOCTL_AMDXDNA_GET_ARRAY(HW_CONTEXT_ALL)");
      return q;
    }
    throw_ioctl("DRM_IOCTL_AMDXDNA_GET_ARRAY(HW_CONTEXT_ALL)", err);
  }
  throw SystemError("DRM_IOCTL_AMDXDNA_GET_ARRAY(HW_CONTEXT_ALL): context count kept growing");
}

void Amdxdna::set_power_mode(PowerMode mode) {
  PowerModeState s{};
  s.power_mode = static_cast<std::uint8_t>(mode);
  SetState args{static_cast<std::uint32_t>(SetParam::kPowerMode), sizeof s, addr(&s)};
  int err = t_.call(kIoctlSetState, &args);
  const std::string what =
      fmt::format("DRM_IOCTL_AMDXDNA_SET_STATE(power mode {})", power_mode_name(mode));
  if (err == 0) return;
  if (err == EACCES || err == EPERM)
    throw SystemError(fmt::format(
        "{}: permission denied (errno {}); the driver accepts SET_STATE from root only: run "
        "`sudo xdna power-mode set {} --apply`",
        what, err, power_mode_name(mode)));
  if (is_unsupported_errno(err))
    throw SystemError(unsupported(what) +
                      "; a newer kernel or the out-of-tree amdxdna driver "
                      "is needed");
  throw_ioctl(what, err);
}

}  // namespace xdna::device
