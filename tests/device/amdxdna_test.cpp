// The amdxdna uAPI numbers, the typed wrapper's errno mapping, and `info` on each simulated
// driver version (0.0 / 0.1 / 0.6).
#include <gtest/gtest.h>

#include <cerrno>
#include <nlohmann/json.hpp>

#include "fixture.hpp"
#include "xdna/common/error.hpp"
#include "xdna/device/amdxdna.hpp"
#include "xdna/device/info.hpp"
#include "xdna/device/sim_driver.hpp"

namespace xdna::device {
namespace {

using uapi::InfoParam;
using uapi::PowerMode;

// Request numbers worked out by hand from the _IOC layout: dir 3 (read|write) << 30, size << 16,
// 'd' (0x64) << 8, 0x40 + nr.
TEST(Uapi, RequestNumbersMatchHandEncoding) {
  EXPECT_EQ(uapi::kIoctlDrmVersion, 0xC0406400ul);
  EXPECT_EQ(uapi::kIoctlGetInfo, 0xC0106447ul);
  EXPECT_EQ(uapi::kIoctlSetState, 0xC0106448ul);
  EXPECT_EQ(uapi::kIoctlGetArray, 0xC018644Aul);
}

// A transport that fails every call with one errno.
class FailingTransport : public IoctlTransport {
 public:
  explicit FailingTransport(int err) : err_(err) {}
  int call(unsigned long request, void* arg) override {
    if (request == uapi::kIoctlDrmVersion) {
      auto* v = static_cast<uapi::DrmVersion*>(arg);
      v->version_major = 0;
      v->version_minor = 3;
      v->name_len = 0;
      return 0;
    }
    return err_;
  }

 private:
  int err_;
};

TEST(Amdxdna, UnsupportedErrnosBecomeUnsupportedWithDriverVersion) {
  for (int err : {EINVAL, EOPNOTSUPP, ENOTTY}) {
    FailingTransport t(err);
    Amdxdna d(t);
    auto q = d.aie_metadata();
    EXPECT_FALSE(q.ok());
    EXPECT_EQ(q.unsupported,
              "DRM_IOCTL_AMDXDNA_GET_INFO(1 AIE_METADATA) not supported by driver version 0.3");
  }
}

TEST(Amdxdna, UnsupportedIsWarnedOncePerQuery) {
  FailingTransport t(EOPNOTSUPP);
  Amdxdna d(t);
  d.telemetry();
  d.telemetry();
  d.resource_info();
  d.telemetry();
  ASSERT_EQ(d.warnings().size(), 2u);
  EXPECT_NE(d.warnings()[0].find("10 TELEMETRY"), std::string::npos);
  EXPECT_NE(d.warnings()[1].find("12 RESOURCE_INFO"), std::string::npos);
}

TEST(Amdxdna, PermissionDeniedNamesRenderGroup) {
  FailingTransport t(EACCES);
  Amdxdna d(t);
  try {
    d.firmware_version();
    FAIL() << "expected SystemError";
  } catch (const SystemError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("DRM_IOCTL_AMDXDNA_GET_INFO(8 FIRMWARE_VERSION)"), std::string::npos) << m;
    EXPECT_NE(m.find("'render' group"), std::string::npos) << m;
  }
}

TEST(Amdxdna, OtherErrnoIsRethrownWithIoctlName) {
  FailingTransport t(EIO);
  Amdxdna d(t);
  try {
    d.clocks();
    FAIL() << "expected SystemError";
  } catch (const SystemError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("DRM_IOCTL_AMDXDNA_GET_INFO(3 CLOCK_METADATA) failed"), std::string::npos);
    EXPECT_NE(m.find("errno 5"), std::string::npos) << m;
  }
  FailingTransport busy(EBUSY);
  Amdxdna d2(busy);
  EXPECT_THROW(d2.hw_context_array(), SystemError);
}

TEST(Amdxdna, PowerModeSetIsRootOnly) {
  auto cfg = SimDriverConfig::phoenix(0, 0);
  SimulatedDriver user(cfg);
  Amdxdna d(user);
  try {
    d.set_power_mode(PowerMode::kTurbo);
    FAIL() << "expected SystemError";
  } catch (const SystemError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("SET_STATE(power mode turbo)"), std::string::npos) << m;
    EXPECT_NE(m.find("root only"), std::string::npos) << m;
    EXPECT_NE(m.find("sudo xdna power-mode set turbo --apply"), std::string::npos) << m;
  }
  cfg.caller_is_root = true;
  SimulatedDriver root(cfg);
  Amdxdna r(root);
  EXPECT_EQ(*r.power_mode().value, PowerMode::kDefault);
  r.set_power_mode(PowerMode::kLow);
  EXPECT_EQ(*r.power_mode().value, PowerMode::kLow);
  EXPECT_EQ(root.config().power_mode, 1);
}

