// Op counts of this project's kernels as the host AIE API reports them: run the kernel once with
// counters installed on the calling thread's emulated core.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <aie_api/aie.hpp>

#include "xdna/timing/design_timeline.hpp"

namespace xdna::timing::testing {

template <typename Fn>
KernelProfile measure(std::string name, bool pipelined, Fn&& call) {
  aie::host::op_counters counters;
  aie::host::core_state core;
  core.counters = &counters;
  {
    aie::host::scoped_core scope(core);
    call();
  }
  return KernelProfile{std::move(name), counters, pipelined};
}

// matmul_i16_i32_32x32x32 (kernels/aie2/matmul.cc) on one 32x32x32 tile of small integers.
KernelProfile measured_matmul_i16_32();
// zero_i32_32x32 (kernels/aie2/zero.cc).
KernelProfile measured_zero_i32_32();
// collapse_fused_bf16 on n values (kernels/aie2/collapse.cc).
KernelProfile measured_collapse_fused(int n);

}  // namespace xdna::timing::testing
