// `xdna doctor` on every fixture scenario: each check's status and its fix text.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../../src/device/doctor_checks.hpp"
#include "fixture.hpp"
#include "xdna/common/error.hpp"
#include "xdna/device/doctor.hpp"
#include "xdna/device/host.hpp"

namespace xdna::device {
namespace {

using test::Tree;
using S = CheckStatus;

const Check& get(const DoctorReport& r, const std::string& id) {
  const Check* c = r.find(id);
  if (!c) throw std::runtime_error("no check " + id);
  return *c;
}

#define EXPECT_CHECK(report, id, expected)    \
  EXPECT_EQ(get(report, id).status, expected) \
      << id << ": " << check_status_name(get(report, id).status) << " — " << get(report, id).found

TEST(Doctor, HealthyPhoenixOn617PassesEveryCheck) {
  Tree t;
  test::healthy_phoenix_617(t);
  auto r = run_doctor(test::env_for(t));
  for (const auto& c : r.checks)
    EXPECT_EQ(c.status, S::kPass) << c.id << ": " << c.found << " / " << c.fix;
  EXPECT_FALSE(r.any_fail());
  EXPECT_EQ(r.checks.size(), 14u);
  EXPECT_NE(get(r, "npu-hardware").found.find("0000:c4:00.1"), std::string::npos);
  EXPECT_NE(get(r, "kernel").found.find("interface 0.0"), std::string::npos);
  EXPECT_NE(get(r, "firmware-files").found.find("/lib/firmware/amdnpu/1502_00/npu.sbin.zst"),
            std::string::npos);
  EXPECT_NE(get(r, "firmware-version").found.find("1.5.5.391"), std::string::npos);
  EXPECT_NE(get(r, "xrt").found.find("2.19.0"), std::string::npos);
  EXPECT_EQ(get(r, "llvm-objcopy").found, "/usr/bin/llvm-objcopy-18");
}

TEST(Doctor, StaleFirmwareFailsWithInstallFix) {
  Tree t;
  test::stale_firmware(t);
  auto r = run_doctor(test::env_for(t));
  EXPECT_CHECK(r, "firmware-version", S::kFail);
  const auto& c = get(r, "firmware-version");
  EXPECT_NE(c.found.find("1.5.2.380"), std::string::npos);
  EXPECT_NE(c.why.find("ERT_CMD_STATE_ABORT"), std::string::npos);
  EXPECT_NE(c.fix.find("install firmware 1.5.5.391 for 1502_00"), std::string::npos);
  EXPECT_NE(c.fix.find("modprobe -r amdxdna"), std::string::npos);
  EXPECT_CHECK(r, "firmware-files", S::kPass);
  EXPECT_TRUE(r.any_fail());
}

TEST(Doctor, StaleUncompressedShadowingNewerZstFails) {
  Tree t;
  test::stale_uncompressed_beside_zst(t);
  auto r = run_doctor(test::env_for(t));
  EXPECT_CHECK(r, "firmware-files", S::kFail);
  const auto& c = get(r, "firmware-files");
  EXPECT_NE(c.found.find("loader picks /lib/firmware/amdnpu/1502_00/npu.sbin ("),
            std::string::npos);
  EXPECT_NE(c.found.find("npu.sbin.zst is newer"), std::string::npos);
  EXPECT_NE(c.fix.find("sudo mv /lib/firmware/amdnpu/1502_00/npu.sbin "
                       "/lib/firmware/amdnpu/1502_00/stale/"),
            std::string::npos);
}

TEST(Doctor, OlderZstBesideUncompressedOnlyWarns) {
  Tree t;
  test::stale_uncompressed_beside_zst(t);
  t.set_mtime("/lib/firmware/amdnpu/1502_00/npu.sbin", test::kNow);  // the winner is newest
  auto r = run_doctor(test::env_for(t));
  EXPECT_CHECK(r, "firmware-files", S::kWarn);
  EXPECT_NE(get(r, "firmware-files").fix.find("keep one firmware file per folder"),
            std::string::npos);
}

TEST(Doctor, StrixProtocol7On619FailsDriverAndProtocol) {
  Tree t;
  test::strix_protocol7_619(t);
  auto r = run_doctor(test::env_for(t));
  EXPECT_CHECK(r, "npu-hardware", S::kPass);
  EXPECT_NE(get(r, "npu-hardware").found.find("npu4"), std::string::npos);
  EXPECT_CHECK(r, "kernel", S::kPass);
  EXPECT_CHECK(r, "driver", S::kFail);
  EXPECT_NE(get(r, "driver").found.find("Incompatible firmware protocol major 7"),
            std::string::npos);
  EXPECT_CHECK(r, "device-node", S::kSkip);
  EXPECT_CHECK(r, "firmware-files", S::kPass);
  EXPECT_CHECK(r, "firmware-protocol", S::kFail);
  const auto& p = get(r, "firmware-protocol");
  EXPECT_NE(p.found.find("speaks protocol 7"), std::string::npos);
  EXPECT_NE(p.found.find("accepts 6"), std::string::npos);
  EXPECT_NE(p.fix.find("protocol-6 firmware for 17f0_10"), std::string::npos);
  EXPECT_NE(p.fix.find("Linux 7.0"), std::string::npos);
}

TEST(Doctor, DesktopWithoutNpuWarnsOnceAndSkipsTheRest) {
  Tree t;
  test::desktop_without_npu(t);
  auto r = run_doctor(test::env_for(t));
  EXPECT_CHECK(r, "npu-hardware", S::kWarn);
  EXPECT_FALSE(r.any_fail());  // a part built without an NPU is not a broken stack: exit 0
  const auto& c = get(r, "npu-hardware");
  EXPECT_NE(c.found.find("Ryzen 5 8500G"), std::string::npos);
  EXPECT_NE(c.found.find("has no NPU"), std::string::npos);
  EXPECT_NE(c.fix.find("8600G/8700G"), std::string::npos);
  int fails = 0;
  for (const auto& x : r.checks) {
    if (x.id == "npu-hardware") continue;
    EXPECT_EQ(x.status, S::kSkip) << x.id;
    fails += x.status == S::kFail;
  }
  EXPECT_EQ(fails, 0);
}

TEST(Doctor, MobileChipWithoutVisibleNpuPointsAtBios) {
  Tree t;
  test::desktop_without_npu(t);
  t.write("/proc/cpuinfo", "model name\t: AMD Ryzen 7 7840U w/ Radeon 780M Graphics\n");
  auto r = run_doctor(test::env_for(t));
  EXPECT_CHECK(r, "npu-hardware", S::kFail);
  EXPECT_TRUE(r.any_fail());  // a mobile part hides its NPU: fixable, so exit 1
  EXPECT_NE(get(r, "npu-hardware").fix.find("BIOS"), std::string::npos);
  EXPECT_NE(render_doctor_text(r).find("no NPU visible"), std::string::npos);
}

TEST(Doctor, UnknownCpuWithoutNpuExplainsThereIsNone) {
  Tree t;
  t.write("/proc/cpuinfo", "model name\t: AMD EPYC\nflags\t: fpu hypervisor\n");
  t.write("/proc/version", "Linux version 6.18.44 (x) #1\n");
  auto r = run_doctor(test::env_for(t));
  EXPECT_CHECK(r, "npu-hardware", S::kWarn);
  EXPECT_FALSE(r.any_fail());
  EXPECT_NE(get(r, "npu-hardware").found.find("no AMD NPU on this machine"), std::string::npos);
  auto text = render_doctor_text(r);
  EXPECT_NE(text.find("0 pass, 1 warn, 0 fail, 13 skip — no NPU on this machine"),
            std::string::npos)
      << text;
}

TEST(Doctor, UserOutsideRenderGroupGetsUsermodFix) {
  Tree t;
  test::healthy_phoenix_617(t);
  t.write("/etc/group", "root:x:0:\nrender:x:110:\nalice:x:1000:\n");
  auto r = run_doctor(test::env_for(t, /*in_render_group=*/false));
  EXPECT_CHECK(r, "device-access", S::kFail);
  const auto& c = get(r, "device-access");
  EXPECT_NE(c.found.find("alice is not in group render (gid 110)"), std::string::npos);
  EXPECT_EQ(c.fix, "sudo usermod -aG render alice, then log out and back in");
}

TEST(Doctor, UserAddedToRenderButNotLoggedInAgainGetsNewgrpFix) {
  Tree t;
  test::healthy_phoenix_617(t);  // /etc/group lists alice in render
  auto r = run_doctor(test::env_for(t, /*in_render_group=*/false));
  EXPECT_CHECK(r, "device-access", S::kFail);
  EXPECT_NE(get(r, "device-access").fix.find("newgrp render"), std::string::npos);
}

TEST(Doctor, RootAlwaysHasAccess) {
  Tree t;
  test::healthy_phoenix_617(t);
  auto env = test::env_for(t, false);
  env.identity.uid = 0;
  auto r = run_doctor(env);
  EXPECT_CHECK(r, "device-access", S::kPass);
}

TEST(Doctor, VmWithoutIommuFailsIommuAndWarnsHypervisor) {
  Tree t;
  test::vm_without_iommu(t);
  auto r = run_doctor(test::env_for(t));
  EXPECT_CHECK(r, "iommu", S::kFail);
  EXPECT_NE(get(r, "iommu").why.find("SVA bind device failed"), std::string::npos);
  EXPECT_NE(get(r, "iommu").fix.find("run on bare metal"), std::string::npos);
  EXPECT_CHECK(r, "hypervisor", S::kWarn);
  EXPECT_NE(get(r, "hypervisor").found.find("cpuinfo flag 'hypervisor'"), std::string::npos);
  EXPECT_NE(get(r, "hypervisor").found.find("QEMU"), std::string::npos);
  EXPECT_CHECK(r, "driver", S::kFail);
  EXPECT_NE(get(r, "driver").found.find("SVA bind device failed"), std::string::npos);
}

TEST(Doctor, IommuDisabledOnCommandLine) {
  Tree t;
  test::healthy_phoenix_617(t);
  t.write("/proc/cmdline", "BOOT_IMAGE=/vmlinuz ro amd_iommu=off quiet\n");
  auto r = run_doctor(test::env_for(t));
  EXPECT_CHECK(r, "iommu", S::kFail);
  EXPECT_NE(get(r, "iommu").fix.find("remove amd_iommu=off"), std::string::npos);
}

TEST(Doctor, XrtWithoutXdnaPluginFails) {
  Tree t;
  test::xrt_without_plugin(t);
  auto r = run_doctor(test::env_for(t));
  EXPECT_CHECK(r, "xrt", S::kPass);
  EXPECT_CHECK(r, "xrt-plugin", S::kFail);
  const auto& c = get(r, "xrt-plugin");
  EXPECT_NE(c.found.find("only libvxdna.so.2.19.0"), std::string::npos);
  EXPECT_NE(c.why.find("0 devices found"), std::string::npos);
  EXPECT_NE(c.fix.find("/opt/xilinx/xrt/lib/libxrt_driver_xdna.so exists"), std::string::npos);
}

TEST(Doctor, Xrt213FailsAsTooOld) {
  Tree t;
  test::xrt_213(t);
  auto r = run_doctor(test::env_for(t));
  EXPECT_CHECK(r, "xrt", S::kFail);
  const auto& c = get(r, "xrt");
  EXPECT_NE(c.found.find("XRT 2.13.0 in /usr/lib/x86_64-linux-gnu"), std::string::npos);
  EXPECT_NE(c.why.find("bookworm"), std::string::npos);
  EXPECT_NE(c.fix.find("XRT 2.17 or newer"), std::string::npos);
  EXPECT_CHECK(r, "xrt-plugin", S::kFail);
}

TEST(Doctor, NoXrtWarnsAndSkipsPlugin) {
  Tree t;
  test::healthy_phoenix_617(t);
  t.remove("/opt/xilinx/xrt");
  auto r = run_doctor(test::env_for(t));
  EXPECT_CHECK(r, "xrt", S::kWarn);
  EXPECT_CHECK(r, "xrt-plugin", S::kSkip);
  EXPECT_FALSE(r.any_fail());
}

TEST(Doctor, OldKernelWithoutDriverFails) {
  Tree t;
  test::healthy_phoenix_617(t);
  t.write("/proc/version", "Linux version 6.8.0-50-generic (buildd@x) #1\n");
  t.remove("/sys/module/amdxdna");
  t.remove("/sys/bus/pci/devices/0000:c4:00.1/driver");
  auto r = run_doctor(test::env_for(t));
  EXPECT_CHECK(r, "kernel", S::kFail);
  EXPECT_NE(get(r, "kernel").fix.find("6.14+"), std::string::npos);
  EXPECT_CHECK(r, "driver", S::kFail);
  EXPECT_NE(get(r, "driver").fix.find("sudo modprobe amdxdna"), std::string::npos);
}

TEST(Doctor, MissingFirmwareFails) {
  Tree t;
  test::healthy_phoenix_617(t);
  t.remove("/lib/firmware/amdnpu");
  auto r = run_doctor(test::env_for(t));
  EXPECT_CHECK(r, "firmware-files", S::kFail);
  EXPECT_NE(get(r, "firmware-files").fix.find("xdna firmware install FILE --apply"),
            std::string::npos);
}

TEST(Doctor, MissingDeviceNodeFails) {
  Tree t;
  test::healthy_phoenix_617(t);
  t.remove("/dev/accel/accel0");
  auto r = run_doctor(test::env_for(t));
  EXPECT_CHECK(r, "device-node", S::kFail);
  EXPECT_NE(get(r, "device-node").fix.find("udevadm trigger"), std::string::npos);
  EXPECT_CHECK(r, "device-access", S::kSkip);
}

TEST(Doctor, MemlockAndObjcopyWarn) {
  Tree t;
  test::healthy_phoenix_617(t);
  auto env = test::env_for(t);
  env.memlock_bytes = 8u << 20;
  env.path_env = "/usr/sbin:/sbin";
  auto r = run_doctor(env);
  EXPECT_CHECK(r, "memlock", S::kWarn);
  EXPECT_EQ(get(r, "memlock").found, "8192 KiB (below 64 MiB)");
  EXPECT_NE(get(r, "memlock").fix.find("memlock unlimited"), std::string::npos);
  EXPECT_CHECK(r, "llvm-objcopy", S::kWarn);
  EXPECT_NE(get(r, "llvm-objcopy").why.find("Unable to recognise the format"), std::string::npos);
  EXPECT_FALSE(r.any_fail());
}

TEST(Doctor, JsonCarriesTheSameContent) {
  Tree t;
  test::xrt_213(t);
  auto r = run_doctor(test::env_for(t));
  auto j = nlohmann::json::parse(render_doctor_json(r));
  ASSERT_EQ(j["checks"].size(), r.checks.size());
  for (std::size_t i = 0; i < r.checks.size(); ++i) {
    EXPECT_EQ(j["checks"][i]["id"], r.checks[i].id);
    EXPECT_EQ(j["checks"][i]["status"], check_status_name(r.checks[i].status));
    EXPECT_EQ(j["checks"][i]["fix"], r.checks[i].fix);
  }
  EXPECT_FALSE(j["ok"].get<bool>());
  EXPECT_EQ(j["summary"]["fail"].get<int>(), 2);  // xrt and xrt-plugin
}

TEST(Doctor, CpuClassificationFollowsTheChipList) {
  using checks::classify_cpu;
  using checks::CpuNpu;
  EXPECT_EQ(classify_cpu("AMD Ryzen 9 7940HS w/ Radeon 780M Graphics"), CpuNpu::kXdna1);
  EXPECT_EQ(classify_cpu("AMD Ryzen 5 8645HS"), CpuNpu::kXdna1);
  EXPECT_EQ(classify_cpu("AMD Ryzen 7 8700G w/ Radeon 780M Graphics"), CpuNpu::kXdna1);
  EXPECT_EQ(classify_cpu("AMD Ryzen 3 8300G w/ Radeon 740M Graphics"), CpuNpu::kNone);
  EXPECT_EQ(classify_cpu("AMD Ryzen AI 9 HX 370 w/ Radeon 890M"), CpuNpu::kXdna2);
  EXPECT_EQ(classify_cpu("AMD Ryzen 9 7950X 16-Core Processor"), CpuNpu::kUnknown);
  EXPECT_EQ(classify_cpu("Intel(R) Core(TM) i7-1165G7"), CpuNpu::kUnknown);
}

// A mistyped --root must be refused, not read as a machine without an NPU.
TEST(HostEnvRoot, MissingOrNonDirectoryRootIsRefused) {
  EXPECT_THROW(HostEnv::from_process("/nonexistent-xdna-root"), InputError);
  EXPECT_THROW(HostEnv::from_process(""), InputError);
  EXPECT_THROW(HostEnv::from_process("/proc/self/status"), InputError);  // a file
  EXPECT_NO_THROW(HostEnv::from_process("/"));
}

}  // namespace
}  // namespace xdna::device
