// Checks on option values that CLI11 does not make itself: unsigned options refuse a minus sign
// (CLI11 2.1 parses "-1" into a size_t as 2^64 - 1), sizes where 0 means "default" refuse an
// explicit 0, and output paths are tried before the work starts so a long run is not lost to a
// typo in the last step.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

namespace xdna::cli {

// For unsigned options: "-1" is refused instead of wrapping around.
inline CLI::Validator non_negative() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        const auto first = value.find_first_not_of(" \t");
        if (first != std::string::npos && value[first] == '-')
          return "value " + value + " must not be negative";
        return {};
      },
      "NONNEGATIVE");
}

// For sizes whose default is spelled 0 internally: an explicit 0 (or negative) is refused.
inline CLI::Validator at_least_one() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        std::size_t used = 0;
        long long v = 0;
        try {
          v = std::stoll(value, &used);
        } catch (const std::exception&) {
          return {};  // not an integer: the conversion reports it
        }
        if (used == value.size() && v < 1) return "value " + value + " must be at least 1";
        return {};
      },
      ">=1");
}

// An output file that can be created or overwritten: tried now (and removed again if it did not
// exist), so an unwritable path fails before the run instead of after it.
inline CLI::Validator writable_file() {
  return CLI::Validator(
      [](std::string& path) -> std::string {
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec))
          return "output '" + path + "' is a directory; give a file name";
        const bool existed = std::filesystem::exists(path, ec);
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) {
          return "cannot write output '" + path + "': " + std::strerror(errno) +
                 " (does the folder exist and may you write to it?)";
        }
        ::close(fd);
        if (!existed) std::filesystem::remove(path, ec);
        return {};
      },
      "OUTPUT");
}

// An output folder: created now (with its parents) so that failing to create it stops the
// command before the work.
inline CLI::Validator writable_dir() {
  return CLI::Validator(
      [](std::string& path) -> std::string {
        if (path.empty()) return "output folder is empty; give a path";
        std::error_code ec;
        std::filesystem::create_directories(path, ec);
        if (ec) return "cannot create output folder '" + path + "': " + ec.message();
        if (!std::filesystem::is_directory(path, ec))
          return "output folder '" + path + "' exists and is not a folder";
        if (::access(path.c_str(), W_OK) != 0)
          return "output folder '" + path + "' is not writable: " + std::strerror(errno);
        return {};
      },
      "DIR");
}

}  // namespace xdna::cli
