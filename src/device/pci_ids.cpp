// NPU identities from arch/'s PCI-id table plus the amdxdna driver's per-part facts. Protocol
// majors are the values the mainline driver's per-device tables expect (npu1: 5, npu4/5/6: 6);
// firmware speaking another major is refused at probe ("Incompatible firmware protocol major N").
#include "xdna/device/pci_ids.hpp"

#include <fmt/core.h>

#include <charconv>

#include "xdna/arch/pci_ids.hpp"

namespace xdna::device {
namespace {

struct DriverFacts {
  const char* model;  // arch model name
  const char* vbnv;
  int protocol_major;
  const char* recommended_firmware;
};

// Parts the in-tree amdxdna driver binds (FACTS §7).
constexpr DriverFacts kDriverFacts[] = {
    {"npu1", "RyzenAI-npu1", 5, "1.5.5.391"},
    {"npu4", "RyzenAI-npu4", 6, ""},
    {"npu5", "RyzenAI-npu5", 6, ""},
    {"npu6", "RyzenAI-npu6", 6, ""},
};

const char* generation_name(arch::Generation g) {
  switch (g) {
    case arch::Generation::aie2:
      return "XDNA1";
    case arch::Generation::aie2p:
      return "XDNA2";
    case arch::Generation::aie4:
      return "AIE4";
  }
  return "?";
}

NpuModel from_arch(const arch::PciId& id, std::uint8_t revision) {
  NpuModel m;
  m.device_id = id.device;
  m.revision = revision;
  m.name = id.model.empty() ? std::string("npu2") : std::string(id.model);
  m.generation = generation_name(id.generation);
  m.aie = std::string(arch::to_string(id.generation));
  m.family = std::string(id.product);
  for (const auto& f : kDriverFacts) {
    if (id.released && m.name == f.model) {
      m.vbnv = f.vbnv;
      m.protocol_major = f.protocol_major;
      m.recommended_firmware = f.recommended_firmware;
      m.mainline_driver = true;
    }
  }
  return m;
}

}  // namespace

std::vector<NpuModel> npu_models() {
  std::vector<NpuModel> out;
  for (const auto& id : arch::pci_ids())
    if (id.vendor == kAmdVendorId) out.push_back(from_arch(id, id.revision_min));
  return out;
}

std::optional<NpuModel> find_npu_model(std::uint16_t device_id, std::uint8_t revision) {
  auto id = arch::lookup_pci(kAmdVendorId, device_id, revision);
  if (!id) return std::nullopt;
  return from_arch(*id, revision);
}

bool is_npu_device_id(std::uint16_t device_id) {
  for (const auto& id : arch::pci_ids())
    if (id.vendor == kAmdVendorId && id.device == device_id) return true;
  return false;
}

std::string firmware_folder_name(std::uint16_t device_id, std::uint8_t revision) {
  return arch::firmware_dir_name(device_id, revision);
}

std::optional<DeviceKey> parse_device_key(const std::string& text) {
  auto sep = text.find_first_of("_:");
  if (sep == std::string::npos || sep == 0 || sep + 1 >= text.size()) return std::nullopt;
  unsigned id = 0, rev = 0;
  auto a = std::from_chars(text.data(), text.data() + sep, id, 16);
  auto b = std::from_chars(text.data() + sep + 1, text.data() + text.size(), rev, 16);
  if (a.ec != std::errc{} || a.ptr != text.data() + sep) return std::nullopt;
  if (b.ec != std::errc{} || b.ptr != text.data() + text.size()) return std::nullopt;
  if (id > 0xffff || rev > 0xff) return std::nullopt;
  return DeviceKey{static_cast<std::uint16_t>(id), static_cast<std::uint8_t>(rev)};
}

}  // namespace xdna::device
