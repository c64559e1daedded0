// Firmware: loader precedence, plausibility checks, install / rollback plans, dry run, refusals
// and a crash between any two steps leaving the original files intact.
#include <gtest/gtest.h>

#include <map>

#include "fixture.hpp"
#include "xdna/common/error.hpp"
#include "xdna/device/firmware.hpp"

namespace xdna::device {
namespace {

namespace fs = std::filesystem;
using test::Tree;

constexpr const char* kDir = "/lib/firmware/amdnpu/1502_00";
const std::string kRelease = "6.17.0-5-generic";

// Every regular file under the tree → its contents (the whole observable state).
std::map<std::string, std::string> snapshot(const Tree& t) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(t.root())) {
    if (!e.is_regular_file() || e.is_symlink()) continue;
    std::string rel = "/" + e.path().lexically_relative(t.root()).generic_string();
    out[rel] = t.read(rel);
  }
  return out;
}

std::vector<std::string> names(const FirmwareResolution& r) {
  std::vector<std::string> v;
  for (const auto& c : r.present) v.push_back(c.display);
  return v;
}

TEST(FirmwareResolve, UncompressedAnywhereBeatsCompressed) {
  Tree t;
  t.write("/lib/firmware/updates/amdnpu/1502_00/npu.sbin.zst", test::fake_zst_firmware(40000, 1));
  t.write("/lib/firmware/amdnpu/1502_00/npu.sbin.zst", test::fake_zst_firmware(40000, 2));
  t.write("/lib/firmware/amdnpu/1502_00/npu.sbin", test::fake_firmware(40000, 3));
  t.write("/lib/firmware/" + kRelease + "/amdnpu/1502_00/npu.sbin", test::fake_firmware(40000, 4));
  auto r = resolve_firmware(test::env_for(t), "1502_00", kRelease);
  std::vector<std::string> expected = {
      "/lib/firmware/" + kRelease + "/amdnpu/1502_00/npu.sbin",
      "/lib/firmware/amdnpu/1502_00/npu.sbin",
      "/lib/firmware/updates/amdnpu/1502_00/npu.sbin.zst",
      "/lib/firmware/amdnpu/1502_00/npu.sbin.zst",
  };
  EXPECT_EQ(names(r), expected);
  EXPECT_EQ(r.winner()->compression, "");
}

TEST(FirmwareResolve, Kernel7TriesProtocol7NameFirst) {
  Tree t;
  t.write("/lib/firmware/amdnpu/17f0_10/npu.sbin", test::fake_firmware(40000, 1));
  t.write("/lib/firmware/amdnpu/17f0_10/npu_7.sbin.zst", test::fake_zst_firmware(40000, 2));
  auto r7 = resolve_firmware(test::env_for(t), "17f0_10", "7.0.1");
  EXPECT_EQ(r7.winner()->name, "npu_7.sbin.zst");
  auto r6 = resolve_firmware(test::env_for(t), "17f0_10", "6.19.0");
  ASSERT_EQ(r6.present.size(), 1u);
  EXPECT_EQ(r6.winner()->name, "npu.sbin");
}

TEST(FirmwareCheck, RefusesImplausibleFiles) {
  Tree t;
  t.write("/small.sbin", test::fake_firmware(1000, 1));
  t.write("/elf.sbin",
          "\x7f"
          "ELF" +
              test::fake_firmware(40000, 1));
  t.write("/page.sbin", std::string(40000, 'a').replace(0, 15, "<!DOCTYPE html>"));
  t.write("/zeros.sbin", std::string(40000, '\0'));
  t.write("/gz.sbin", "\x1f\x8b" + test::fake_firmware(40000, 1));
  t.write("/big.sbin", "");
  fs::resize_file(t.at("/big.sbin"), kMaxFirmwareBytes + 1);
  struct Case {
    const char* file;
    const char* reason;
  };
  for (auto c :
       {Case{"/small.sbin", "size 1000 bytes is outside"},
        Case{"/elf.sbin", "offset 0 identifies an ELF"}, Case{"/page.sbin", "printable text"},
        Case{"/zeros.sbin", "all 0x00"}, Case{"/gz.sbin", "gzip"},
        Case{"/big.sbin", "outside the plausible"}, Case{"/missing.sbin", "not a regular file"}}) {
    auto r = check_firmware_file(t.at(c.file));
    EXPECT_FALSE(r.plausible) << c.file;
    EXPECT_NE(r.reason.find(c.reason), std::string::npos) << c.file << ": " << r.reason;
  }
  t.write("/ok.sbin", test::fake_firmware(40000, 9));
  t.write("/ok.sbin.zst", test::fake_zst_firmware(40000, 9));
  EXPECT_TRUE(check_firmware_file(t.at("/ok.sbin")).plausible);
  auto z = check_firmware_file(t.at("/ok.sbin.zst"));
  EXPECT_TRUE(z.plausible);
  EXPECT_EQ(z.compression, "zst");
}