TEST(Amdxdna, PowerModeNamesParse) {
  EXPECT_EQ(parse_power_mode("TURBO"), PowerMode::kTurbo);
  EXPECT_EQ(parse_power_mode("2"), PowerMode::kMedium);
  EXPECT_FALSE(parse_power_mode("fast"));
  EXPECT_FALSE(parse_power_mode("5"));
}

TEST(Amdxdna, SimulatorDecodesTheSizeInTheRequest) {
  SimulatedDriver sim(SimDriverConfig::phoenix(0, 6));
  uapi::GetInfo args{static_cast<std::uint32_t>(InfoParam::kAieVersion), 8, 0};
  // Same nr, wrong argument size: the driver would not recognise the command.
  unsigned long wrong = uapi::ioc(3, 'd', 0x47, 8);
  EXPECT_EQ(sim.call(wrong, &args), EINVAL);
}

// Expected answers per driver version, independent of the wrapper: which queries each version has.
struct VersionCase {
  int major, minor;
  bool get_array, resource, telemetry, preempt;
};

class InfoPerVersion : public ::testing::TestWithParam<VersionCase> {};

TEST_P(InfoPerVersion, SupportedQueriesMatchTheDriverVersion) {
  const auto v = GetParam();
  SimulatedDriver sim(SimDriverConfig::phoenix(v.major, v.minor));
  Amdxdna drv(sim);
  NpuFunction f;
  f.bdf = "0000:c4:00.1";
  f.device_id = 0x1502;
  f.model = find_npu_model(0x1502, 0);
  f.driver = "amdxdna";
  auto d = query_device(f, "/dev/accel/accel0", drv);
  const std::string ver = std::to_string(v.major) + "." + std::to_string(v.minor);
  EXPECT_EQ(d.driver->str(), ver);
  EXPECT_EQ(d.driver->name, "amdxdna_accel_driver");
  // Present on every mainline version (params 0-5, 8, 9).
  ASSERT_TRUE(d.firmware.ok());
  EXPECT_EQ(d.firmware.value->build, 391u);
  ASSERT_TRUE(d.metadata.ok());
  EXPECT_EQ(d.metadata.value->cols, 5);
  EXPECT_EQ(d.metadata.value->rows, 6);
  EXPECT_EQ(d.metadata.value->mem.lock_count, 64);
  ASSERT_TRUE(d.status.ok());
  EXPECT_EQ(d.status.value->cols_filled, 0x1fu);  // all 5 columns
  EXPECT_EQ(d.status.value->bytes.size(), 5u * 0x4000u);
  ASSERT_TRUE(d.aie_version.ok());
  EXPECT_EQ(d.aie_version.value->major, 2u);
  ASSERT_TRUE(d.clocks.ok());
  EXPECT_EQ(d.clocks.value->h_clock.freq_mhz, 1600u);
  ASSERT_TRUE(d.power_mode.ok());
  ASSERT_TRUE(d.sensors.ok());
  ASSERT_EQ(d.sensors.value->size(), 1u);
  ASSERT_TRUE(d.contexts.ok());
  EXPECT_EQ(d.contexts.value->size(), 1u);
  EXPECT_EQ(d.contexts.value->front().pid, 4242);
  // Version-dependent.
  EXPECT_EQ(d.context_array.ok(), v.get_array);
  EXPECT_EQ(d.resources.ok(), v.resource);
  EXPECT_EQ(d.telemetry.ok(), v.telemetry);
  EXPECT_EQ(d.force_preempt.ok(), v.preempt);
  EXPECT_EQ(d.frame_boundary_preempt.ok(), v.preempt);
  if (v.get_array) {
    ASSERT_EQ(d.context_array.value->size(), 1u);
    EXPECT_EQ(d.context_array.value->front().state, 1u);
  } else {
    EXPECT_EQ(d.context_array.unsupported,
              "DRM_IOCTL_AMDXDNA_GET_ARRAY(HW_CONTEXT_ALL) not supported by driver version " + ver);
  }
  std::size_t missing = !v.get_array + !v.resource + !v.telemetry + 2 * !v.preempt;
  EXPECT_EQ(d.warnings.size(), missing);

  InfoReport report;
  report.kernel = "6.17.0";
  report.module.loaded = true;
  report.devices.push_back(d);
  std::string text = render_info_text(report);
  EXPECT_NE(text.find("driver ver:  " + ver + " (amdxdna_accel_driver)"), std::string::npos);
  EXPECT_NE(text.find("firmware:    1.5.5.391"), std::string::npos) << text;
  EXPECT_NE(text.find("array:       5 columns x 6 rows"), std::string::npos);
  EXPECT_NE(text.find("core  rows 2..5 (4), DMA channels 4, locks 16"), std::string::npos) << text;
  EXPECT_NE(text.find("sensor:      Total Power = 2.5 W"), std::string::npos) << text;
  EXPECT_EQ(text.find("telemetry:   unsupported") != std::string::npos, !v.telemetry);
  EXPECT_EQ(text.find("ctx array:   1 (GET_ARRAY)") != std::string::npos, v.get_array);
  auto j = nlohmann::json::parse(render_info_json(report));
  EXPECT_EQ(j["devices"][0]["driver_version"], ver);
  EXPECT_EQ(j["devices"][0]["array"]["columns"], 5);
  EXPECT_EQ(j["devices"][0]["telemetry"].contains("unsupported"), !v.telemetry);
  EXPECT_EQ(j["devices"][0]["warnings"].size(), missing);
}

