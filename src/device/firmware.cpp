// Firmware resolution, plausibility checks and install/rollback plans.
#include "xdna/device/firmware.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <tuple>

#include "xdna/common/error.hpp"
#include "xdna/device/discovery.hpp"
#include "xdna/device/pci_ids.hpp"

namespace xdna::device {

namespace fs = std::filesystem;

namespace {

constexpr std::array<const char*, 3> kCompressions = {"", "zst", "xz"};
constexpr const char* kBackupPrefix = "xdna-backup-";
constexpr const char* kReplacedPrefix = "xdna-replaced-";
constexpr const char* kMainDir = "/lib/firmware";

std::string suffix_of(const std::string& compression) {
  return compression.empty() ? "" : "." + compression;
}

std::string device_dir(const std::string& search_dir, const std::string& folder) {
  return search_dir + "/amdnpu/" + folder;
}

std::string kernel_view(const HostEnv& env, const fs::path& p) {
  return "/" + p.lexically_relative(env.root).generic_string();
}

std::string utc_stamp(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::int64_t now(const HostEnv& env) {
  if (env.now_unix) return env.now_unix();
  return static_cast<std::int64_t>(std::time(nullptr));
}

// A present candidate with its position in the loader's order.
struct Ordered {
  FirmwareCandidate c;
  std::tuple<int, int, int> key;  // (base name, compression, search dir)
  std::string kernel_dir;         // kernel view of the containing directory
};

std::vector<Ordered> ordered_candidates(const HostEnv& env, const std::string& folder,
                                        const std::string& release) {
  std::vector<Ordered> out;
  auto names = firmware_base_names(release);
  auto dirs = firmware_search_dirs(release);
  for (int n = 0; n < static_cast<int>(names.size()); ++n)
    for (int c = 0; c < static_cast<int>(kCompressions.size()); ++c)
      for (int d = 0; d < static_cast<int>(dirs.size()); ++d) {
        std::string kdir = device_dir(dirs[d], folder);
        std::string name = names[n] + suffix_of(kCompressions[c]);
        fs::path p = env.at(kdir) / name;
        std::error_code ec;
        if (!fs::is_regular_file(p, ec)) continue;
        FirmwareCandidate fc;
        fc.path = p;
        fc.display = kdir + "/" + name;
        fc.name = name;
        fc.compression = kCompressions[c];
        fc.size = fs::file_size(p, ec);
        auto t = fs::last_write_time(p, ec);
        if (!ec)
          fc.mtime = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::file_clock::to_sys(t).time_since_epoch())
                         .count();
        out.push_back({fc, {n, c, d}, kdir});
      }
  return out;
}

// `base`, or `base-2`, `base-3`, ... so that two runs within one second never share a folder.
std::string unique_folder_name(const HostEnv& env, const std::string& folder,
                               const std::string& release, const std::string& base) {
  for (int n = 1;; ++n) {
    std::string name = n == 1 ? base : base + "-" + std::to_string(n);
    bool taken = false;
    for (const auto& dir : firmware_search_dirs(release)) {
      std::error_code ec;
      taken |= fs::exists(env.at(device_dir(dir, folder)) / name, ec);
    }
    if (!taken) return name;
  }
}

int index_of(const std::vector<std::string>& v, const std::string& s) {
  auto it = std::find(v.begin(), v.end(), s);
  return it == v.end() ? -1 : static_cast<int>(it - v.begin());
}

[[noreturn]] void fs_fail(const std::string& what, const fs::path& a, const fs::path& b, int err) {
  throw SystemError(
      fmt::format("firmware: {} {}{}{} failed: {} (errno {}); nothing was deleted: "
                  "originals are in place or in the backup folder, and `xdna "
                  "firmware rollback --apply` restores them",
                  what, a.string(), b.empty() ? "" : " -> ", b.string(), std::strerror(err), err));
}

void fsync_path(const fs::path& p, int flags) {
  int fd = ::open(p.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

void copy_durably(const fs::path& from, const fs::path& to) {
  int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) fs_fail("open", from, {}, errno);
  int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) {
    int err = errno;
    ::close(in);
    fs_fail("create", to, {}, err);
  }
  std::vector<char> buf(1 << 16);
  for (;;) {
    ssize_t n = ::read(in, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(in);
      ::close(out);
      fs_fail("read", from, {}, err);
    }
    if (n == 0) break;
    for (ssize_t off = 0; off < n;) {
      ssize_t w = ::write(out, buf.data() + off, static_cast<std::size_t>(n - off));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        int err = errno;
        ::close(in);
        ::close(out);
        fs_fail("write", to, {}, err);
      }
      off += w;
    }
  }
  ::close(in);
  if (::fsync(out) != 0 || ::close(out) != 0) fs_fail("flush", to, {}, errno);
}

}  // namespace

