// PCI id table (FACTS §1, §7).
#include "xdna/arch/pci_ids.hpp"

#include <cstdio>

namespace xdna::arch {

const std::vector<PciId>& pci_ids() {
  static const std::vector<PciId> table = {
      {kAmdVendorId, 0x1502, 0x00, 0x00, "npu1", "Phoenix / Hawk Point (XDNA1)", Generation::aie2,
       true},
      {kAmdVendorId, 0x17f0, 0x00, 0x00, "", "npu2 (unreleased AIE2P)", Generation::aie2p, false},
      {kAmdVendorId, 0x17f0, 0x10, 0x10, "npu4", "Strix Point (XDNA2)", Generation::aie2p, true},
      {kAmdVendorId, 0x17f0, 0x11, 0x11, "npu5", "Strix Halo (XDNA2)", Generation::aie2p, true},
      {kAmdVendorId, 0x17f0, 0x20, 0x20, "npu6", "Krackan Point (XDNA2)", Generation::aie2p, true},
      {kAmdVendorId, 0x17f1, 0x10, 0x15, "aie4", "AIE4 npu3 family (classic)", Generation::aie4,
       true},
      {kAmdVendorId, 0x17f2, 0x10, 0x15, "aie4", "AIE4 npu3 family (PF)", Generation::aie4, true},
      {kAmdVendorId, 0x17f3, 0x10, 0x15, "aie4", "AIE4 npu3 family (VF)", Generation::aie4, true},
      {kAmdVendorId, 0x1b0a, 0x00, 0xff, "aie4", "AIE4 npu3 family", Generation::aie4, true},
      {kAmdVendorId, 0x1b0b, 0x00, 0xff, "aie4", "AIE4 npu3 family", Generation::aie4, true},
      {kAmdVendorId, 0x1b0c, 0x00, 0xff, "aie4", "AIE4 npu3 family", Generation::aie4, true},
  };
  return table;
}

std::optional<PciId> lookup_pci(std::uint16_t vendor, std::uint16_t device, std::uint8_t revision) {
  for (const auto& id : pci_ids())
    if (id.vendor == vendor && id.device == device && revision >= id.revision_min &&
        revision <= id.revision_max)
      return id;
  return std::nullopt;
}

std::string firmware_dir_name(std::uint16_t device, std::uint8_t revision) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04x_%02x", device, revision);
  return buf;
}

}  // namespace xdna::arch
