// Doctor checks of the XRT runtime: installed, version >= 2.17, the xdna device plugin.
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "doctor_checks.hpp"

namespace xdna::device::checks {

namespace fs = std::filesystem;

namespace {

// Where XRT's libraries live: AMD's /opt layout, then distribution packages.
const char* const kXrtLibDirs[] = {"/opt/xilinx/xrt/lib",
                                   "/opt/xilinx/xrt/lib64",
                                   "/usr/lib/x86_64-linux-gnu",
                                   "/usr/lib64",
                                   "/usr/lib",
                                   "/usr/local/lib"};

}  // namespace

XrtInstall find_xrt(const HostEnv& env) {
  XrtInstall x;
  for (const char* dir : kXrtLibDirs) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(env.at(dir), ec)) {
      std::string n = e.path().filename().string();
      const std::string prefix = "libxrt_coreutil.so.";
      std::optional<Version> v;
      if (n.rfind(prefix, 0) == 0) v = Version::parse(n.substr(prefix.size()));
      if (v && v->parts.size() >= 2 && v->str() == n.substr(prefix.size())) {
        if (!x.version || *x.version < *v) {
          x.version = v;
          x.version_source = std::string(dir) + "/" + n;
        }
        if (!x.present) x.where = dir;
        x.present = true;
      } else if (n.rfind("libxrt_coreutil.so", 0) == 0) {
        if (!x.present) x.where = dir;
        x.present = true;
      }
      if (n.rfind("libxrt_driver_xdna.so", 0) == 0 && x.plugin.empty())
        x.plugin = std::string(dir) + "/" + n;
      if (n.rfind("libvxdna.so", 0) == 0 && x.other_plugins.empty()) x.other_plugins = n;
    }
  }
  // AMD's install records its version in /opt/xilinx/xrt/version.json.
  if (auto text = read_file(env.at("/opt/xilinx/xrt/version.json"))) {
    x.present = true;
    if (x.where.empty()) x.where = "/opt/xilinx/xrt";
    auto j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_object()) {
      for (const char* key : {"BUILD_VERSION", "version", "VERSION"}) {
        if (!j.contains(key) || !j[key].is_string()) continue;
        if (auto v = Version::parse(j[key].get<std::string>()); v && v->parts.size() >= 2) {
          x.version = v;
          x.version_source = std::string("/opt/xilinx/xrt/version.json, ") + key;
          break;
        }
      }
    }
  }
  return x;
}

Check xrt(const Context& c, const XrtInstall& x) {
  (void)c;
  const char* id = "xrt";
  const char* title = "XRT runtime";
  const std::string install =
      "install XRT 2.17 or newer with the NPU plugin: build github.com/amd/xdna-driver (it builds "
      "XRT and the plugin as .deb packages) or use your distribution's XRT and xrt-amdxdna "
      "packages";
  if (!x.present)
    return make(id, title, CheckStatus::kWarn,
                "no XRT found (no libxrt_coreutil.so in /opt/xilinx/xrt/lib or the system library "
                "directories)",
                "running designs through XRT needs it; `xdna info` and this doctor do not",
                install);
  if (!x.version)
    return make(id, title, CheckStatus::kWarn, "XRT in " + x.where + ", version unknown",
                "NPUs need XRT 2.17 or newer", "check `xrt-smi --version`; " + install);
  std::string found =
      fmt::format("XRT {} in {} (from {})", x.version->str(), x.where, x.version_source);
  if (*x.version >= Version{{2, 17}}) return make(id, title, CheckStatus::kPass, found);
  return make(id, title, CheckStatus::kFail, found + " — older than 2.17",
              "NPU support (xrt::hw_context, the xdna device plugin) arrived in XRT 2.17; older "
              "XRT, such as Debian bookworm's 2.13, cannot drive an NPU",
              "remove the old XRT (e.g. sudo apt remove xrt) and " + install);
}

Check xrt_plugin(const Context& c, const XrtInstall& x) {
  (void)c;
  const char* id = "xrt-plugin";
  const char* title = "XRT xdna plugin";
  if (!x.present) return skipped(id, title, "skipped: no XRT");
  if (!x.plugin.empty()) return make(id, title, CheckStatus::kPass, x.plugin);
  return make(id, title, CheckStatus::kFail,
              "no libxrt_driver_xdna.so next to XRT in " + x.where +
                  (x.other_plugins.empty() ? "" : " (only " + x.other_plugins + ")"),
              "XRT finds NPUs only through this plugin; without it `xrt-smi examine` reports 0 "
              "devices found",
              "install the amdxdna XRT plugin built with the same XRT version (the xrt_plugin "
              "package from github.com/amd/xdna-driver), so that " +
                  x.where + "/libxrt_driver_xdna.so exists");
}

}  // namespace xdna::device::checks