INSTANTIATE_TEST_SUITE_P(DriverVersions, InfoPerVersion,
                         ::testing::Values(VersionCase{0, 0, false, false, false, false},
                                           VersionCase{0, 1, true, false, false, false},
                                           VersionCase{0, 6, true, true, true, true}),
                         [](const auto& param_info) {
                           return "v" + std::to_string(param_info.param.major) + "_" +
                                  std::to_string(param_info.param.minor);
                         });

TEST(Info, FixtureWithUnboundNpuReportsWhyThereAreNoQueries) {
  test::Tree t;
  test::strix_protocol7_619(t);
  auto r = collect_info(test::env_for(t));
  ASSERT_EQ(r.devices.size(), 1u);
  EXPECT_EQ(r.devices[0].pci.bdf, "0000:c5:00.1");
  EXPECT_EQ(r.devices[0].open_error, "no driver bound; run `xdna doctor`");
  EXPECT_EQ(r.kernel, "6.19.0-2-generic");
  std::string text = render_info_text(r);
  EXPECT_NE(text.find("name:        npu4: Strix Point (XDNA2)"), std::string::npos) << text;
}

TEST(Info, FixtureNodeThatIsNotADeviceFailsCleanly) {
  test::Tree t;
  test::healthy_phoenix_617(t);  // /dev/accel/accel0 is a regular file: ioctl fails ENOTTY
  auto r = collect_info(test::env_for(t));
  ASSERT_EQ(r.devices.size(), 1u);
  const auto& d = r.devices[0];
  EXPECT_EQ(d.pci.vbnv, "RyzenAI-npu1");
  EXPECT_EQ(d.pci.fw_version, "1.5.5.391");
  EXPECT_EQ(d.pci.device_type, "0");
  EXPECT_EQ(d.pci.driver, "amdxdna");
  EXPECT_EQ(d.pci.accel, std::vector<std::string>{"accel0"});
  EXPECT_EQ(d.node, "/dev/accel/accel0");
  EXPECT_NE(d.open_error.find("DRM_IOCTL_VERSION"), std::string::npos) << d.open_error;
}

TEST(Info, MissingNodeNamesTheNodeAndTheFix) {
  try {
    FdTransport::open("/nonexistent-xdna-test/dev/accel/accel7");
    FAIL() << "expected SystemError";
  } catch (const SystemError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("cannot open /nonexistent-xdna-test/dev/accel/accel7"), std::string::npos);
    EXPECT_NE(m.find("run `xdna doctor`"), std::string::npos) << m;
  }
}

TEST(Info, NoNpuSaysSo) {
  test::Tree t;
  test::desktop_without_npu(t);
  auto r = collect_info(test::env_for(t));
  EXPECT_TRUE(r.devices.empty());
  EXPECT_NE(render_info_text(r).find("no AMD NPU found"), std::string::npos);
}

}  // namespace
}  // namespace xdna::device