TEST(FirmwareSelect, RefusesUnknownDeviceIdsAndMissingNpu) {
  Tree t;
  test::desktop_without_npu(t);
  auto env = test::env_for(t);
  EXPECT_THROW(select_firmware_folder(env, ""), InputError);
  EXPECT_THROW(select_firmware_folder(env, "1234_00"), InputError);
  EXPECT_THROW(select_firmware_folder(env, "17f0_00"), InputError);  // unreleased npu2
  EXPECT_THROW(select_firmware_folder(env, "nonsense"), InputError);
  EXPECT_EQ(select_firmware_folder(env, "17f0_10"), "17f0_10");
  Tree h;
  test::healthy_phoenix_617(h);
  EXPECT_EQ(select_firmware_folder(test::env_for(h), ""), "1502_00");
}

TEST(FirmwareInstall, DryRunPrintsThePlanAndChangesNothing) {
  Tree t;
  test::stale_uncompressed_beside_zst(t);
  t.write("/home/alice/npu.sbin.zst", test::fake_zst_firmware(50000, 7));
  auto env = test::env_for(t);
  auto before = snapshot(t);
  auto plan = plan_firmware_install(env, "1502_00", t.at("/home/alice/npu.sbin.zst"), kRelease);
  std::string text = plan.describe(env);
  const std::string b = std::string(kDir) + "/xdna-backup-20260921T141320Z";
  EXPECT_NE(text.find("1. create directory " + b + "  (backup folder)"), std::string::npos) << text;
  EXPECT_NE(text.find("to temporary " + std::string(kDir) + "/.npu.sbin.zst.xdna-tmp"),
            std::string::npos);
  EXPECT_NE(text.find("keep the current " + std::string(kDir) + "/npu.sbin.zst as " + b +
                      "/npu.sbin.zst"),
            std::string::npos);
  EXPECT_NE(text.find("atomically rename " + std::string(kDir) + "/.npu.sbin.zst.xdna-tmp to " +
                      kDir + "/npu.sbin.zst"),
            std::string::npos);
  EXPECT_NE(text.find("move " + std::string(kDir) + "/npu.sbin to " + b +
                      "/npu.sbin  (it would be loaded instead of the new file)"),
            std::string::npos)
      << text;
  EXPECT_EQ(snapshot(t), before);
}

TEST(FirmwareInstall, ApplyReplacesAndBacksUpEveryShadowingFile) {
  Tree t;
  test::stale_uncompressed_beside_zst(t);
  const std::string fresh = test::fake_zst_firmware(50000, 7);
  t.write("/home/alice/new.zst", fresh);
  auto env = test::env_for(t);
  const std::string old_zst = t.read(std::string(kDir) + "/npu.sbin.zst");
  const std::string old_sbin = t.read(std::string(kDir) + "/npu.sbin");
  apply_firmware_plan(plan_firmware_install(env, "1502_00", t.at("/home/alice/new.zst"), kRelease));
  auto r = resolve_firmware(env, "1502_00", kRelease);
  ASSERT_EQ(r.present.size(), 1u);
  EXPECT_EQ(r.winner()->name, "npu.sbin.zst");
  EXPECT_EQ(t.read(std::string(kDir) + "/npu.sbin.zst"), fresh);
  const std::string b = std::string(kDir) + "/xdna-backup-20260921T141320Z";
  EXPECT_EQ(t.read(b + "/npu.sbin.zst"), old_zst);
  EXPECT_EQ(t.read(b + "/npu.sbin"), old_sbin);
  EXPECT_FALSE(t.exists(std::string(kDir) + "/.npu.sbin.zst.xdna-tmp"));
  auto backups = list_firmware_backups(env, "1502_00", kRelease);
  ASSERT_EQ(backups.size(), 1u);
  EXPECT_EQ(backups[0].stamp, "20260921T141320Z");
  EXPECT_EQ(backups[0].files.size(), 2u);
}

