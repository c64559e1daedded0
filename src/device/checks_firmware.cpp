// Doctor checks of the NPU firmware: which file the loader picks, its version, its protocol.
#include <fmt/core.h>

#include <cctype>
#include <ctime>

#include "doctor_checks.hpp"
#include "xdna/device/firmware.hpp"

namespace xdna::device::checks {

namespace {

std::string date(std::int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string describe(const FirmwareCandidate& c) {
  return fmt::format("{} ({} KiB, {}, {})", c.display, c.size / 1024,
                     c.compression.empty() ? "uncompressed" : c.compression + "-compressed",
                     date(c.mtime));
}

// Firmware builds whose protocol major we know (FACTS §7). Others are judged by the driver.
std::optional<int> known_protocol(const std::string& version) {
  if (version == "1.1.2.64") return 7;  // Strix; refused by kernels up to 6.19
  return std::nullopt;
}

// "... Incompatible firmware protocol major 7 minor 2" → 7.
std::optional<int> protocol_in_log_line(const std::string& line) {
  const std::string key = "protocol major ";
  auto pos = line.find(key);
  if (pos == std::string::npos) return std::nullopt;
  pos += key.size();
  std::size_t end = pos;
  while (end < line.size() && std::isdigit(static_cast<unsigned char>(line[end]))) ++end;
  if (end == pos || end - pos > 4) return std::nullopt;
  return std::stoi(line.substr(pos, end - pos));
}

}  // namespace

Check firmware_files(const Context& c, const NpuFunction& f) {
  const char* id = "firmware-files";
  const char* title = "NPU firmware files";
  if (!f.model || !f.model->mainline_driver)
    return skipped(id, title, "skipped: the in-tree driver loads no firmware for this device id");
  auto r = resolve_firmware(c.env, f.firmware_folder(), c.kernel);
  const auto* win = r.winner();
  if (!win)
    return make(id, title, CheckStatus::kFail,
                fmt::format("no {} for {} under /lib/firmware/amdnpu/{}/ (or the updates/ "
                            "directories)",
                            r.names.back(), f.firmware_folder(), f.firmware_folder()),
                "the driver loads this file at probe; without it the probe fails and there is no "
                "device node",
                fmt::format("install your distribution's linux-firmware package (it ships "
                            "amdnpu/{}/), or `sudo xdna firmware install FILE --apply`",
                            f.firmware_folder()));
  if (r.present.size() == 1)
    return make(id, title, CheckStatus::kPass, "loader picks " + describe(*win));
  std::string shadowed;
  const FirmwareCandidate* newer = nullptr;
  for (std::size_t i = 1; i < r.present.size(); ++i) {
    shadowed += (shadowed.empty() ? "" : ", ") + describe(r.present[i]);
    if (r.present[i].mtime > win->mtime && !newer) newer = &r.present[i];
  }
  std::string found = fmt::format("loader picks {}; shadowed: {}", describe(*win), shadowed);
  const std::string why =
      "the loader tries the uncompressed name (and updates/ directories) first, so the first file "
      "wins even when a newer one sits beside it";
  std::string folder = win->display.substr(0, win->display.rfind('/'));
  std::string fix = fmt::format(
      "move the stale file aside: sudo mkdir -p {0}/stale && sudo mv {1} {0}/stale/ && sudo "
      "modprobe -r amdxdna && sudo modprobe amdxdna",
      folder, win->display);
  if (newer)
    return make(id, title, CheckStatus::kFail,
                found + fmt::format(" — {} is newer than the file loaded", newer->display), why,
                fix);
  return make(id, title, CheckStatus::kWarn, found, why,
              "keep one firmware file per folder: " + fix);
}

Check firmware_version(const Context& c, const NpuFunction& f) {
  const char* id = "firmware-version";
  const char* title = "NPU firmware version";
  (void)c;
  if (f.driver != "amdxdna" || f.fw_version.empty())
    return skipped(id, title, "skipped: no firmware running (driver not bound)");
  auto running = Version::parse(f.fw_version);
  const std::string rec = f.model ? f.model->recommended_firmware : "";
  if (!running)
    return make(id, title, CheckStatus::kWarn,
                "unreadable fw_version '" + f.fw_version + "' in sysfs",
                "stale firmware causes ERT_CMD_STATE_ABORT and mailbox errors",
                "reload the driver and read `sudo dmesg | grep -i amdxdna`");
  if (rec.empty())
    return make(id, title, CheckStatus::kPass,
                fmt::format("running {} (no reference version known for {})", f.fw_version,
                            f.model ? f.model->name : std::string("this device")));
  auto want = Version::parse(rec);
  if (*running >= *want)
    return make(id, title, CheckStatus::kPass,
                fmt::format("running {} (reference {})", f.fw_version, rec));
  return make(id, title, CheckStatus::kFail,
              fmt::format("running {} is older than {}, the firmware the current runtime pairs "
                          "with",
                          f.fw_version, rec),
              "stale NPU firmware fails commands: ERT_CMD_STATE_ABORT, mailbox ret -22, 'Command "
              "bo size too large'",
              fmt::format("install firmware {} for {} (current linux-firmware, or `sudo xdna "
                          "firmware install npu.sbin --apply`), then reload: sudo modprobe -r "
                          "amdxdna && sudo modprobe amdxdna",
                          rec, f.firmware_folder()));
}

Check firmware_protocol(const Context& c, const NpuFunction& f) {
  const char* id = "firmware-protocol";
  const char* title = "Firmware protocol";
  if (!f.model || !f.model->mainline_driver)
    return skipped(id, title, "skipped: no in-tree driver for this device id");
  const int accepted = f.model->protocol_major;
  const bool kernel7 = c.kernel_version && c.kernel_version->at(0) >= 7;
  std::optional<int> seen;
  std::string line;
  for (const auto& l : c.kernel_log)
    if (auto major = protocol_in_log_line(l)) {
      seen = major;
      line = l;
    }
  if (f.driver == "amdxdna") {
    if (auto p = known_protocol(f.fw_version); p && *p != accepted && !kernel7)
      return make(id, title, CheckStatus::kWarn,
                  fmt::format("running {} which speaks protocol {}; this kernel's driver expects "
                              "{}",
                              f.fw_version, *p, accepted),
                  "mismatched protocols are refused at the next driver load",
                  "install firmware speaking protocol " + std::to_string(accepted));
    return make(id, title, CheckStatus::kPass,
                fmt::format("the driver accepted the firmware{}",
                            f.fw_version.empty() ? "" : " (running " + f.fw_version + ")"));
  }
  if (seen) {
    std::string k = c.kernel.empty() ? "this kernel" : "Linux " + c.kernel;
    return make(
        id, title, CheckStatus::kFail,
        fmt::format("kernel log: '{}' — the installed firmware speaks protocol {}, {} accepts {} "
                    "for {}",
                    line, *seen, k, accepted, f.model->name),
        "the driver refuses firmware of another protocol major at probe, so there is no device",
        kernel7 ? fmt::format("install firmware speaking protocol {} as npu_7.sbin or {} as "
                              "npu.sbin for {}",
                              *seen, accepted, f.firmware_folder())
                : fmt::format("install the protocol-{0} firmware for {1} as npu.sbin (the "
                              "previous linux-firmware release's amdnpu/{1}/npu.sbin) with `sudo "
                              "xdna firmware install FILE --apply`, or move to Linux 7.0, which "
                              "loads protocol-7 firmware from npu_7.sbin",
                              accepted, f.firmware_folder()));
  }
  return make(id, title, CheckStatus::kSkip,
              "skipped: driver not bound and no 'protocol major' message in /var/log/kern.log or "
              "/var/log/dmesg; run `sudo dmesg | grep -i amdxdna`");
}

}  // namespace xdna::device::checks
