// device/ — the view of the host system every bring-up tool reads through: a root directory
// (tests point it at a fixture tree), the user's identity, PATH, the memlock limit and a clock.
// Nothing in device/ reads "/" or the process state directly; it goes through a HostEnv.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xdna::device {

struct Identity {
  std::uint32_t uid = 0;
  std::string user;                 // login name ("" when unknown)
  std::vector<std::uint32_t> gids;  // effective + supplementary groups of this process
};

struct HostEnv {
  std::filesystem::path root = "/";
  Identity identity;
  std::string path_env;                        // PATH, searched under `root`
  std::optional<std::uint64_t> memlock_bytes;  // soft RLIMIT_MEMLOCK; nullopt = unlimited
  std::function<std::int64_t()> now_unix;      // seconds since epoch (backup folder names)

  // Reads identity, PATH, memlock and the clock from this process.
  static HostEnv from_process(std::filesystem::path root = "/");

  // `abs` ("/sys/bus/pci") resolved under root.
  std::filesystem::path at(std::string_view abs) const;
};

// Whole file, or nullopt when it cannot be read.
std::optional<std::string> read_file(const std::filesystem::path& p);
// First line without the trailing newline and surrounding blanks.
std::optional<std::string> read_line(const std::filesystem::path& p);
std::string trim(std::string_view s);

// Dotted numeric version ("6.17.0-5-generic" → 6.17.0, "2.17.319" → 2.17.319).
struct Version {
  std::vector<int> parts;
  static std::optional<Version> parse(std::string_view text);
  std::string str() const;
  int at(std::size_t i) const { return i < parts.size() ? parts[i] : 0; }
  friend int compare(const Version& a, const Version& b);
  friend bool operator<(const Version& a, const Version& b) { return compare(a, b) < 0; }
  friend bool operator>=(const Version& a, const Version& b) { return compare(a, b) >= 0; }
  friend bool operator==(const Version& a, const Version& b) { return compare(a, b) == 0; }
};

}  // namespace xdna::device