std::vector<std::string> firmware_search_dirs(const std::string& release) {
  std::vector<std::string> dirs;
  if (!release.empty()) dirs.push_back("/lib/firmware/updates/" + release);
  dirs.push_back("/lib/firmware/updates");
  if (!release.empty()) dirs.push_back("/lib/firmware/" + release);
  dirs.push_back(kMainDir);
  return dirs;
}

std::vector<std::string> firmware_base_names(const std::string& release) {
  auto v = Version::parse(release);
  if (v && v->at(0) >= 7) return {"npu_7.sbin", "npu.sbin"};
  return {"npu.sbin"};
}

FirmwareResolution resolve_firmware(const HostEnv& env, const std::string& folder,
                                    const std::string& release) {
  FirmwareResolution r;
  r.folder = folder;
  r.names = firmware_base_names(release);
  for (auto& o : ordered_candidates(env, folder, release)) r.present.push_back(o.c);
  return r;
}

FirmwareFileCheck check_firmware_file(const fs::path& file) {
  FirmwareFileCheck r;
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    r.reason = fmt::format("{}: not a regular file", file.string());
    return r;
  }
  auto size = fs::file_size(file, ec);
  if (ec) {
    r.reason = fmt::format("{}: cannot read size: {}", file.string(), ec.message());
    return r;
  }
  if (size < kMinFirmwareBytes || size > kMaxFirmwareBytes) {
    r.reason =
        fmt::format("{}: size {} bytes is outside the plausible NPU firmware window [{}, {}] bytes",
                    file.string(), size, kMinFirmwareBytes, kMaxFirmwareBytes);
    return r;
  }
  std::ifstream in(file, std::ios::binary);
  std::vector<unsigned char> head(4096);
  in.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  if (head.size() < 16) {
    r.reason = fmt::format("{}: cannot read the first 16 bytes", file.string());
    return r;
  }
  auto starts = [&](std::initializer_list<unsigned char> magic) {
    return std::equal(magic.begin(), magic.end(), head.begin());
  };
  if (starts({0x28, 0xb5, 0x2f, 0xfd})) {
    r.plausible = true;
    r.compression = "zst";
    return r;
  }
  if (starts({0xfd, '7', 'z', 'X', 'Z', 0x00})) {
    r.plausible = true;
    r.compression = "xz";
    return r;
  }
  struct Refuse {
    std::initializer_list<unsigned char> magic;
    const char* what;
  };
  const Refuse refusals[] = {
      {{0x7f, 'E', 'L', 'F'}, "an ELF executable/object"},
      {{'M', 'Z'}, "a PE/DOS executable"},
      {{0x1f, 0x8b}, "a gzip archive (the loader only decompresses .zst/.xz)"},
      {{'P', 'K', 0x03, 0x04}, "a zip archive"}};
  for (const auto& ref : refusals)
    if (starts(ref.magic)) {
      r.reason = fmt::format("{}: header at offset 0 identifies {}, not NPU firmware",
                             file.string(), ref.what);
      return r;
    }
  bool all_text = std::all_of(head.begin(), head.end(), [](unsigned char ch) {
    return ch == '\n' || ch == '\r' || ch == '\t' || (ch >= 0x20 && ch < 0x7f);
  });
  if (all_text) {
    r.reason = fmt::format(
        "{}: the first {} bytes are printable text (a saved web page or an error message?), not "
        "binary NPU firmware",
        file.string(), head.size());
    return r;
  }
  bool blank =
      std::all_of(head.begin(), head.end(), [&](unsigned char ch) { return ch == head[0]; });
  if (blank && (head[0] == 0x00 || head[0] == 0xff)) {
    r.reason = fmt::format("{}: the first {} bytes are all 0x{:02x} (blank or truncated image)",
                           file.string(), head.size(), head[0]);
    return r;
  }
  r.plausible = true;
  return r;
}

