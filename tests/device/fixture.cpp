// Fixture trees for device/ tests.
#include "fixture.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace xdna::device::test {

namespace fs = std::filesystem;

Tree::Tree() {
  std::string tmpl = (fs::temp_directory_path() / "xdna-device-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  root_ = tmpl;
}

Tree::~Tree() {
  std::error_code ec;
  fs::remove_all(root_, ec);
}

fs::path Tree::at(const std::string& abs) const {
  std::string_view s = abs;
  while (!s.empty() && s.front() == '/') s.remove_prefix(1);
  return root_ / s;
}

void Tree::write(const std::string& abs, const std::string& content, int mode) {
  fs::path p = at(abs);
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary | std::ios::trunc) << content;
  fs::permissions(p, static_cast<fs::perms>(mode));
}

void Tree::write_bytes(const std::string& abs, std::size_t size, unsigned char first_byte,
                       std::int64_t mtime) {
  std::string bytes(size, '\0');
  bytes[0] = static_cast<char>(first_byte);
  write(abs, bytes);
  if (mtime) set_mtime(abs, mtime);
}

void Tree::mkdir(const std::string& abs) {
  fs::create_directories(at(abs));
}

void Tree::symlink(const std::string& abs, const std::string& target) {
  fs::create_directories(at(abs).parent_path());
  fs::create_symlink(target, at(abs));
}

void Tree::remove(const std::string& abs) {
  fs::remove_all(at(abs));
}

void Tree::set_mtime(const std::string& abs, std::int64_t t) {
  auto tp = std::chrono::file_clock::from_sys(std::chrono::sys_seconds(std::chrono::seconds(t)));
  fs::last_write_time(at(abs), tp);
}

