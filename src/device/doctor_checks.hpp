// Internal to device/: the individual doctor checks, grouped by subject, and what they share.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "xdna/device/discovery.hpp"
#include "xdna/device/doctor.hpp"
#include "xdna/device/host.hpp"

namespace xdna::device::checks {

// Facts gathered once and shared by the checks.
struct Context {
  const HostEnv& env;
  std::string cpu_model;  // /proc/cpuinfo "model name"
  std::vector<std::string> cpu_flags;
  std::string kernel;  // release string
  std::optional<Version> kernel_version;
  DriverModule module;
  std::vector<NpuFunction> npus;
  std::vector<std::string> kernel_log;  // amdxdna lines from var/log/{kern.log,dmesg}
};

Context gather(const HostEnv& env);

Check make(const char* id, const char* title, CheckStatus s, std::string found,
           std::string why = {}, std::string fix = {});
Check skipped(const char* id, const char* title, std::string reason);

// Does the CPU brand string name a part with an NPU? (FACTS §7 chip list)
enum class CpuNpu { kXdna1, kXdna2, kNone, kUnknown };
CpuNpu classify_cpu(const std::string& model_name);

Check npu_hardware(const Context& c);
Check kernel(const Context& c);
Check iommu(const Context& c);
Check hypervisor(const Context& c);
Check memlock(const Context& c);
Check llvm_objcopy(const Context& c);

Check driver_bound(const Context& c, const NpuFunction& f);
Check device_node(const Context& c, const NpuFunction& f);
Check device_access(const Context& c, const NpuFunction& f);

Check firmware_files(const Context& c, const NpuFunction& f);
Check firmware_version(const Context& c, const NpuFunction& f);
Check firmware_protocol(const Context& c, const NpuFunction& f);

// XRT: found install, its version and the xdna plugin.
struct XrtInstall {
  bool present = false;
  std::string where;  // kernel-view directory
  std::optional<Version> version;
  std::string version_source;  // file the version came from
  std::string plugin;          // kernel-view path of libxrt_driver_xdna.so* ("" if none)
  std::string other_plugins;   // e.g. "libvxdna.so" when only that is present
};
XrtInstall find_xrt(const HostEnv& env);
Check xrt(const Context& c, const XrtInstall& x);
Check xrt_plugin(const Context& c, const XrtInstall& x);

}  // namespace xdna::device::checks
