// The self-check behind `xdna demo`: every built-in kernel appears, and all match their
// references; a corrupted reference comparison would show up as a NO row.
#include <gtest/gtest.h>

#include <set>

#include "selfcheck/kernel_selfcheck.hpp"

namespace {

TEST(KernelSelfcheck, EveryKernelRunsAndMatches) {
  const auto rows = xdna::kernels::run_kernel_selfcheck(1);
  std::set<std::string> names;
  for (const auto& r : rows) {
    EXPECT_TRUE(r.match) << r.kernel << " " << r.size;
    EXPECT_GE(r.host_us, 0.0);
    names.insert(r.kernel.substr(0, r.kernel.find(' ')));
  }
  for (const char* k :
       {"collapse_bf16", "collapse_rt_bf16", "collapse_fused_bf16", "compact_bf16",
        "compact_indexed_bf16", "pse_collapse_bf16", "pse_collapse_indexed_bf16", "reverse_bf16",
        "reduce_max_bf16", "reduce_max_running", "relu_bf16", "threshold_u8", "matmul_i16_i32",
        "matmul_i16_i32_32x32x32", "matmul_bf16_f32", "matmul_bf16_bf16"})
    EXPECT_TRUE(names.count(k)) << k << " missing from the self-check";
}

TEST(KernelSelfcheck, SeedChangesTheDataNotTheVerdict) {
  const auto a = xdna::kernels::run_kernel_selfcheck(1);
  const auto b = xdna::kernels::run_kernel_selfcheck(2);
  ASSERT_EQ(a.size(), b.size());
  std::size_t differing = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_TRUE(b[i].match) << b[i].kernel;
    differing += a[i].checksum != b[i].checksum;
  }
  EXPECT_GT(differing, a.size() / 2);
}

}  // namespace
