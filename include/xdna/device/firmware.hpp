// device/ — NPU firmware files: which file the kernel's loader picks for a device (search order,
// compressed vs uncompressed precedence, shadowing), whether a file is plausibly NPU firmware, and
// install / rollback as explicit plans that can be printed (dry run) or applied.
//
// Loader model (Linux firmware_class, amdxdna): the driver asks for amdnpu/<id>_<rev>/npu.sbin
// (7.0+: npu_7.sbin first, then npu.sbin). For each name the loader tries the uncompressed file in
// every search directory, then ".zst", then ".xz"; the first hit wins. So a stale uncompressed
// npu.sbin anywhere shadows a fresh npu.sbin.zst.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "xdna/device/host.hpp"

namespace xdna::device {

struct FirmwareCandidate {
  std::filesystem::path path;  // under env.root
  std::string display;      // path as the kernel sees it ("/lib/firmware/amdnpu/1502_00/npu.sbin")
  std::string name;         // "npu.sbin.zst"
  std::string compression;  // "", "zst", "xz"
  std::uintmax_t size = 0;
  std::int64_t mtime = 0;  // seconds since epoch
};

struct FirmwareResolution {
  std::string folder;                      // "1502_00"
  std::vector<std::string> names;          // base names tried, in order
  std::vector<FirmwareCandidate> present;  // every existing candidate, in loader order
  // present[0] is what the loader picks; the rest are shadowed by it.
  const FirmwareCandidate* winner() const { return present.empty() ? nullptr : &present.front(); }
};

// Loader search directories (kernel view) for a kernel release.
std::vector<std::string> firmware_search_dirs(const std::string& kernel_release);
// Base names the driver requests for this kernel ("npu_7.sbin" first from 7.0).
std::vector<std::string> firmware_base_names(const std::string& kernel_release);

FirmwareResolution resolve_firmware(const HostEnv& env, const std::string& folder,
                                    const std::string& kernel_release);

// Plausibility check of a firmware file (the npu.sbin format is not publicly documented):
// size within [kMinFirmwareBytes, kMaxFirmwareBytes], not a known non-firmware container or an
// executable (ELF, PE, gzip, zip), not text/HTML (a saved error page), not blank (all 0x00/0xFF).
// zstd and xz are recognised by magic and installed under the matching suffix.
constexpr std::uintmax_t kMinFirmwareBytes = 32 * 1024;
constexpr std::uintmax_t kMaxFirmwareBytes = 16 * 1024 * 1024;
struct FirmwareFileCheck {
  bool plausible = false;
  std::string compression;  // "", "zst", "xz"
  std::string reason;       // why it was refused, naming the file and the offset/size
};
FirmwareFileCheck check_firmware_file(const std::filesystem::path& file);

struct FsAction {
  enum class Kind {
    kMkdir,
    kWriteRecord,  // writes `content` to `to` (which file the install creates)
    kCopyToTemp,
    kKeepCopy,
    kAtomicRename,
    kMove,
    kRemoveEmptyDir
  };
  Kind kind;
  std::filesystem::path from, to;  // under env.root
  std::string why;
  std::string content = {};
};

struct FirmwarePlan {
  std::string folder;
  std::vector<FsAction> actions;
  std::vector<std::string> notes;
  // One line per action, paths as the kernel sees them (root stripped).
  std::string describe(const HostEnv& env) const;
};

// Chooses the device folder: `requested` ("1502_00") if given (must be a known NPU id), else the
// one NPU discovered under env.root. Throws InputError otherwise.
std::string select_firmware_folder(const HostEnv& env, const std::string& requested);

// Builds the install plan for `file`. Throws InputError for an implausible file.
FirmwarePlan plan_firmware_install(const HostEnv& env, const std::string& folder,
                                   const std::filesystem::path& file,
                                   const std::string& kernel_release);

// Builds the plan restoring the most recent backup of `folder`. Throws InputError when there is
// no backup.
FirmwarePlan plan_firmware_rollback(const HostEnv& env, const std::string& folder,
                                    const std::string& kernel_release);

// Runs a plan. `before_step(i)` runs before action i (tests throw from it to simulate a crash
// between steps); no cleanup happens on exceptions, exactly like a crash. Throws SystemError
// naming the action when the filesystem refuses.
void apply_firmware_plan(const FirmwarePlan& plan,
                         const std::function<void(std::size_t)>& before_step = {});

// Name of the record, inside the target folder's backup, of the file an install created.
constexpr const char* kInstallRecordName = ".xdna-installed";

struct FirmwareBackup {
  std::string stamp;                         // "20261121T061500Z"
  std::vector<std::filesystem::path> files;  // under env.root (the record excluded)
  std::string installed;                     // file name the install created ("" if unknown)
};
// Backups of `folder`, oldest first.
std::vector<FirmwareBackup> list_firmware_backups(const HostEnv& env, const std::string& folder,
                                                  const std::string& kernel_release);

}  // namespace xdna::device