TEST(FirmwareInstall, UncompressedInstallMovesTheCompressedSiblingToo) {
  Tree t;
  test::healthy_phoenix_617(t);
  t.write("/home/alice/npu.sbin", test::fake_firmware(60000, 8));
  auto env = test::env_for(t);
  apply_firmware_plan(
      plan_firmware_install(env, "1502_00", t.at("/home/alice/npu.sbin"), kRelease));
  auto r = resolve_firmware(env, "1502_00", kRelease);
  ASSERT_EQ(r.present.size(), 1u);
  EXPECT_EQ(r.winner()->name, "npu.sbin");
  EXPECT_TRUE(t.exists(std::string(kDir) + "/xdna-backup-20260921T141320Z/npu.sbin.zst"));
}

TEST(FirmwareInstall, RefusesImplausibleFileAndReinstallingItself) {
  Tree t;
  test::healthy_phoenix_617(t);
  t.write("/home/alice/readme.txt", std::string(40000, 'x'));
  auto env = test::env_for(t);
  auto before = snapshot(t);
  EXPECT_THROW(plan_firmware_install(env, "1502_00", t.at("/home/alice/readme.txt"), kRelease),
               InputError);
  EXPECT_THROW(
      plan_firmware_install(env, "1502_00", t.at(std::string(kDir) + "/npu.sbin.zst"), kRelease),
      InputError);
  EXPECT_EQ(snapshot(t), before);
}

TEST(FirmwareRollback, RestoresTheOriginalFilesExactly) {
  Tree t;
  test::stale_uncompressed_beside_zst(t);
  t.write("/home/alice/new.zst", test::fake_zst_firmware(50000, 7));
  auto env = test::env_for(t);
  auto before = snapshot(t);
  apply_firmware_plan(plan_firmware_install(env, "1502_00", t.at("/home/alice/new.zst"), kRelease));
  ASSERT_NE(snapshot(t), before);

  env.now_unix = [] { return test::kNow + 60; };
  auto plan = plan_firmware_rollback(env, "1502_00", kRelease);
  std::string text = plan.describe(env);
  EXPECT_NE(text.find("restore backup 20260921T141320Z"), std::string::npos) << text;
  apply_firmware_plan(plan);
  // Every original file is back, byte for byte; the rolled-back file is kept, not deleted.
  auto after = snapshot(t);
  for (const auto& [path, content] : before) EXPECT_EQ(after[path], content) << path;
  const std::string replaced = std::string(kDir) + "/xdna-replaced-20260921T141420Z/npu.sbin.zst";
  EXPECT_EQ(t.read(replaced), t.read("/home/alice/new.zst"));
  EXPECT_FALSE(t.exists(std::string(kDir) + "/xdna-backup-20260921T141320Z"));
  EXPECT_THROW(plan_firmware_rollback(env, "1502_00", kRelease), InputError);  // none left
}

TEST(FirmwareRollback, TwoInstallsInOneSecondRollBackOneAtATime) {
  Tree t;
  test::healthy_phoenix_617(t);
  t.write("/home/alice/a.sbin", test::fake_firmware(40000, 21));
  t.write("/home/alice/b.sbin", test::fake_firmware(40000, 22));
  auto env = test::env_for(t);  // frozen clock: both installs share one timestamp
  const std::string original = t.read(std::string(kDir) + "/npu.sbin.zst");
  apply_firmware_plan(plan_firmware_install(env, "1502_00", t.at("/home/alice/a.sbin"), kRelease));
  apply_firmware_plan(plan_firmware_install(env, "1502_00", t.at("/home/alice/b.sbin"), kRelease));
  auto backups = list_firmware_backups(env, "1502_00", kRelease);
  ASSERT_EQ(backups.size(), 2u);
  EXPECT_EQ(backups[0].stamp, "20260921T141320Z");
  EXPECT_EQ(backups[1].stamp, "20260921T141320Z-2");
  EXPECT_EQ(t.read(std::string(kDir) + "/npu.sbin"), t.read("/home/alice/b.sbin"));
  apply_firmware_plan(plan_firmware_rollback(env, "1502_00", kRelease));
  EXPECT_EQ(t.read(std::string(kDir) + "/npu.sbin"), t.read("/home/alice/a.sbin"));
  apply_firmware_plan(plan_firmware_rollback(env, "1502_00", kRelease));
  auto r = resolve_firmware(env, "1502_00", kRelease);
  ASSERT_EQ(r.present.size(), 1u);
  EXPECT_EQ(r.winner()->name, "npu.sbin.zst");
  EXPECT_EQ(t.read(r.winner()->display), original);
}

