// Doctor checks of the driver: module loaded and bound, device node, permission to open it.
#include <fmt/core.h>
#include <sys/stat.h>

#include <algorithm>
#include <sstream>

#include "doctor_checks.hpp"

namespace xdna::device::checks {

namespace {

struct Group {
  std::string name;
  std::uint32_t gid = 0;
  std::vector<std::string> members;
};

std::optional<Group> find_group(const HostEnv& env, const std::string& name) {
  auto text = read_file(env.at("/etc/group"));
  if (!text) return std::nullopt;
  std::istringstream in(*text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::istringstream fs(line);
    std::string part;
    while (std::getline(fs, part, ':')) f.push_back(part);
    if (f.size() < 3 || f[0] != name) continue;
    Group g;
    g.name = f[0];
    try {
      g.gid = static_cast<std::uint32_t>(std::stoul(f[2]));
    } catch (...) {
      continue;
    }
    if (f.size() > 3) {
      std::istringstream ms(f[3]);
      while (std::getline(ms, part, ','))
        if (!part.empty()) g.members.push_back(trim(part));
    }
    return g;
  }
  return std::nullopt;
}

// The most telling amdxdna log line: the last error if there is one, else the last line.
std::string last_log_line(const Context& c) {
  for (auto it = c.kernel_log.rbegin(); it != c.kernel_log.rend(); ++it)
    if (it->find("ERROR") != std::string::npos) return *it;
  return c.kernel_log.empty() ? std::string() : c.kernel_log.back();
}

}  // namespace

Check driver_bound(const Context& c, const NpuFunction& f) {
  const char* id = "driver";
  const char* title = "amdxdna driver";
  if (f.driver == "amdxdna")
    return make(id, title, CheckStatus::kPass,
                fmt::format("amdxdna bound to {}{}", f.bdf,
                            c.module.version.empty() ? "" : " (module " + c.module.version + ")"));
  if (!f.driver.empty())
    return make(id, title, CheckStatus::kFail,
                fmt::format("{} is bound to '{}', not amdxdna", f.bdf, f.driver),
                "only amdxdna exposes the NPU to this machine's programs",
                fmt::format("unbind it (echo {0} | sudo tee /sys/bus/pci/drivers/{1}/unbind) and "
                            "load amdxdna (sudo modprobe amdxdna)",
                            f.bdf, f.driver));
  if (!c.module.loaded)
    return make(id, title, CheckStatus::kFail, "the amdxdna module is not loaded",
                "without the driver there is no /dev/accel node",
                "sudo modprobe amdxdna; if modprobe cannot find it, the kernel was built without "
                "CONFIG_DRM_ACCEL_AMDXDNA: use a distribution kernel 6.14+ or build "
                "github.com/amd/xdna-driver");
  std::string log = last_log_line(c);
  return make(id, title, CheckStatus::kFail,
              fmt::format("amdxdna is loaded but not bound to {}: its probe failed{}", f.bdf,
                          log.empty() ? "" : "; kernel log: '" + log + "'"),
              "the probe fails when the firmware is missing, rejected (protocol) or the IOMMU "
              "cannot bind; the firmware and IOMMU checks name which",
              "fix the failing firmware/IOMMU check, then reload: sudo modprobe -r amdxdna && sudo "
              "modprobe amdxdna; details in `sudo dmesg | grep -i amdxdna`");
}

Check device_node(const Context& c, const NpuFunction& f) {
  const char* id = "device-node";
  const char* title = "Device node";
  if (f.driver != "amdxdna") return skipped(id, title, "skipped: driver not bound");
  if (f.accel.empty())
    return make(id, title, CheckStatus::kFail,
                fmt::format("amdxdna is bound to {} but sysfs lists no accel device", f.bdf),
                "programs reach the NPU through /dev/accel/accelN",
                "reload the driver (sudo modprobe -r amdxdna && sudo modprobe amdxdna) and read "
                "`sudo dmesg | grep -i amdxdna`");
  std::string node = "/dev/accel/" + f.accel.front();
  std::error_code ec;
  if (!std::filesystem::exists(c.env.at(node), ec))
    return make(
        id, title, CheckStatus::kFail,
        fmt::format("sysfs has {} but {} does not exist", f.accel.front(), node),
        "programs reach the NPU through this node; udev creates it",
        "sudo udevadm trigger --subsystem-match=accel, or reboot; check `ls -l /dev/accel`");
  return make(id, title, CheckStatus::kPass, node);
}

Check device_access(const Context& c, const NpuFunction& f) {
  const char* id = "device-access";
  const char* title = "Device access";
  if (f.driver != "amdxdna" || f.accel.empty())
    return skipped(id, title, "skipped: no device node");
  std::string node = "/dev/accel/" + f.accel.front();
  struct stat st {};
  if (::stat(c.env.at(node).c_str(), &st) != 0)
    return skipped(id, title, "skipped: " + node + " does not exist");
  const auto& who = c.env.identity;
  std::string user = who.user.empty() ? fmt::format("uid {}", who.uid) : who.user;
  if (who.uid == 0) return make(id, title, CheckStatus::kPass, "running as root");
  if ((st.st_mode & 0006) == 0006)
    return make(id, title, CheckStatus::kPass, node + " is readable and writable by everyone");
  const std::string why = fmt::format(
      "{} belongs to root:render with mode 0660; anyone else gets 'Permission denied'", node);
  auto render = find_group(c.env, "render");
  if (!render)
    return make(id, title, CheckStatus::kFail,
                "there is no 'render' group in /etc/group, so only root can open " + node, why,
                "sudo groupadd --system render && sudo usermod -aG render " + user +
                    ", then log out and back in");
  bool in_session = std::find(who.gids.begin(), who.gids.end(), render->gid) != who.gids.end();
  if (in_session)
    return make(id, title, CheckStatus::kPass,
                fmt::format("{} is in group render (gid {})", user, render->gid));
  bool listed =
      std::find(render->members.begin(), render->members.end(), who.user) != render->members.end();
  if (listed)
    return make(id, title, CheckStatus::kFail,
                fmt::format("{} is listed in group render (gid {}) in /etc/group, but this login "
                            "session started before that",
                            user, render->gid),
                why, "log out and back in (or run `newgrp render` in this shell)");
  return make(id, title, CheckStatus::kFail,
              fmt::format("{} is not in group render (gid {})", user, render->gid), why,
              fmt::format("sudo usermod -aG render {}, then log out and back in", user));
}

}  // namespace xdna::device::checks
