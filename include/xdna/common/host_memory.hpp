// Host-memory checks before large allocations. Sizes that come from the command line or a file
// header are refused with an InputError naming the request, instead of failing inside the
// allocator (std::bad_alloc with no context, or an abort under AddressSanitizer) or wrapping
// around when the element counts are multiplied.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <limits>
#include <string>

#include "xdna/common/error.hpp"

namespace xdna {

// Physical memory of this host in bytes (0 when the system does not say).
inline std::uint64_t host_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0) return 0;
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page);
}

// The product of `factors` (element counts and an element size), or InputError naming `what`
// when it does not fit in 64 bits.
inline std::uint64_t checked_bytes(std::initializer_list<std::uint64_t> factors,
                                   const std::string& what) {
  std::uint64_t product = 1;
  for (std::uint64_t f : factors) {
    if (f != 0 && product > std::numeric_limits<std::uint64_t>::max() / f)
      throw InputError(what + ": the size overflows 64 bits; use smaller dimensions");
    product *= f;
  }
  return product;
}

// Refuses a working set larger than half of this host's physical memory: beyond that the run
// would swap or be killed rather than finish.
inline void require_host_memory(std::uint64_t bytes, const std::string& what) {
  const std::uint64_t total = host_memory_bytes();
  if (total == 0 || bytes <= total / 2) return;
  auto gib = [](std::uint64_t b) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GiB", static_cast<double>(b) / (1024.0 * 1024 * 1024));
    return std::string(text);
  };
  throw InputError(what + " needs " + gib(bytes) +
                   " of host memory, more than half of this host's " + gib(total) +
                   "; use smaller sizes");
}

}  // namespace xdna
