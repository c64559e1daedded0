// FNV-1a 64 (see checksum.hpp).
#include "xdna/ops/checksum.hpp"
#include "xdna/common/fnv1a.hpp"

#include <cstdio>

namespace xdna::ops {

std::uint64_t fnv1a64(std::span<const std::byte> bytes) {
  return xdna::fnv1a64(bytes);
}

std::string checksum_hex(std::uint64_t checksum) {
  char buf[19];
  std::snprintf(buf, sizeof buf, "0x%016llx", static_cast<unsigned long long>(checksum));
  return buf;
}

}  // namespace xdna::ops
