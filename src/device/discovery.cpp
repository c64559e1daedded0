// PCI/sysfs discovery of NPU functions through the HostEnv root.
#include "xdna/device/discovery.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <system_error>

namespace xdna::device {
namespace {

namespace fs = std::filesystem;

// sysfs hex attributes read "0x1502\n".
std::optional<unsigned> read_hex(const fs::path& p) {
  auto line = read_line(p);
  if (!line) return std::nullopt;
  std::string_view s = *line;
  if (s.starts_with("0x") || s.starts_with("0X")) s.remove_prefix(2);
  unsigned value = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), value, 16);
  if (r.ec != std::errc{} || r.ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

std::string read_attr(const fs::path& p) {
  return read_line(p).value_or("");
}

}  // namespace

std::string NpuFunction::display_name() const {
  if (!model) return fmt::format("unknown NPU {:04x} rev {:02x}", device_id, revision);
  return fmt::format("{}: {}", model->name, model->family);
}

std::vector<NpuFunction> discover_npus(const HostEnv& env) {
  std::vector<NpuFunction> out;
  std::error_code ec;
  fs::path devices = env.at("/sys/bus/pci/devices");
  for (const auto& entry : fs::directory_iterator(devices, ec)) {
    const fs::path dir = entry.path();
    auto vendor = read_hex(dir / "vendor");
    auto device = read_hex(dir / "device");
    if (!vendor || !device || *vendor != kAmdVendorId || !is_npu_device_id(*device)) continue;
    NpuFunction f;
    f.bdf = dir.filename().string();
    f.device_id = static_cast<std::uint16_t>(*device);
    f.revision = static_cast<std::uint8_t>(read_hex(dir / "revision").value_or(0));
    f.model = find_npu_model(f.device_id, f.revision);
    std::error_code lec;
    fs::path link = fs::read_symlink(dir / "driver", lec);
    if (!lec) f.driver = link.filename().string();
    std::error_code aec;
    for (const auto& a : fs::directory_iterator(dir / "accel", aec))
      f.accel.push_back(a.path().filename().string());
    std::sort(f.accel.begin(), f.accel.end());
    f.vbnv = read_attr(dir / "vbnv");
    f.fw_version = read_attr(dir / "fw_version");
    f.device_type = read_attr(dir / "device_type");
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(),
            [](const NpuFunction& a, const NpuFunction& b) { return a.bdf < b.bdf; });
  return out;
}

DriverModule read_driver_module(const HostEnv& env) {
  DriverModule m;
  std::error_code ec;
  m.loaded = fs::is_directory(env.at("/sys/module/amdxdna"), ec);
  m.version = read_line(env.at("/sys/module/amdxdna/version")).value_or("");
  return m;
}

std::string kernel_release(const HostEnv& env) {
  // "Linux version 6.17.0-5-generic (buildd@...) ..."
  auto line = read_line(env.at("/proc/version"));
  if (!line) return {};
  const std::string key = "Linux version ";
  auto pos = line->find(key);
  if (pos == std::string::npos) return {};
  auto start = pos + key.size();
  auto end = line->find(' ', start);
  return line->substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace xdna::device
