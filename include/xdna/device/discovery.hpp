// device/ — finding NPUs: PCI functions of vendor 0x1022 with an NPU device id, the driver bound to
// each, its /dev/accel node (via sysfs) and the attributes the amdxdna driver publishes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "xdna/device/host.hpp"
#include "xdna/device/pci_ids.hpp"

namespace xdna::device {

struct NpuFunction {
  std::string bdf;  // "0000:c4:00.1"
  std::uint16_t device_id = 0;
  std::uint8_t revision = 0;
  std::optional<NpuModel> model;              // nullopt: NPU device id with an unknown revision
  std::string driver;                         // bound driver name, "" when unbound
  std::vector<std::string> accel;             // "accel0", ... (sysfs accel/ children)
  std::string vbnv, fw_version, device_type;  // amdxdna sysfs attributes ("" when absent)

  std::string firmware_folder() const { return firmware_folder_name(device_id, revision); }
  std::string display_name() const;  // "npu1 (XDNA1, Phoenix / Hawk Point ...)"
};

struct DriverModule {
  bool loaded = false;  // /sys/module/amdxdna exists
  std::string version;  // /sys/module/amdxdna/version ("" for in-tree builds without one)
};

std::vector<NpuFunction> discover_npus(const HostEnv& env);
DriverModule read_driver_module(const HostEnv& env);

// The kernel release from /proc/version ("6.17.0-5-generic"), "" when unreadable.
std::string kernel_release(const HostEnv& env);

}  // namespace xdna::device
