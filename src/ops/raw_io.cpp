// Raw binary files (see raw_io.hpp).
#include "xdna/ops/raw_io.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "xdna/common/error.hpp"

namespace xdna::ops {

std::vector<std::byte> read_raw_file(const std::string& path, std::size_t elem_size,
                                     std::size_t expected, const std::string& what) {
  // Only regular files: a directory opens as a stream on Linux and reports 2^63 - 1 bytes, a
  // pipe blocks the open until a writer appears, a device never ends.
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
    throw InputError(what + " file '" + path +
                     "' is not a regular file (a directory, device or pipe); give a file");
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    throw InputError("cannot open " + what + " file '" + path + "': " + std::strerror(errno));
  }
  const std::streamoff size = in.tellg();
  if (size <= 0) throw InputError(what + " file '" + path + "' is empty");
  const auto bytes = static_cast<std::size_t>(size);
  if (bytes % elem_size != 0) {
    throw InputError(what + " file '" + path + "' has " + std::to_string(bytes) +
                     " bytes, not a whole number of " + std::to_string(elem_size) +
                     "-byte elements");
  }
  if (expected != 0 && bytes / elem_size != expected) {
    throw InputError(what + " file '" + path + "' holds " + std::to_string(bytes / elem_size) +
                     " elements (" + std::to_string(bytes) + " bytes) but " +
                     std::to_string(expected) + " are needed");
  }
  std::vector<std::byte> data(bytes);
  in.seekg(0);
  if (!in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(bytes))) {
    throw InputError("read error in " + what + " file '" + path + "'");
  }
  return data;
}

void write_raw_file(const std::string& path, std::span<const std::byte> bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw SystemError("cannot create output file '" + path + "': " + std::strerror(errno));
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  if (!out) throw SystemError("write error on output file '" + path + "'");
}

}  // namespace xdna::ops
