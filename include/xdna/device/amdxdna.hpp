// device/ — typed access to the amdxdna driver over an IoctlTransport: GET_INFO (every query
// parameter), GET_ARRAY and SET_STATE power mode, with errno mapped to meaning. A query the
// driver version lacks (EINVAL / EOPNOTSUPP / ENOTTY) is not an error: it comes back as
// "unsupported" with a reason, and is recorded as a warning once. EACCES/EPERM and any other errno
// throw SystemError naming the ioctl, the errno and the fix.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "xdna/device/transport.hpp"
#include "xdna/device/uapi.hpp"

namespace xdna::device {

// A query result: a value, or the reason the driver could not answer.
template <typename T>
struct Query {
  std::optional<T> value;
  std::string unsupported;  // set when !value
  bool ok() const { return value.has_value(); }
};

struct DriverVersion {
  int major = 0, minor = 0, patch = 0;
  std::string name;
  std::string str() const;
};

struct AieStatus {
  std::uint32_t cols_filled = 0;
  std::vector<unsigned char> bytes;
};

const char* info_param_name(uapi::InfoParam p);
const char* power_mode_name(uapi::PowerMode m);
// "default|low|medium|high|turbo" (case-insensitive) or "0".."4"; nullopt otherwise.
std::optional<uapi::PowerMode> parse_power_mode(const std::string& text);

class Amdxdna {
 public:
  explicit Amdxdna(IoctlTransport& transport) : t_(transport) {}

  // DRM_IOCTL_VERSION. Throws SystemError when even this fails.
  const DriverVersion& driver_version();

  Query<AieStatus> aie_status(std::uint32_t cols, std::uint32_t col_size);
  Query<uapi::AieMetadata> aie_metadata();
  Query<uapi::AieVersion> aie_version();
  Query<uapi::ClockMetadata> clocks();
  Query<std::vector<uapi::Sensor>> sensors();
  Query<std::vector<uapi::HwContext>> hw_contexts();
  Query<uapi::FirmwareVersion> firmware_version();
  Query<uapi::PowerMode> power_mode();
  Query<uapi::TelemetryHeader> telemetry();
  Query<bool> force_preempt();
  Query<uapi::ResourceInfo> resource_info();
  Query<bool> frame_boundary_preempt();
  // GET_ARRAY HW_CONTEXT_ALL (driver 0.1+).
  Query<std::vector<uapi::HwContextEntry>> hw_context_array();

  // SET_STATE power mode. Throws SystemError (root-only for EACCES/EPERM; unsupported for an old
  // driver) — setting a mode is an explicit request, so "unsupported" is an error here.
  void set_power_mode(uapi::PowerMode mode);

  // Each distinct "not supported" message, once, in order of first occurrence.
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  // Issues GET_INFO for `param` into buf; returns 0, or the errno already mapped (unsupported
  // returns the reason via `why`). Throws for errors that are not "unsupported".
  bool get_info(uapi::InfoParam param, void* buf, std::uint32_t& size, std::string& why);
  std::string unsupported(const std::string& what);
  template <typename T>
  Query<T> get_info_struct(uapi::InfoParam param);
  template <typename T>
  Query<std::vector<T>> get_info_array(uapi::InfoParam param, std::size_t max_items);

  IoctlTransport& t_;
  std::optional<DriverVersion> version_;
  std::vector<std::string> warnings_;
  std::set<std::string> warned_;
};

}  // namespace xdna::device
