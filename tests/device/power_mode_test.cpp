// `xdna power-mode set` is a dry run unless told to apply: the plan reads the mode with GET_INFO
// and never issues SET_STATE; applying issues exactly one SET_STATE and reads the mode back.
#include <gtest/gtest.h>

#include <cerrno>
#include <string>
#include <vector>

#include "xdna/common/error.hpp"
#include "xdna/device/amdxdna.hpp"
#include "xdna/device/power_mode.hpp"
#include "xdna/device/sim_driver.hpp"

namespace xdna::device {
namespace {

using uapi::PowerMode;

// Passes every ioctl on to `inner` and records the request numbers, so a test can see whether
// SET_STATE was issued at all (not only whether the mode happened to change).
class RecordingTransport : public IoctlTransport {
 public:
  explicit RecordingTransport(IoctlTransport& inner) : inner_(inner) {}
  int call(unsigned long request, void* arg) override {
    requests_.push_back(request);
    return inner_.call(request, arg);
  }
  int count(unsigned long request) const {
    int n = 0;
    for (auto r : requests_) n += r == request;
    return n;
  }

 private:
  IoctlTransport& inner_;
  std::vector<unsigned long> requests_;
};

SimDriverConfig phoenix(bool root, std::uint8_t mode) {
  auto cfg = SimDriverConfig::phoenix(0, 6);
  cfg.caller_is_root = root;
  cfg.power_mode = mode;
  return cfg;
}

TEST(PowerModeChange, DryRunReadsTheModeAndIssuesNoSetState) {
  SimulatedDriver sim(phoenix(/*root=*/true, /*mode=*/0));
  RecordingTransport rec(sim);
  Amdxdna d(rec);
  auto c = change_power_mode(d, PowerMode::kTurbo, /*apply=*/false);
  EXPECT_EQ(rec.count(uapi::kIoctlSetState), 0);
  EXPECT_GE(rec.count(uapi::kIoctlGetInfo), 1);
  EXPECT_FALSE(c.applied);
  ASSERT_TRUE(c.before);
  EXPECT_EQ(*c.before, PowerMode::kDefault);
  EXPECT_EQ(c.requested, PowerMode::kTurbo);
  EXPECT_FALSE(c.after);
  EXPECT_FALSE(c.already_in_effect());
  EXPECT_EQ(sim.config().power_mode, 0);  // the driver's state is untouched
}

TEST(PowerModeChange, DryRunNeedsNoRoot) {
  SimulatedDriver sim(phoenix(/*root=*/false, /*mode=*/3));
  RecordingTransport rec(sim);
  Amdxdna d(rec);
  auto c = change_power_mode(d, PowerMode::kLow, /*apply=*/false);
  EXPECT_EQ(rec.count(uapi::kIoctlSetState), 0);
  ASSERT_TRUE(c.before);
  EXPECT_EQ(*c.before, PowerMode::kHigh);
  EXPECT_EQ(sim.config().power_mode, 3);
}

TEST(PowerModeChange, DryRunSeesWhenTheModeIsAlreadyInEffect) {
  SimulatedDriver sim(phoenix(/*root=*/false, /*mode=*/4));
  Amdxdna d(sim);
  EXPECT_TRUE(change_power_mode(d, PowerMode::kTurbo, false).already_in_effect());
  EXPECT_FALSE(change_power_mode(d, PowerMode::kMedium, false).already_in_effect());
}

TEST(PowerModeChange, ApplyIssuesOneSetStateAndReadsBack) {
  SimulatedDriver sim(phoenix(/*root=*/true, /*mode=*/0));
  RecordingTransport rec(sim);
  Amdxdna d(rec);
  auto c = change_power_mode(d, PowerMode::kMedium, /*apply=*/true);
  EXPECT_EQ(rec.count(uapi::kIoctlSetState), 1);
  EXPECT_TRUE(c.applied);
  ASSERT_TRUE(c.before);
  EXPECT_EQ(*c.before, PowerMode::kDefault);
  ASSERT_TRUE(c.after);
  EXPECT_EQ(*c.after, PowerMode::kMedium);
  EXPECT_EQ(sim.config().power_mode, 2);  // MEDIUM = 2 (FACTS §7 power modes)
}

TEST(PowerModeChange, ApplyAsUserFailsWithTheRootOnlyFix) {
  SimulatedDriver sim(phoenix(/*root=*/false, /*mode=*/0));
  RecordingTransport rec(sim);
  Amdxdna d(rec);
  try {
    change_power_mode(d, PowerMode::kTurbo, /*apply=*/true);
    FAIL() << "expected SystemError";
  } catch (const SystemError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("sudo xdna power-mode set turbo --apply"), std::string::npos) << m;
  }
  EXPECT_EQ(rec.count(uapi::kIoctlSetState), 1);  // tried, and the driver refused
  EXPECT_EQ(sim.config().power_mode, 0);
}

// A driver that answers DRM_IOCTL_VERSION and nothing else (EOPNOTSUPP).
class NoPowerModeDriver : public IoctlTransport {
 public:
  int call(unsigned long request, void* arg) override {
    if (request == uapi::kIoctlSetState) ++set_state_calls;
    if (request != uapi::kIoctlDrmVersion) return EOPNOTSUPP;
    auto* v = static_cast<uapi::DrmVersion*>(arg);
    v->version_major = 0;
    v->version_minor = 0;
    v->name_len = 0;
    return 0;
  }
  int set_state_calls = 0;
};

TEST(PowerModeChange, DryRunReportsAnUnreadableModeWithoutFailing) {
  NoPowerModeDriver drv;
  Amdxdna d(drv);
  auto c = change_power_mode(d, PowerMode::kLow, /*apply=*/false);
  EXPECT_FALSE(c.before);
  EXPECT_EQ(c.before_unsupported,
            "DRM_IOCTL_AMDXDNA_GET_INFO(9 GET_POWER_MODE) not supported by driver version 0.0");
  EXPECT_FALSE(c.already_in_effect());
  EXPECT_EQ(drv.set_state_calls, 0);
}

// A driver reporting a mode this tool does not know (above turbo): the dry run fails, since the
// mode is what it reports; applying still sets a known mode and says why "before" is missing.
TEST(PowerModeChange, UnknownCurrentModeFailsTheDryRunButNotTheChange) {
  SimulatedDriver sim(phoenix(/*root=*/true, /*mode=*/7));
  RecordingTransport rec(sim);
  Amdxdna d(rec);
  EXPECT_THROW(change_power_mode(d, PowerMode::kTurbo, /*apply=*/false), SystemError);
  EXPECT_EQ(rec.count(uapi::kIoctlSetState), 0);
  auto c = change_power_mode(d, PowerMode::kTurbo, /*apply=*/true);
  EXPECT_EQ(rec.count(uapi::kIoctlSetState), 1);
  EXPECT_TRUE(c.applied);
  EXPECT_FALSE(c.before);
  EXPECT_NE(c.before_unsupported.find("unknown power mode 7"), std::string::npos)
      << c.before_unsupported;
  ASSERT_TRUE(c.after);
  EXPECT_EQ(*c.after, PowerMode::kTurbo);
}

}  // namespace
}  // namespace xdna::device