std::string FirmwarePlan::describe(const HostEnv& env) const {
  std::string out;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    const auto& a = actions[i];
    std::string line;
    switch (a.kind) {
      case FsAction::Kind::kMkdir:
        line = fmt::format("create directory {}", kernel_view(env, a.to));
        break;
      case FsAction::Kind::kWriteRecord:
        line = fmt::format("write {}", kernel_view(env, a.to));
        break;
      case FsAction::Kind::kCopyToTemp:
        line = fmt::format("copy {} to temporary {}", a.from.string(), kernel_view(env, a.to));
        break;
      case FsAction::Kind::kKeepCopy:
        line = fmt::format("keep the current {} as {} (hard link, or copy)",
                           kernel_view(env, a.from), kernel_view(env, a.to));
        break;
      case FsAction::Kind::kAtomicRename:
        line = fmt::format("atomically rename {} to {}", kernel_view(env, a.from),
                           kernel_view(env, a.to));
        break;
      case FsAction::Kind::kMove:
        line = fmt::format("move {} to {}", kernel_view(env, a.from), kernel_view(env, a.to));
        break;
      case FsAction::Kind::kRemoveEmptyDir:
        line = fmt::format("remove the now empty {}", kernel_view(env, a.from));
        break;
    }
    out += fmt::format("  {}. {}{}\n", i + 1, line, a.why.empty() ? "" : "  (" + a.why + ")");
  }
  return out;
}

std::string select_firmware_folder(const HostEnv& env, const std::string& requested) {
  auto known_list = [] {
    std::string s;
    for (const auto& m : npu_models()) {
      if (!m.mainline_driver) continue;
      if (!s.empty()) s += ", ";
      s += firmware_folder_name(m.device_id, m.revision);
    }
    return s;
  };
  if (!requested.empty()) {
    auto key = parse_device_key(requested);
    if (!key)
      throw InputError(
          fmt::format("--device '{}': expected <device id>_<revision> in hex, e.g. "
                      "1502_00",
                      requested));
    auto model = find_npu_model(key->device_id, key->revision);
    if (!model || !model->mainline_driver)
      throw InputError(
          fmt::format("--device {}: not an NPU the amdxdna driver loads firmware for; known: {}",
                      firmware_folder_name(key->device_id, key->revision), known_list()));
    return firmware_folder_name(key->device_id, key->revision);
  }
  auto npus = discover_npus(env);
  if (npus.empty())
    throw InputError(
        fmt::format("no NPU found under {}; pass --device <id>_<rev> (one of: {}) to "
                    "prepare firmware for a device",
                    env.root.string(), known_list()));
  std::vector<std::string> folders;
  for (const auto& f : npus) {
    if (!f.model || !f.model->mainline_driver)
      throw InputError(
          fmt::format("NPU {} has device id {} which the amdxdna driver does not load "
                      "firmware for; refusing (known: {})",
                      f.bdf, f.firmware_folder(), known_list()));
    if (std::find(folders.begin(), folders.end(), f.firmware_folder()) == folders.end())
      folders.push_back(f.firmware_folder());
  }
  if (folders.size() > 1)
    throw InputError("more than one NPU type found; pass --device <id>_<rev>");
  return folders.front();
}

