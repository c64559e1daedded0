// Self-check of the built-in AIE kernels on the host AIE API: runs every kernel of
// kernels/aie2/kernels.h on deterministic data and compares its output bit for bit with the
// scalar reference (src/kernel_check/reference/). Behind `xdna demo`; the CLI only prints the rows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace xdna::kernels {

struct KernelCheck {
  std::string kernel;      // entry point, plus the core mode where it matters
  std::string size;        // "4096" or "64x64x64"
  std::string summary;     // what the output says: survivors, the maximum, or a checksum
  std::uint32_t checksum;  // FNV-1a over the kernel's output bytes
  bool match;              // bit-identical to the reference
  double host_us;          // best of a few calls, measured on this host (not an NPU time)
};

// Runs all checks with data derived from `seed`.
std::vector<KernelCheck> run_kernel_selfcheck(std::uint32_t seed = 1);

}  // namespace xdna::kernels
