// Checked memory access for kernels: in debug and sanitizer builds (XDNA_CHECKED_ACCESS) every
// vector load/store verifies alignment and, when the emulator registered the core's buffers,
// that the whole access lies inside one of them. Release builds compile the checks away.
#pragma once
