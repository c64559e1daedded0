// Checked memory access for kernels: in debug and sanitizer builds (XDNA_CHECKED_ACCESS) every
// vector load/store verifies alignment and, when the emulator registered the core's buffers,
// that the whole access lies inside one of them. Release builds compile the checks away.
//
// Use from the API: XDNA_AIE_CHECK_ACCESS(ptr, bytes, alignment, "load_v");
#pragma once

#include <cstddef>

#if defined(XDNA_CHECKED_ACCESS) && XDNA_CHECKED_ACCESS
#define XDNA_AIE_CHECK_ACCESS(ptr, bytes, alignment, what) \
  ::aie::host::check_access((ptr), (bytes), (alignment), (what))
#else
#define XDNA_AIE_CHECK_ACCESS(ptr, bytes, alignment, what) ((void)0)
#endif

namespace aie::host {
// Implemented by the access-check work; declared here so the API can call it.
void check_access(const void* ptr, std::size_t bytes, std::size_t alignment, const char* what);
}  // namespace aie::host
