// `xdna doctor`: gathers the host facts once, runs every check, renders text or JSON.
#include "xdna/device/doctor.hpp"

#include <fmt/core.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "doctor_checks.hpp"

namespace xdna::device {

namespace checks {

Check make(const char* id, const char* title, CheckStatus s, std::string found, std::string why,
           std::string fix) {
  return Check{id, title, s, std::move(found), std::move(why), std::move(fix)};
}

Check skipped(const char* id, const char* title, std::string reason) {
  return make(id, title, CheckStatus::kSkip, std::move(reason));
}

Context gather(const HostEnv& env) {
  Context c{env, {}, {}, {}, {}, {}, {}, {}};
  if (auto info = read_file(env.at("/proc/cpuinfo"))) {
    std::istringstream in(*info);
    std::string line;
    while (std::getline(in, line)) {
      auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string key = trim(std::string_view(line).substr(0, colon));
      std::string value = trim(std::string_view(line).substr(colon + 1));
      if (key == "model name" && c.cpu_model.empty()) c.cpu_model = value;
      if (key == "flags" && c.cpu_flags.empty()) {
        std::istringstream fl(value);
        std::string f;
        while (fl >> f) c.cpu_flags.push_back(f);
      }
    }
  }
  c.kernel = kernel_release(env);
  c.kernel_version = Version::parse(c.kernel);
  c.module = read_driver_module(env);
  c.npus = discover_npus(env);
  for (const char* log : {"/var/log/kern.log", "/var/log/dmesg"}) {
    auto text = read_file(env.at(log));
    if (!text) continue;
    std::istringstream in(*text);
    std::string line;
    while (std::getline(in, line))
      if (line.find("amdxdna") != std::string::npos) c.kernel_log.push_back(trim(line));
  }
  return c;
}

}  // namespace checks

const char* check_status_name(CheckStatus s) {
  switch (s) {
    case CheckStatus::kPass:
      return "pass";
    case CheckStatus::kWarn:
      return "warn";
    case CheckStatus::kFail:
      return "fail";
    case CheckStatus::kSkip:
      return "skip";
  }
  return "?";
}

bool DoctorReport::any_fail() const {
  for (const auto& c : checks)
    if (c.status == CheckStatus::kFail) return true;
  return false;
}

const Check* DoctorReport::find(const std::string& id) const {
  for (const auto& c : checks)
    if (c.id == id) return &c;
  return nullptr;
}

DoctorReport run_doctor(const HostEnv& env) {
  using namespace checks;
  DoctorReport r;
  Context c = gather(env);
  Check hw = npu_hardware(c);
  r.checks.push_back(hw);
  if (c.npus.empty()) {
    // Without an NPU nothing else can be diagnosed; say so once per check instead of guessing.
    const std::string why = "skipped: no NPU on this machine (see npu-hardware)";
    for (auto [id, title] : std::initializer_list<std::pair<const char*, const char*>>{
             {"kernel", "Linux kernel"},
             {"driver", "amdxdna driver"},
             {"device-node", "Device node"},
             {"device-access", "Device access"},
             {"firmware-files", "NPU firmware files"},
             {"firmware-version", "NPU firmware version"},
             {"firmware-protocol", "Firmware protocol"},
             {"iommu", "IOMMU"},
             {"hypervisor", "Bare metal"},
             {"xrt", "XRT runtime"},
             {"xrt-plugin", "XRT xdna plugin"},
             {"llvm-objcopy", "llvm-objcopy"},
             {"memlock", "memlock limit"}})
      r.checks.push_back(skipped(id, title, why));
    return r;
  }
  r.checks.push_back(kernel(c));
  for (const auto& f : c.npus) {
    r.checks.push_back(driver_bound(c, f));
    r.checks.push_back(device_node(c, f));
    r.checks.push_back(device_access(c, f));
    r.checks.push_back(firmware_files(c, f));
    r.checks.push_back(firmware_version(c, f));
    r.checks.push_back(firmware_protocol(c, f));
  }
  r.checks.push_back(iommu(c));
  r.checks.push_back(hypervisor(c));
  XrtInstall x = find_xrt(env);
  r.checks.push_back(xrt(c, x));
  r.checks.push_back(xrt_plugin(c, x));
  r.checks.push_back(llvm_objcopy(c));
  r.checks.push_back(memlock(c));
  return r;
}

namespace {
std::string verdict(const DoctorReport& r, int warnings) {
  const Check* hw = r.find("npu-hardware");
  if (hw && hw->status == CheckStatus::kFail) return "no NPU visible, so nothing else to check";
  if (hw && hw->status == CheckStatus::kWarn && r.checks.size() > 1 &&
      r.checks[1].status == CheckStatus::kSkip)
    return "no NPU on this machine, so nothing else to check (the emulator needs none)";
  if (r.any_fail()) return "fix the FAIL lines above, top first";
  return warnings ? "ready, with warnings" : "ready";
}
}  // namespace

std::string render_doctor_text(const DoctorReport& r) {
  std::string out;
  int counts[4] = {0, 0, 0, 0};
  for (std::size_t i = 0; i < r.checks.size(); ++i) {
    const auto& c = r.checks[i];
    ++counts[static_cast<int>(c.status)];
    // Consecutive checks skipped for the same reason share one line.
    if (c.status == CheckStatus::kSkip) {
      std::string titles = c.title;
      while (i + 1 < r.checks.size() && r.checks[i + 1].status == CheckStatus::kSkip &&
             r.checks[i + 1].found == c.found) {
        titles += ", " + r.checks[++i].title;
        ++counts[static_cast<int>(CheckStatus::kSkip)];
      }
      out += fmt::format("[SKIP] {}: {}\n", titles, c.found);
      continue;
    }
    std::string tag = check_status_name(c.status);
    for (auto& ch : tag) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    out += fmt::format("[{}] {}: {}\n", tag, c.title, c.found);
    if (c.status == CheckStatus::kWarn || c.status == CheckStatus::kFail) {
      if (!c.why.empty()) out += fmt::format("       why: {}\n", c.why);
      if (!c.fix.empty()) out += fmt::format("       fix: {}\n", c.fix);
    }
  }
  out += fmt::format("\n{} pass, {} warn, {} fail, {} skip — {}\n", counts[0], counts[1], counts[2],
                     counts[3], verdict(r, counts[1]));
  return out;
}

std::string render_doctor_json(const DoctorReport& r) {
  nlohmann::json checks = nlohmann::json::array();
  nlohmann::json summary = {{"pass", 0}, {"warn", 0}, {"fail", 0}, {"skip", 0}};
  for (const auto& c : r.checks) {
    checks.push_back({{"id", c.id},
                      {"title", c.title},
                      {"status", check_status_name(c.status)},
                      {"found", c.found},
                      {"why", c.why},
                      {"fix", c.fix}});
    summary[check_status_name(c.status)] = summary[check_status_name(c.status)].get<int>() + 1;
  }
  nlohmann::json root = {{"checks", checks}, {"summary", summary}, {"ok", !r.any_fail()}};
  return root.dump(2) + "\n";
}

}  // namespace xdna::device