TEST(FirmwareRollback, WithoutBackupRefuses) {
  Tree t;
  test::healthy_phoenix_617(t);
  EXPECT_THROW(plan_firmware_rollback(test::env_for(t), "1502_00", kRelease), InputError);
}

struct Crash {};

// Stop the install before step k (as a crash would: no cleanup), then check that every original
// file still exists (in place or in the backup), that the loader sees either the complete old
// firmware or the complete new one, and that rollback then restores the original state.
TEST(FirmwareInstall, CrashBetweenAnyTwoStepsLeavesOriginalsIntact) {
  std::size_t steps = 0;
  {
    Tree t;
    test::stale_uncompressed_beside_zst(t);
    t.write("/home/alice/new.zst", test::fake_zst_firmware(50000, 7));
    steps =
        plan_firmware_install(test::env_for(t), "1502_00", t.at("/home/alice/new.zst"), kRelease)
            .actions.size();
  }
  ASSERT_EQ(steps, 6u);  // mkdir backup, record, copy temp, keep copy, switch, move shadow
  for (std::size_t k = 0; k <= steps; ++k) {
    SCOPED_TRACE("crash before step " + std::to_string(k));
    Tree t;
    test::stale_uncompressed_beside_zst(t);
    const std::string fresh = test::fake_zst_firmware(50000, 7);
    t.write("/home/alice/new.zst", fresh);
    auto env = test::env_for(t);
    auto before = snapshot(t);
    const std::string old_winner = t.read(std::string(kDir) + "/npu.sbin");
    auto plan = plan_firmware_install(env, "1502_00", t.at("/home/alice/new.zst"), kRelease);
    try {
      apply_firmware_plan(plan, [k](std::size_t i) {
        if (i == k) throw Crash{};
      });
    } catch (const Crash&) {
    }
    auto now = snapshot(t);
    // Originals: each original firmware file's bytes exist at its path or in a backup folder.
    for (const auto& [path, content] : before) {
      if (path.rfind(kDir, 0) != 0) continue;
      bool kept = now.count(path) && now[path] == content;
      std::string name = path.substr(path.rfind('/') + 1);
      kept |= now.count(std::string(kDir) + "/xdna-backup-20260921T141320Z/" + name) &&
              now[std::string(kDir) + "/xdna-backup-20260921T141320Z/" + name] == content;
      EXPECT_TRUE(kept) << path;
    }
    // The loader sees the complete old or the complete new firmware, nothing in between.
    auto res = resolve_firmware(env, "1502_00", kRelease);
    const FirmwareCandidate* w = res.winner();
    ASSERT_NE(w, nullptr);
    std::string loaded = t.read(w->display);
    EXPECT_TRUE(loaded == old_winner || loaded == fresh);
    if (k == steps) {
      EXPECT_EQ(loaded, fresh);
    }
    if (k < 5) {
      EXPECT_EQ(loaded, old_winner);
    }
    // Rollback (when anything was backed up) brings back exactly the original firmware files.
    if (!list_firmware_backups(env, "1502_00", kRelease).empty()) {
      env.now_unix = [] { return test::kNow + 60; };
      apply_firmware_plan(plan_firmware_rollback(env, "1502_00", kRelease));
    }
    auto restored = snapshot(t);
    for (const auto& [path, content] : before) EXPECT_EQ(restored[path], content) << path;
    EXPECT_EQ(t.read(resolve_firmware(env, "1502_00", kRelease).winner()->display), old_winner);
  }
}

}  // namespace
}  // namespace xdna::device
