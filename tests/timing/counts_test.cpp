// The analytic op counts (analytic_counts.hpp) against what the host AIE API reports for this
// project's kernels, where both exist.
#include <gtest/gtest.h>

#include "measured_profiles.hpp"
#include "xdna/timing/analytic_counts.hpp"

namespace xdna::timing {
namespace {

using aie::host::mac_kind;

TEST(Counts, GemmMicroKernelMatchesTheAnalyticLoop) {
  const KernelProfile measured = testing::measured_matmul_i16_32();
  const KernelProfile analytic = analytic::gemm_i16_i32(32, 32, 32);
  // The MAC count is the problem's: 32^3 int16 MACs, nothing else.
  EXPECT_EQ(measured.ops.macs_of(mac_kind::i16_i16), 32u * 32 * 32);
  EXPECT_EQ(measured.ops.macs_of(mac_kind::i16_i16), analytic.ops.macs_of(mac_kind::i16_i16));
  for (std::size_t u = 0; u < kUnitCount; ++u) {
    SCOPED_TRACE(std::string(to_string(static_cast<unit>(u))));
    EXPECT_EQ(measured.ops.ops[u], analytic.ops.ops[u]);
    EXPECT_EQ(measured.ops.bits[u], analytic.ops.bits[u]);
  }
}

TEST(Counts, ZeroKernelStoresTheTileOnce) {
  const KernelProfile measured = testing::measured_zero_i32_32();
  EXPECT_EQ(measured.ops.bits_of(unit::store), 32u * 32 * 32);  // 32x32 int32 = 32 Kibit
  EXPECT_EQ(measured.ops.bits_of(unit::store), analytic::zero_i32(32, 32).ops.bits_of(unit::store));
}

}  // namespace
}  // namespace xdna::timing
