// device/ — `xdna info`: everything we can read about each NPU, from sysfs and (when the device
// node opens) from the driver's GET_INFO / GET_ARRAY queries, as text or JSON. A query the driver
// version does not answer is shown as unsupported, never as an error.
#pragma once

#include <string>
#include <vector>

#include "xdna/device/amdxdna.hpp"
#include "xdna/device/discovery.hpp"

namespace xdna::device {

struct DeviceInfo {
  NpuFunction pci;
  std::string node;        // "/dev/accel/accel0" ("" when none)
  std::string open_error;  // why the driver could not be queried ("" when it was)
  std::optional<DriverVersion> driver;
  Query<uapi::FirmwareVersion> firmware;
  Query<uapi::AieVersion> aie_version;
  Query<uapi::AieMetadata> metadata;
  Query<AieStatus> status;  // queried only when metadata gives the buffer size
  Query<uapi::ClockMetadata> clocks;
  Query<uapi::PowerMode> power_mode;
  Query<std::vector<uapi::Sensor>> sensors;
  Query<std::vector<uapi::HwContext>> contexts;
  Query<std::vector<uapi::HwContextEntry>> context_array;
  Query<uapi::ResourceInfo> resources;
  Query<uapi::TelemetryHeader> telemetry;
  Query<bool> force_preempt;
  Query<bool> frame_boundary_preempt;
  std::vector<std::string> warnings;
};

struct InfoReport {
  std::string kernel;
  DriverModule module;
  std::vector<DeviceInfo> devices;
};

// Reads one device through `driver` (all queries).
DeviceInfo query_device(const NpuFunction& pci, std::string node, Amdxdna& driver);

// Discovers NPUs under env.root and queries each one whose node opens.
InfoReport collect_info(const HostEnv& env);

// Same, but every NPU is answered by a SimulatedDriver speaking driver version major.minor; with
// no NPU under env.root a simulated Phoenix (bdf "sim:00:00.0") stands in. For demos and tests.
InfoReport collect_info_simulated(const HostEnv& env, int major, int minor);

// Parses "0.0" / "0.1" / "0.6" (any major.minor); nullopt when malformed.
std::optional<std::pair<int, int>> parse_driver_version(const std::string& text);

std::string render_info_text(const InfoReport& report);
std::string render_info_json(const InfoReport& report);  // pretty-printed JSON

}  // namespace xdna::device
