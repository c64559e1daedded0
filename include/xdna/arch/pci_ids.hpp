// PCI identities of XDNA NPUs (vendor 0x1022) and the device model each one maps to
// (FACTS §1). Bring-up code (device/) and the emulator share this single table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xdna/arch/device.hpp"

namespace xdna::arch {

inline constexpr std::uint16_t kAmdVendorId = 0x1022;

struct PciId {
  std::uint16_t vendor = kAmdVendorId;
  std::uint16_t device = 0;
  std::uint8_t revision_min = 0, revision_max = 0;  // inclusive
  std::string_view model;    // device_by_name() key, e.g. "npu1"; "" when none is modelled
  std::string_view product;  // "Phoenix / Hawk Point (XDNA1)"
  Generation generation = Generation::aie2;
  bool released = true;  // false for ids that never shipped (17f0 rev 0x00 "npu2")
};

const std::vector<PciId>& pci_ids();
// The entry matching vendor/device/revision, or nullopt.
std::optional<PciId> lookup_pci(std::uint16_t vendor, std::uint16_t device, std::uint8_t revision);
// Firmware directory name the driver uses: "<devid>_<rev>", e.g. "1502_00" (FACTS §7).
std::string firmware_dir_name(std::uint16_t device, std::uint8_t revision);

}  // namespace xdna::arch
