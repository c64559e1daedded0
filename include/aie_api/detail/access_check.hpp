// Checked memory access for kernels: in debug and sanitizer builds (XDNA_CHECKED_ACCESS) every
// vector load/store verifies alignment and, when the emulator registered the core's buffers,
// that the whole access lies inside one of them. Release builds compile the checks away.
//
// Use from the API: XDNA_AIE_CHECK_ACCESS(ptr, bytes, alignment, "load_v");
//
// The alignment rule of AIE2 (AIE-ML / XDNA1): a 128-bit vector load or store needs a 16-byte
// aligned address, 256-bit and wider accesses need 32-byte alignment (512- and 1024-bit accesses
// are issued as 256-bit beats). `vector_access_alignment(bytes)` gives that number;
// load_unaligned_v/store_unaligned_v only need element alignment and are not checked for it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "core_state.hpp"

#if defined(XDNA_CHECKED_ACCESS) && XDNA_CHECKED_ACCESS
#define XDNA_AIE_CHECK_ACCESS(ptr, bytes, alignment, what) \
  ::aie::host::check_access((ptr), (bytes), (alignment), (what))
#else
#define XDNA_AIE_CHECK_ACCESS(ptr, bytes, alignment, what) ((void)0)
#endif

namespace aie::host {

// Alignment an aligned vector access of `bytes` bytes needs on AIE2 (UG1603 "Alignment";
// aie_api "Data Loading And Vector Alignment": AIE-ML 128b access -> 128b, 256b/512b -> 256b).
constexpr std::size_t vector_access_alignment(std::size_t bytes) {
  return bytes < 32 ? bytes : 32;
}

// A kernel touched memory it must not: misaligned, or outside every buffer of its tile.
class access_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {

inline std::string access_prefix(const char* what, std::size_t bytes) {
  const char* kernel = current_core().kernel_name;
  std::string s = "kernel '";
  s += kernel ? kernel : "<unnamed>";
  s += "': ";
  s += what ? what : "access";
  s += " of " + std::to_string(bytes) + " bytes";
  return s;
}

// The region holding `addr`, or else the one whose [base, end) is closest to it.
inline const memory_region* nearest_region(const core_state& core, std::uintptr_t addr) {
  const memory_region* best = nullptr;
  std::uintptr_t best_distance = UINTPTR_MAX;
  for (const memory_region& r : core.regions) {
    const auto base = reinterpret_cast<std::uintptr_t>(r.base);
    const std::uintptr_t end = base + r.bytes;
    std::uintptr_t distance = 0;
    if (addr < base)
      distance = base - addr;
    else if (addr >= end)
      distance = addr - end + 1;
    if (distance < best_distance) {
      best_distance = distance;
      best = &r;
    }
  }
  return best;
}

inline std::string hex(std::uintptr_t addr) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(addr));
  return buf;
}

inline std::string signed_offset(std::uintptr_t addr, std::uintptr_t base) {
  return addr >= base ? std::to_string(addr - base) : "-" + std::to_string(base - addr);
}

}  // namespace detail

// Throws access_error when `ptr` is not `alignment`-aligned or, if the current core has
// registered regions, when [ptr, ptr + bytes) is not inside one region. With regions the
// alignment is measured from the region's base (the emulator places each buffer at its aligned
// tile address; the host allocation itself may be less aligned); without regions it is the host
// address that must be aligned.
inline void check_access(const void* ptr, std::size_t bytes, std::size_t alignment,
                         const char* what) {
  const core_state& core = current_core();
  const auto addr = reinterpret_cast<std::uintptr_t>(ptr);
  if (core.regions.empty()) {
    if (alignment > 1 && addr % alignment != 0) {
      throw access_error(detail::access_prefix(what, bytes) + " at host address " +
                         detail::hex(addr) + " is misaligned by " +
                         std::to_string(addr % alignment) + " bytes: AIE2 needs " +
                         std::to_string(alignment) +
                         "-byte alignment here (use load_unaligned_v/store_unaligned_v for "
                         "unaligned data)");
    }
    return;
  }
  const memory_region* r = detail::nearest_region(core, addr);
  const auto base = reinterpret_cast<std::uintptr_t>(r->base);
  const std::string where = " at offset " + detail::signed_offset(addr, base) + " of buffer '" +
                            (r->name ? r->name : "") + "' (" + std::to_string(r->bytes) + " bytes)";
  if (addr < base || addr + bytes > base + r->bytes) {
    const std::string how =
        addr < base ? " starts " + std::to_string(base - addr) + " bytes before the buffer"
                    : " runs " + std::to_string(addr + bytes - (base + r->bytes)) +
                          " bytes past the buffer's end";
    throw access_error(detail::access_prefix(what, bytes) + where + " is out of range: it" + how +
                       " (an access must lie inside one of the tile's buffers)");
  }
  if (alignment > 1 && (addr - base) % alignment != 0) {
    throw access_error(detail::access_prefix(what, bytes) + where + " is misaligned by " +
                       std::to_string((addr - base) % alignment) + " bytes: AIE2 needs " +
                       std::to_string(alignment) +
                       "-byte alignment here (use load_unaligned_v/store_unaligned_v for "
                       "unaligned data)");
  }
}

}  // namespace aie::host