std::string Tree::read(const std::string& abs) const {
  std::ifstream in(at(abs), std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool Tree::exists(const std::string& abs) const {
  return fs::exists(at(abs));
}

HostEnv env_for(const Tree& t, bool in_render_group) {
  HostEnv env;
  env.root = t.root();
  env.identity.uid = 1000;
  env.identity.user = "alice";
  env.identity.gids = {1000};
  if (in_render_group) env.identity.gids.push_back(110);
  env.path_env = "/usr/local/bin:/usr/bin:/bin";
  env.memlock_bytes = std::nullopt;
  env.now_unix = [] { return kNow; };
  return env;
}

std::string fake_firmware(std::size_t size, unsigned seed) {
  std::string s(size, '\0');
  std::mt19937 rng(seed);
  for (auto& c : s) c = static_cast<char>(rng() & 0xff);
  s[0] = 0x01;  // binary, not an ELF/PE/gzip/zip/zstd/xz magic
  s[1] = 0x00;
  return s;
}

std::string fake_zst_firmware(std::size_t size, unsigned seed) {
  std::string s = fake_firmware(size, seed);
  s[0] = '\x28';
  s[1] = '\xb5';
  s[2] = '\x2f';
  s[3] = '\xfd';
  return s;
}

namespace {

constexpr const char* kPhoenixBdf = "/sys/bus/pci/devices/0000:c4:00.1";

void common_host(Tree& t, const std::string& cpu, const std::string& kernel, bool vm = false) {
  t.write("/proc/cpuinfo", "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: " + cpu +
                               "\nflags\t\t: fpu vme sse sse2 avx2" + (vm ? " hypervisor" : "") +
                               "\n\nprocessor\t: 1\nmodel name\t: " + cpu + "\n");
  t.write("/proc/version", "Linux version " + kernel +
                               " (buildd@lcy02-amd64-001) (gcc 14.2.0) #5-Ubuntu SMP PREEMPT\n");
  t.write("/proc/cmdline", "BOOT_IMAGE=/boot/vmlinuz-" + kernel + " ro quiet splash\n");
  t.write("/etc/os-release", "PRETTY_NAME=\"Ubuntu 25.10\"\nID=ubuntu\nVERSION_ID=\"25.10\"\n");
  t.write("/etc/group", "root:x:0:\nvideo:x:44:alice\nrender:x:110:alice\nalice:x:1000:\n");
  t.write("/sys/class/dmi/id/sys_vendor", vm ? "QEMU\n" : "LENOVO\n");
  if (!vm) t.mkdir("/sys/class/iommu/ivhd0");
  t.write("/usr/bin/llvm-objcopy-18", "#!/bin/sh\n", 0755);
}

void npu_function(Tree& t, const std::string& bdf_dir, const std::string& device,
                  const std::string& revision, bool bound, const std::string& vbnv,
                  const std::string& fw) {
  t.write(bdf_dir + "/vendor", "0x1022\n");
  t.write(bdf_dir + "/device", "0x" + device + "\n");
  t.write(bdf_dir + "/revision", "0x" + revision + "\n");
  t.write(bdf_dir + "/class", "0x118000\n");
  t.mkdir("/sys/module/amdxdna");
  t.mkdir("/sys/bus/pci/drivers/amdxdna");
  if (!bound) return;
  t.symlink(bdf_dir + "/driver", "../../../bus/pci/drivers/amdxdna");
  t.mkdir(bdf_dir + "/accel/accel0");
  t.write(bdf_dir + "/vbnv", vbnv + "\n");
  t.write(bdf_dir + "/fw_version", fw + "\n");
  t.write(bdf_dir + "/device_type", "0\n");
  t.write("/dev/accel/accel0", "", 0660);
}

void xrt_opt(Tree& t, const std::string& version, bool plugin) {
  t.write("/opt/xilinx/xrt/version.json",
          "{\n  \"BUILD_VERSION\" : \"" + version + "\",\n  \"BUILD_BRANCH\" : \"master\"\n}\n");
  t.write("/opt/xilinx/xrt/lib/libxrt_coreutil.so." + version, "");
  if (plugin)
    t.write("/opt/xilinx/xrt/lib/libxrt_driver_xdna.so." + version, "");
  else
    t.write("/opt/xilinx/xrt/lib/libvxdna.so." + version, "");
}

// A non-NPU AMD function beside the NPU, so discovery has something to skip.
void other_pci(Tree& t) {
  t.write("/sys/bus/pci/devices/0000:00:00.0/vendor", "0x1022\n");
  t.write("/sys/bus/pci/devices/0000:00:00.0/device", "0x14e8\n");
  t.write("/sys/bus/pci/devices/0000:00:00.0/revision", "0x00\n");
}

}  // namespace

void healthy_phoenix_617(Tree& t) {
  common_host(t, "AMD Ryzen 7 8845HS w/ Radeon 780M Graphics", "6.17.0-5-generic");
  other_pci(t);
  npu_function(t, kPhoenixBdf, "1502", "00", true, "RyzenAI-npu1", "1.5.5.391");
  t.write("/lib/firmware/amdnpu/1502_00/npu.sbin.zst", fake_zst_firmware(40 * 1024, 1));
  t.set_mtime("/lib/firmware/amdnpu/1502_00/npu.sbin.zst", kNow - 86400);
  xrt_opt(t, "2.19.0", true);
}

void stale_firmware(Tree& t) {
  healthy_phoenix_617(t);
  t.write(std::string(kPhoenixBdf) + "/fw_version", "1.5.2.380\n");
}

void stale_uncompressed_beside_zst(Tree& t) {
  healthy_phoenix_617(t);
  t.write("/lib/firmware/amdnpu/1502_00/npu.sbin", fake_firmware(48 * 1024, 2));
  t.set_mtime("/lib/firmware/amdnpu/1502_00/npu.sbin", kNow - 400 * 86400);
}

void strix_protocol7_619(Tree& t) {
  common_host(t, "AMD Ryzen AI 9 HX 370 w/ Radeon 890M", "6.19.0-2-generic");
  const std::string bdf = "/sys/bus/pci/devices/0000:c5:00.1";
  npu_function(t, bdf, "17f0", "10", false, "", "");
  t.write("/lib/firmware/amdnpu/17f0_10/npu.sbin", fake_firmware(64 * 1024, 3));
  t.write("/var/log/kern.log",
          "Nov 20 10:00:01 host kernel: amdxdna 0000:c5:00.1: enabling device (0000 -> 0002)\n"
          "Nov 20 10:00:02 host kernel: amdxdna 0000:c5:00.1: [drm] *ERROR* "
          "aie2_check_protocol: Incompatible firmware protocol major 7 minor 2\n"
          "Nov 20 10:00:02 host kernel: amdxdna 0000:c5:00.1: probe with driver amdxdna failed "
          "with error -22\n");
  xrt_opt(t, "2.19.0", true);
}

void desktop_without_npu(Tree& t) {
  common_host(t, "AMD Ryzen 5 8500G w/ Radeon 740M Graphics", "6.17.0-5-generic");
  other_pci(t);
}

void vm_without_iommu(Tree& t) {
  common_host(t, "AMD Ryzen 7 7840HS w/ Radeon 780M Graphics", "6.17.0-5-generic", true);
  npu_function(t, "/sys/bus/pci/devices/0000:00:05.0", "1502", "00", false, "", "");
  t.write("/lib/firmware/amdnpu/1502_00/npu.sbin.zst", fake_zst_firmware(40 * 1024, 1));
  t.write("/var/log/kern.log",
          "kernel: amdxdna 0000:00:05.0: [drm] *ERROR* aie2_init: SVA bind device failed, ret "
          "-19\n");
  xrt_opt(t, "2.19.0", true);
}

void xrt_without_plugin(Tree& t) {
  healthy_phoenix_617(t);
  t.remove("/opt/xilinx/xrt");
  xrt_opt(t, "2.19.0", false);
}

void xrt_213(Tree& t) {
  healthy_phoenix_617(t);
  t.remove("/opt/xilinx/xrt");
  t.write("/usr/lib/x86_64-linux-gnu/libxrt_coreutil.so.2.13.0", "");
  t.write("/usr/lib/x86_64-linux-gnu/libxrt_core.so.2.13.0", "");
}

}  // namespace xdna::device::test