FirmwarePlan plan_firmware_install(const HostEnv& env, const std::string& folder,
                                   const fs::path& file, const std::string& release) {
  auto check = check_firmware_file(file);
  if (!check.plausible) throw InputError("refusing to install: " + check.reason);

  FirmwarePlan plan;
  plan.folder = folder;
  const std::string install_name = "npu.sbin" + suffix_of(check.compression);
  const std::string target_kdir = device_dir(kMainDir, folder);
  const fs::path target_dir = env.at(target_kdir);
  const fs::path target = target_dir / install_name;
  std::error_code ec;
  if (fs::exists(target, ec) && fs::equivalent(target, file, ec))
    throw InputError(fmt::format("{} is already the installed file", file.string()));

  auto names = firmware_base_names(release);
  auto dirs = firmware_search_dirs(release);
  const std::tuple<int, int, int> ours{index_of(names, "npu.sbin"),
                                       index_of({"", "zst", "xz"}, check.compression),
                                       index_of(dirs, kMainDir)};
  const std::string stamp =
      unique_folder_name(env, folder, release, kBackupPrefix + utc_stamp(now(env)));

  std::vector<Ordered> replaced, shadowing, siblings;
  for (auto& o : ordered_candidates(env, folder, release)) {
    bool same_dir = o.kernel_dir == target_kdir;
    if (same_dir && o.c.name == install_name)
      replaced.push_back(o);
    else if (o.key < ours)
      shadowing.push_back(o);
    else if (same_dir && o.c.name.rfind("npu.sbin", 0) == 0)
      siblings.push_back(o);
  }

  // Backup folders, one beside each file we touch.
  std::vector<std::string> backup_kdirs;
  auto need_backup = [&](const Ordered& o) {
    if (std::find(backup_kdirs.begin(), backup_kdirs.end(), o.kernel_dir) == backup_kdirs.end())
      backup_kdirs.push_back(o.kernel_dir);
  };
  for (auto* group : {&replaced, &shadowing, &siblings})
    for (auto& o : *group) need_backup(o);
  using K = FsAction::Kind;
  if (!fs::is_directory(target_dir, ec))
    plan.actions.push_back({K::kMkdir, {}, target_dir, "firmware folder for " + folder});
  // The target folder's backup records which file the install creates, so that rollback removes
  // exactly that file and nothing an interrupted install left in place.
  if (!backup_kdirs.empty() &&
      std::find(backup_kdirs.begin(), backup_kdirs.end(), target_kdir) == backup_kdirs.end())
    backup_kdirs.insert(backup_kdirs.begin(), target_kdir);
  for (const auto& kdir : backup_kdirs)
    plan.actions.push_back({K::kMkdir, {}, env.at(kdir) / stamp, "backup folder"});
  if (!backup_kdirs.empty())
    plan.actions.push_back({K::kWriteRecord,
                            {},
                            target_dir / stamp / kInstallRecordName,
                            "which file this install creates",
                            install_name + "\n"});

  const fs::path temp = target_dir / ("." + install_name + ".xdna-tmp");
  plan.actions.push_back({K::kCopyToTemp, file, temp, "complete copy before the switch"});
  for (auto& o : replaced)
    plan.actions.push_back({K::kKeepCopy, o.c.path, env.at(o.kernel_dir) / stamp / o.c.name,
                            "backup of the file being replaced"});
  plan.actions.push_back({K::kAtomicRename, temp, target, "the switch"});
  // Shadowing files leave last-picked first, so the loader's choice changes once: old → new.
  for (auto it = shadowing.rbegin(); it != shadowing.rend(); ++it)
    plan.actions.push_back({K::kMove, it->c.path, env.at(it->kernel_dir) / stamp / it->c.name,
                            "it would be loaded instead of the new file"});
  for (auto& o : siblings)
    plan.actions.push_back({K::kMove, o.c.path, env.at(o.kernel_dir) / stamp / o.c.name,
                            "one firmware file per folder, so a later package update cannot be "
                            "shadowed by ours"});
  plan.notes.push_back(fmt::format(
      "install {} as {}/{}{}", file.string(), target_kdir, install_name,
      check.compression.empty() ? "" : " (" + check.compression + "-compressed, by its header)"));
  plan.notes.push_back(
      "reload the driver afterwards: sudo modprobe -r amdxdna && sudo modprobe amdxdna");
  return plan;
}

std::vector<FirmwareBackup> list_firmware_backups(const HostEnv& env, const std::string& folder,
                                                  const std::string& release) {
  std::map<std::string, FirmwareBackup> by_stamp;
  for (const auto& dir : firmware_search_dirs(release)) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(env.at(device_dir(dir, folder)), ec)) {
      std::string n = e.path().filename().string();
      if (!e.is_directory() || n.rfind(kBackupPrefix, 0) != 0) continue;
      // A folder left empty by an interrupted install holds nothing to restore.
      std::vector<fs::path> files;
      std::string installed;
      std::error_code fec;
      for (const auto& f : fs::directory_iterator(e.path(), fec)) {
        if (f.path().filename() == kInstallRecordName)
          installed = trim(read_file(f.path()).value_or(""));
        else
          files.push_back(f.path());
      }
      if (files.empty()) continue;
      auto& b = by_stamp[n.substr(std::strlen(kBackupPrefix))];
      b.stamp = n.substr(std::strlen(kBackupPrefix));
      if (!installed.empty()) b.installed = installed;
      b.files.insert(b.files.end(), files.begin(), files.end());
      std::sort(b.files.begin(), b.files.end());
    }
  }
  std::vector<FirmwareBackup> out;
  for (auto& [stamp, b] : by_stamp) out.push_back(std::move(b));
  return out;
}

