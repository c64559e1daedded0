// HostEnv construction from the running process and small file helpers.
#include "xdna/device/host.hpp"

#include <grp.h>
#include <pwd.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "xdna/common/error.hpp"

namespace xdna::device {

HostEnv HostEnv::from_process(std::filesystem::path root) {
  // A mistyped --root would otherwise read as a machine without an NPU (every file missing).
  std::error_code ec;
  if (root.empty() || !std::filesystem::is_directory(root, ec))
    throw InputError("--root '" + root.string() + "' is not a directory" +
                     (ec ? " (" + ec.message() + ")" : std::string()) +
                     "; give the system's root (/) or a fixture tree");
  HostEnv env;
  env.root = std::move(root);
  env.identity.uid = static_cast<std::uint32_t>(getuid());
  if (const passwd* pw = getpwuid(getuid())) env.identity.user = pw->pw_name;
  env.identity.gids.push_back(static_cast<std::uint32_t>(getegid()));
  int n = getgroups(0, nullptr);
  if (n > 0) {
    std::vector<gid_t> groups(static_cast<std::size_t>(n));
    n = getgroups(n, groups.data());
    for (int i = 0; i < n; ++i) env.identity.gids.push_back(static_cast<std::uint32_t>(groups[i]));
  }
  if (const char* path = std::getenv("PATH")) env.path_env = path;
  rlimit lim{};
  if (getrlimit(RLIMIT_MEMLOCK, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY)
    env.memlock_bytes = static_cast<std::uint64_t>(lim.rlim_cur);
  env.now_unix = [] {
    return static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count());
  };
  return env;
}

std::filesystem::path HostEnv::at(std::string_view abs) const {
  while (!abs.empty() && abs.front() == '/') abs.remove_prefix(1);
  return root / std::filesystem::path(abs);
}

std::optional<std::string> read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return ss.str();
}

std::string trim(std::string_view s) {
  const char* blanks = " \t\r\n";
  auto b = s.find_first_not_of(blanks);
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(blanks);
  return std::string(s.substr(b, e - b + 1));
}

std::optional<std::string> read_line(const std::filesystem::path& p) {
  auto text = read_file(p);
  if (!text) return std::nullopt;
  auto nl = text->find('\n');
  return trim(std::string_view(*text).substr(0, nl));
}

std::optional<Version> Version::parse(std::string_view text) {
  Version v;
  std::size_t i = 0;
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) return std::nullopt;
  while (i < text.size()) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) break;
    long value = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      value = value * 10 + (text[i] - '0');
      if (value > 1'000'000'000) return std::nullopt;
      ++i;
    }
    v.parts.push_back(static_cast<int>(value));
    if (i < text.size() && text[i] == '.' && i + 1 < text.size() &&
        std::isdigit(static_cast<unsigned char>(text[i + 1])))
      ++i;
    else
      break;
  }
  if (v.parts.empty()) return std::nullopt;
  return v;
}

std::string Version::str() const {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += '.';
    out += std::to_string(parts[i]);
  }
  return out;
}

int compare(const Version& a, const Version& b) {
  std::size_t n = std::max(a.parts.size(), b.parts.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a.at(i) != b.at(i)) return a.at(i) < b.at(i) ? -1 : 1;
  }
  return 0;
}

}  // namespace xdna::device
