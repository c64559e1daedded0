// Doctor checks of the platform: CPU/NPU presence, kernel, IOMMU, hypervisor, memlock, toolchain.
#include <fmt/core.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>

#include "doctor_checks.hpp"

namespace xdna::device::checks {

namespace fs = std::filesystem;

CpuNpu classify_cpu(const std::string& model) {
  if (model.find("Ryzen") == std::string::npos) return CpuNpu::kUnknown;
  if (model.find("Ryzen AI") != std::string::npos) return CpuNpu::kXdna2;
  // Scan "7840HS", "8700G", ...: four digits then the suffix letters.
  for (std::size_t i = 0; i + 4 <= model.size(); ++i) {
    auto digit = [&](std::size_t k) {
      return k < model.size() && std::isdigit(static_cast<unsigned char>(model[k]));
    };
    if ((i > 0 && digit(i - 1)) || !digit(i) || !digit(i + 1) || !digit(i + 2) || !digit(i + 3) ||
        digit(i + 4))
      continue;
    int number = std::stoi(model.substr(i, 4));
    std::size_t j = i + 4;
    while (j < model.size() && std::isupper(static_cast<unsigned char>(model[j]))) ++j;
    std::string suffix = model.substr(i + 4, j - i - 4);
    bool mobile = !suffix.empty() && (suffix[0] == 'H' || suffix[0] == 'U');
    bool desktop_g = !suffix.empty() && suffix[0] == 'G';
    for (int n : {7640, 7840, 7940, 8640, 8645, 8840, 8845, 8945})
      if (number == n && mobile) return CpuNpu::kXdna1;
    if ((number == 8600 || number == 8700) && desktop_g) return CpuNpu::kXdna1;
    if ((number == 8500 || number == 8300) && desktop_g) return CpuNpu::kNone;
  }
  return CpuNpu::kUnknown;
}

Check npu_hardware(const Context& c) {
  const char* id = "npu-hardware";
  const char* title = "NPU hardware";
  const std::string cpu = c.cpu_model.empty() ? "unknown CPU" : "'" + c.cpu_model + "'";
  if (!c.npus.empty()) {
    std::string found;
    bool unknown = false;
    for (const auto& f : c.npus) {
      if (!found.empty()) found += "; ";
      found += fmt::format("{} {:04x}:{:04x} rev {:02x} = {}", f.bdf, kAmdVendorId, f.device_id,
                           f.revision, f.display_name());
      unknown |= !f.model.has_value();
    }
    found += " (CPU " + cpu + ")";
    if (unknown)
      return make(id, title, CheckStatus::kWarn, found,
                  "this NPU revision is not in our table, so firmware and protocol checks are "
                  "approximate",
                  "report the device id and revision (lspci -nn -d 1022:) to open-xdna");
    return make(id, title, CheckStatus::kPass, found);
  }
  const std::string no_pci =
      "no PCI function 1022:1502 (XDNA1), 1022:17f0 (XDNA2) or AIE4 id is present";
  switch (classify_cpu(c.cpu_model)) {
    case CpuNpu::kNone:
      // Built without an NPU: nothing is broken and nothing can be fixed, so this warns (exit
      // 0) instead of failing; a part that should have one but hides it fails below.
      return make(id, title, CheckStatus::kWarn, fmt::format("CPU {} has no NPU; {}", cpu, no_pci),
                  "the desktop Ryzen 8500G and 8300G are built without the NPU; nothing else here "
                  "can work without one",
                  "no software fix: an NPU needs a Ryzen 8600G/8700G, a Ryzen 7040/8040 HS/U "
                  "mobile part or a Ryzen AI 300; meanwhile open-xdna's emulator (`xdna emu`) "
                  "runs without an NPU");
    case CpuNpu::kXdna1:
    case CpuNpu::kXdna2:
      return make(id, title, CheckStatus::kFail,
                  fmt::format("CPU {} has an NPU, but {}", cpu, no_pci),
                  "the NPU must appear on PCI before any driver can bind to it",
                  "enable the NPU (often called IPU or 'AI engine') in the firmware setup (BIOS), "
                  "update the BIOS if there is no such option; in a virtual machine pass the NPU "
                  "through; check with `lspci -nn -d 1022:`");
    case CpuNpu::kUnknown:
      break;
  }
  return make(id, title, CheckStatus::kWarn,
              fmt::format("no AMD NPU on this machine: CPU {} is not a Ryzen part with an NPU and "
                          "{}",
                          cpu, no_pci),
              "every other bring-up step needs an NPU; there is nothing to diagnose",
              "run on a machine with an XDNA NPU (Ryzen 7040/8040 HS/U, 8600G/8700G, Ryzen AI "
              "300); on this machine use open-xdna's emulator (`xdna emu`) and timing model, which "
              "need no NPU");
}

Check kernel(const Context& c) {
  const char* id = "kernel";
  const char* title = "Linux kernel";
  if (!c.kernel_version)
    return make(id, title, CheckStatus::kWarn, "cannot read the kernel version from /proc/version",
                "the in-tree amdxdna driver needs Linux 6.14 or newer",
                "check `uname -r`; install a 6.14+ kernel if it is older");
  const Version& v = *c.kernel_version;
  auto at_least = [&](int a, int b) { return v >= Version{{a, b}}; };
  if (!at_least(6, 14)) {
    if (c.module.loaded)
      return make(id, title, CheckStatus::kWarn,
                  fmt::format("Linux {} predates the in-tree driver (6.14); an out-of-tree amdxdna "
                              "module{} is loaded",
                              c.kernel, c.module.version.empty() ? "" : " " + c.module.version),
                  "out-of-tree drivers must match the XRT release they were built with",
                  "keep the amd/xdna-driver build and XRT from the same release, or move to a "
                  "6.14+ kernel");
    return make(id, title, CheckStatus::kFail,
                fmt::format("Linux {} has no amdxdna driver (in mainline from 6.14)", c.kernel),
                "without the driver there is no /dev/accel node and no way to reach the NPU",
                "install a Linux 6.14+ kernel (6.18+ for GET_ARRAY, 6.19+ for telemetry), or "
                "build the out-of-tree driver from github.com/amd/xdna-driver for this kernel");
  }
  std::string level = at_least(6, 19)   ? "0.6: GET_ARRAY, telemetry, resource info, preemption"
                      : at_least(6, 18) ? "0.1: GET_ARRAY; no telemetry (6.19)"
                                        : "0.0: no GET_ARRAY (6.18), no telemetry (6.19)";
  return make(id, title, CheckStatus::kPass,
              fmt::format("Linux {}: in-tree amdxdna, driver interface {}", c.kernel, level));
}

Check iommu(const Context& c) {
  const char* id = "iommu";
  const char* title = "IOMMU";
  const std::string why =
      "amdxdna shares the process address space with the NPU through IOMMU SVA/PASID; without "
      "it the driver fails with 'SVA bind device failed' / 'Enable PASID failed'";
  std::string cmdline = read_line(c.env.at("/proc/cmdline")).value_or("");
  for (const char* off : {"amd_iommu=off", "iommu=off"})
    if ((" " + cmdline + " ").find(std::string(" ") + off + " ") != std::string::npos)
      return make(id, title, CheckStatus::kFail,
                  fmt::format("the kernel command line disables the IOMMU ({})", off), why,
                  fmt::format("remove {} from GRUB_CMDLINE_LINUX in /etc/default/grub, run "
                              "`sudo update-grub` and reboot",
                              off));
  std::vector<std::string> units;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(c.env.at("/sys/class/iommu"), ec))
    units.push_back(e.path().filename().string());
  std::sort(units.begin(), units.end());
  if (!units.empty()) {
    std::string list;
    for (const auto& u : units) list += (list.empty() ? "" : ", ") + u;
    return make(id, title, CheckStatus::kPass, "IOMMU active: " + list);
  }
  std::size_t groups = 0;
  for ([[maybe_unused]] const auto& e :
       fs::directory_iterator(c.env.at("/sys/kernel/iommu_groups"), ec))
    ++groups;
  if (groups > 0)
    return make(id, title, CheckStatus::kPass, fmt::format("{} IOMMU groups", groups));
  return make(id, title, CheckStatus::kFail,
              "no IOMMU is active (/sys/class/iommu and /sys/kernel/iommu_groups are empty)", why,
              "enable the IOMMU (AMD-Vi / 'IOMMU' in the BIOS), keep amd_iommu on; in a virtual "
              "machine the NPU needs a virtual IOMMU with PASID, so run on bare metal");
}

