// device/ — what bring-up needs to know about each NPU PCI function. The identity (device id +
// revision → model name, product, generation) comes from arch/'s single PCI-id table; this file
// adds only what the amdxdna driver says about each part (FACTS §7): the sysfs vbnv, the firmware
// protocol major the mainline driver accepts and the firmware version known to pair with it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace xdna::device {

constexpr std::uint16_t kAmdVendorId = 0x1022;

struct NpuModel {
  std::uint16_t device_id = 0;
  std::uint8_t revision = 0;
  std::string name;        // driver naming: "npu1", "npu4", ... ("aie4" for AIE4 parts)
  std::string generation;  // "XDNA1", "XDNA2", "AIE4"
  std::string aie;         // "AIE2", "AIE2P", "AIE4"
  std::string family;      // product ("Phoenix / Hawk Point (XDNA1)")
  std::string vbnv;        // what the driver puts in sysfs vbnv ("" when not known)
  // Firmware protocol major version the mainline driver up to 6.19 accepts (0 = unknown).
  int protocol_major = 0;
  // Firmware version known to pair well with this part ("" = none known). FACTS §7.
  std::string recommended_firmware;
  bool mainline_driver = false;  // the in-tree amdxdna driver binds it and loads its firmware
};

// Every NPU function arch/ knows, with the driver facts merged in (one entry per revision range
// start for AIE4 parts).
std::vector<NpuModel> npu_models();

// The model for (device, revision); nullopt for ids that are not an AMD NPU we know.
std::optional<NpuModel> find_npu_model(std::uint16_t device_id, std::uint8_t revision);

// True when the device id (any revision) belongs to an NPU.
bool is_npu_device_id(std::uint16_t device_id);

// "1502_00": the firmware folder name under lib/firmware/amdnpu/.
std::string firmware_folder_name(std::uint16_t device_id, std::uint8_t revision);

// Parses "1502_00" (or "1502:00"); nullopt when malformed.
struct DeviceKey {
  std::uint16_t device_id;
  std::uint8_t revision;
};
std::optional<DeviceKey> parse_device_key(const std::string& text);

}  // namespace xdna::device
