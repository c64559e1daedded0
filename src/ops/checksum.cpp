// FNV-1a 64 (see checksum.hpp).
#include "xdna/ops/checksum.hpp"

#include <cstdio>

namespace xdna::ops {

std::uint64_t fnv1a64(std::span<const std::byte> bytes) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (std::byte b : bytes) {
    h ^= static_cast<std::uint64_t>(b);
    h *= 0x100000001b3ull;
  }
  return h;
}

std::string checksum_hex(std::uint64_t checksum) {
  char buf[19];
  std::snprintf(buf, sizeof buf, "0x%016llx", static_cast<unsigned long long>(checksum));
  return buf;
}

}  // namespace xdna::ops