FirmwarePlan plan_firmware_rollback(const HostEnv& env, const std::string& folder,
                                    const std::string& release) {
  auto backups = list_firmware_backups(env, folder, release);
  if (backups.empty())
    throw InputError(
        fmt::format("no firmware backup for {} (folders named {}* beside the "
                    "firmware files); nothing to roll back",
                    folder, kBackupPrefix));
  const FirmwareBackup& last = backups.back();
  FirmwarePlan plan;
  plan.folder = folder;
  using K = FsAction::Kind;
  const std::string replaced_name =
      unique_folder_name(env, folder, release, kReplacedPrefix + utc_stamp(now(env)));
  const std::string target_kdir = device_dir(kMainDir, folder);
  auto current = ordered_candidates(env, folder, release);

  std::vector<fs::path> backup_dirs;
  for (const auto& f : last.files)
    if (std::find(backup_dirs.begin(), backup_dirs.end(), f.parent_path()) == backup_dirs.end())
      backup_dirs.push_back(f.parent_path());

  std::vector<FsAction> moves_out;
  std::vector<fs::path> replaced_dirs;
  auto move_out = [&](const Ordered& o) {
    fs::path rdir = env.at(o.kernel_dir) / replaced_name;
    if (std::find(replaced_dirs.begin(), replaced_dirs.end(), rdir) == replaced_dirs.end()) {
      replaced_dirs.push_back(rdir);
      plan.actions.push_back({K::kMkdir, {}, rdir, "keeps the firmware being rolled back"});
    }
    moves_out.push_back({K::kMove, o.c.path, rdir / o.c.name, "installed after the backup"});
  };
  // Move out what the install created and whatever occupies a name being restored; leave every
  // other file alone (an interrupted install may not have moved it).
  for (const auto& o : current) {
    bool created = o.kernel_dir == target_kdir && o.c.name == last.installed;
    bool collides = std::any_of(last.files.begin(), last.files.end(), [&](const fs::path& f) {
      return f.filename() == o.c.name && f.parent_path().parent_path() == o.c.path.parent_path();
    });
    if (created || collides) move_out(o);
  }
  for (auto& a : moves_out) plan.actions.push_back(a);
  for (const auto& f : last.files)
    plan.actions.push_back({K::kMove, f, f.parent_path().parent_path() / f.filename(),
                            "restore backup " + last.stamp});
  for (const auto& d : backup_dirs) {
    if (fs::exists(d / kInstallRecordName)) {
      fs::path rdir = env.at(target_kdir) / replaced_name;
      if (std::find(replaced_dirs.begin(), replaced_dirs.end(), rdir) == replaced_dirs.end()) {
        replaced_dirs.push_back(rdir);
        plan.actions.push_back({K::kMkdir, {}, rdir, "keeps the firmware being rolled back"});
      }
      plan.actions.push_back({K::kMove, d / kInstallRecordName, rdir / kInstallRecordName,
                              "keep the install record with the rolled-back file"});
    }
    plan.actions.push_back({K::kRemoveEmptyDir, d, {}, ""});
  }
  plan.notes.push_back("restore backup " + last.stamp);
  plan.notes.push_back(
      "reload the driver afterwards: sudo modprobe -r amdxdna && sudo modprobe amdxdna");
  return plan;
}

void apply_firmware_plan(const FirmwarePlan& plan, const std::function<void(std::size_t)>& hook) {
  using K = FsAction::Kind;
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    if (hook) hook(i);
    const auto& a = plan.actions[i];
    std::error_code ec;
    switch (a.kind) {
      case K::kMkdir:
        fs::create_directories(a.to, ec);
        if (ec) fs_fail("create directory", a.to, {}, ec.value());
        break;
      case K::kWriteRecord: {
        std::ofstream out(a.to, std::ios::binary | std::ios::trunc);
        out << a.content;
        out.close();
        if (!out) fs_fail("write", a.to, {}, errno ? errno : EIO);
        break;
      }
      case K::kCopyToTemp:
        copy_durably(a.from, a.to);
        break;
      case K::kKeepCopy:
        if (::link(a.from.c_str(), a.to.c_str()) != 0) copy_durably(a.from, a.to);
        break;
      case K::kAtomicRename:  // rename(2) replaces the target in one step
        if (::rename(a.from.c_str(), a.to.c_str()) != 0) fs_fail("rename", a.from, a.to, errno);
        fsync_path(a.to.parent_path(), O_RDONLY);
        break;
      case K::kMove:  // never overwrites: a collision means the plan is stale
        if (fs::exists(a.to, ec)) fs_fail("refusing to overwrite", a.to, {}, EEXIST);
        if (::rename(a.from.c_str(), a.to.c_str()) != 0) fs_fail("rename", a.from, a.to, errno);
        fsync_path(a.to.parent_path(), O_RDONLY);
        break;
      case K::kRemoveEmptyDir:
        if (::rmdir(a.from.c_str()) != 0) fs_fail("remove directory", a.from, {}, errno);
        break;
    }
  }
}

}  // namespace xdna::device