Check hypervisor(const Context& c) {
  const char* id = "hypervisor";
  const char* title = "Bare metal";
  std::string vendor = read_line(c.env.at("/sys/class/dmi/id/sys_vendor")).value_or("");
  bool flag = std::find(c.cpu_flags.begin(), c.cpu_flags.end(), "hypervisor") != c.cpu_flags.end();
  bool vm_vendor = false;
  for (const char* v : {"QEMU", "VMware", "innotek", "Xen", "Microsoft Corporation", "Parallels",
                        "Red Hat", "Amazon EC2", "Google"})
    vm_vendor |= vendor.find(v) != std::string::npos;
  if (!flag && !vm_vendor)
    return make(id, title, CheckStatus::kPass,
                vendor.empty() ? "no hypervisor flag in /proc/cpuinfo"
                               : "no hypervisor flag; system vendor '" + vendor + "'");
  std::string found = "running under a hypervisor (";
  found += flag ? "cpuinfo flag 'hypervisor'" : "";
  if (vm_vendor) found += std::string(flag ? ", " : "") + "system vendor '" + vendor + "'";
  found += ")";
  return make(id, title, CheckStatus::kWarn, found,
              "a passed-through NPU needs SVA/PASID through the virtual IOMMU, which common "
              "hypervisors do not provide ('SVA bind device failed')",
              "run on the host (bare metal); if you must use a VM, check the iommu check above "
              "and the driver's probe messages (`sudo dmesg | grep amdxdna`)");
}

Check memlock(const Context& c) {
  const char* id = "memlock";
  const char* title = "memlock limit";
  constexpr std::uint64_t kNeeded = 64ull << 20;
  if (!c.env.memlock_bytes) return make(id, title, CheckStatus::kPass, "unlimited");
  std::uint64_t b = *c.env.memlock_bytes;
  std::string found = fmt::format("{} KiB", b >> 10);
  if (b >= kNeeded) return make(id, title, CheckStatus::kPass, found);
  return make(id, title, CheckStatus::kWarn, found + " (below 64 MiB)",
              "XRT maps a 64 MiB device heap; when that mapping fails `xrt-smi examine` reports "
              "0 devices found",
              "add '<user> - memlock unlimited' (or '@render - memlock unlimited') to "
              "/etc/security/limits.conf and log in again; for services set "
              "LimitMEMLOCK=infinity");
}

Check llvm_objcopy(const Context& c) {
  const char* id = "llvm-objcopy";
  const char* title = "llvm-objcopy";
  std::string path = c.env.path_env;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find(':', start);
    std::string dir =
        path.substr(start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? path.size() + 1 : end + 1;
    if (dir.empty()) continue;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(c.env.at(dir), ec)) {
      std::string n = e.path().filename().string();
      if (n != "llvm-objcopy" && n.rfind("llvm-objcopy-", 0) != 0) continue;
      struct stat st {};
      if (::stat(e.path().c_str(), &st) == 0 && (st.st_mode & 0111))
        return make(id, title, CheckStatus::kPass, dir + "/" + n);
    }
  }
  return make(id, title, CheckStatus::kWarn,
              "no llvm-objcopy on PATH (" + (path.empty() ? std::string("PATH empty") : path) + ")",
              "GNU objcopy cannot read AIE2 ELF files: building kernels fails with 'objcopy: "
              "Unable to recognise the format'",
              "sudo apt install llvm, then put its bin directory first on PATH (e.g. export "
              "PATH=/usr/lib/llvm-15/bin:$PATH)");
}

}  // namespace xdna::device::checks
