// compact, compact_indexed, pse_collapse and pse_collapse_indexed against the scalar
// references: packed survivors, zero fill, indices and counts, bit for bit.
#include <gtest/gtest.h>

#include <aie_api/aie.hpp>

#include <algorithm>

#include "aie2/kernels.h"
#include "kernel_test_support.hpp"
#include "reference/collapse_ref.hpp"

namespace xdna::kernel_test {
namespace {

using kref::to_bf16;

class Compaction : public ::testing::TestWithParam<int> {
 protected:
  std::size_t n() const { return static_cast<std::size_t>(GetParam()); }

  std::vector<bf16_bits> data(std::uint32_t seed) const {
    auto x = random_bf16(n(), -2.0f, 2.0f, seed);
    // Exact ties for tau = 0.5 and 0.25, both zeros, and a value just below 0.5 that a bf16
    // rounding of tau would not separate from it.
    x[1] = to_bf16(0.5f);
    x[2] = 0x8000;
    x[4] = 0x0000;
    x[6] = to_bf16(0.25f);
    x[9] = 0x3EFF;  // 0.498046875, the bf16 just below 0.5
    return x;
  }

  void expect_compacted(const kref::Compacted& want, const aligned_vector<bfloat16>& out,
                        const aligned_vector<std::uint32_t>* indices, std::int32_t count,
                        const std::string& what) {
    EXPECT_EQ(first_mismatch<bf16_bits>(from_kernel(out), want.out), -1) << what;
    if (indices != nullptr) {
      EXPECT_EQ(count, want.count) << what;
      const std::vector<std::uint32_t> got(indices->begin(), indices->end());
      EXPECT_EQ(first_mismatch<std::uint32_t>(got, want.indices), -1) << what;
    }
  }
};

TEST_P(Compaction, CompactThresholds) {
  const auto x = data(21);
  auto in = to_kernel(x);
  aligned_vector<bfloat16> out(n()), out2(n());
  aligned_vector<std::uint32_t> idx(n());
  aligned_vector<std::int32_t> count(8, -1);
  // 0.5 and 0.25 (ties), 0 (zeros kept), -0.5, 0.3 (fp32 tau, no bf16 rounding), all, none.
  for (std::int32_t q : {128, 64, 0, -128, 77, 10000 * 256, -10000 * 256}) {
    const auto want = kref::compact(x, q);
    compact_bf16(in.data(), out.data(), q, GetParam());
    expect_compacted(want, out, nullptr, 0, cat("compact tau_q8=", q));
    compact_indexed_bf16(in.data(), out2.data(), idx.data(), count.data(), q, GetParam());
    expect_compacted(want, out2, &idx, count[0], cat("compact_indexed tau_q8=", q));
  }
}

TEST_P(Compaction, CompactExtremesAndStability) {
  const auto x = data(22);
  auto in = to_kernel(x);
  aligned_vector<bfloat16> out(n());
  aligned_vector<std::uint32_t> idx(n());
  aligned_vector<std::int32_t> count(8, -1);
  compact_indexed_bf16(in.data(), out.data(), idx.data(), count.data(), 3 * 256, GetParam());
  EXPECT_EQ(count[0], 0);
  for (const bfloat16 v : out) ASSERT_EQ(v.bits(), 0x0000);
  for (const std::uint32_t i : idx) ASSERT_EQ(i, 0xFFFFFFFFu);
  compact_indexed_bf16(in.data(), out.data(), idx.data(), count.data(), -3 * 256, GetParam());
  EXPECT_EQ(count[0], GetParam());
  EXPECT_EQ(first_mismatch<bf16_bits>(from_kernel(out), x), -1) << "none pruned: identity";
  for (std::size_t i = 0; i < n(); ++i) ASSERT_EQ(idx[i], i);
  // tau = 0: -0 and +0 both survive, in order, and the indices tell them from the fill.
  compact_indexed_bf16(in.data(), out.data(), idx.data(), count.data(), 0, GetParam());
  const auto want = kref::compact(x, 0);
  expect_compacted(want, out, &idx, count[0], "tau 0");
  // x[2] = -0 and x[4] = +0 both pass 0 >= 0; they are kept in order with their own bits.
  std::vector<std::uint32_t> kept_idx(idx.begin(), idx.begin() + count[0]);
  const auto pos_neg = std::find(kept_idx.begin(), kept_idx.end(), 2u);
  const auto pos_pos = std::find(kept_idx.begin(), kept_idx.end(), 4u);
  ASSERT_NE(pos_neg, kept_idx.end());
  ASSERT_NE(pos_pos, kept_idx.end());
  EXPECT_LT(pos_neg, pos_pos);
  EXPECT_EQ(out[static_cast<std::size_t>(pos_neg - kept_idx.begin())].bits(), 0x8000);
}

TEST_P(Compaction, CompactTauIsNotRoundedToBf16) {
  // tau_q8 = 127 -> 0.49609375 exactly in fp32; the bf16 0x3EFF = 0.498046875 is above it and
  // kept; 0x3EFE = 0.49609375 ties and is kept; 0x3EFD is dropped.
  std::vector<bf16_bits> x(n(), 0x3EFD);
  x[0] = 0x3EFF;
  x[1] = 0x3EFE;
  auto in = to_kernel(x);
  aligned_vector<bfloat16> out(n());
  aligned_vector<std::uint32_t> idx(n());
  aligned_vector<std::int32_t> count(8, -1);
  compact_indexed_bf16(in.data(), out.data(), idx.data(), count.data(), 127, GetParam());
  EXPECT_EQ(count[0], 2);
  EXPECT_EQ(out[0].bits(), 0x3EFF);
  EXPECT_EQ(out[1].bits(), 0x3EFE);
  EXPECT_EQ(first_mismatch<bf16_bits>(from_kernel(out), kref::compact(x, 127).out), -1);
}

TEST_P(Compaction, PseCollapseFractions) {
  const auto x = data(23);
  auto in = to_kernel(x);
  aligned_vector<bfloat16> out(n()), out2(n());
  aligned_vector<std::uint32_t> idx(n());
  aligned_vector<std::int32_t> count(8, -1);
  for (std::int32_t q : {128, 64, 0, 256, 255, 179, -128, 512}) {
    const auto want = kref::pse_collapse(x, q);
    pse_collapse_bf16(in.data(), out.data(), q, GetParam());
    expect_compacted(want, out, nullptr, 0, cat("pse_collapse frac_q8=", q));
    pse_collapse_indexed_bf16(in.data(), out2.data(), idx.data(), count.data(), q, GetParam());
    expect_compacted(want, out2, &idx, count[0], cat("pse_collapse_indexed frac_q8=", q));
  }
}

TEST_P(Compaction, PseCollapseNegativePeakAndTie) {
  auto x = random_bf16(n(), -6.0f, -1.0f, 24);
  x[n() / 2] = to_bf16(-0.75f);  // the peak
  x[0] = to_bf16(-1.5f);         // exactly 2 * peak: a tie at frac 2
  auto in = to_kernel(x);
  aligned_vector<bfloat16> out(n());
  aligned_vector<std::uint32_t> idx(n());
  aligned_vector<std::int32_t> count(8, -1);
  for (std::int32_t q : {128, 512, 256, 2560}) {
    const auto want = kref::pse_collapse(x, q);
    pse_collapse_indexed_bf16(in.data(), out.data(), idx.data(), count.data(), q, GetParam());
    expect_compacted(want, out, &idx, count[0], cat("frac_q8=", q));
  }
  pse_collapse_indexed_bf16(in.data(), out.data(), idx.data(), count.data(), 128, GetParam());
  EXPECT_EQ(count[0], 0) << "tau = peak / 2 lies above every value";
  pse_collapse_indexed_bf16(in.data(), out.data(), idx.data(), count.data(), 512, GetParam());
  EXPECT_EQ(idx[0], 0u) << "x == tau is kept";
}

TEST_P(Compaction, PseCollapseKeepsTauInFp32) {
  // peak 1.25, frac 129/256: tau = 0.6298828125 (fp32). The bf16 0.62890625 lies below it and is
  // dropped, although bf16(tau) would equal it (collapse_fused keeps it).
  auto x = random_bf16(n(), -1.0f, 0.5f, 25);
  x[0] = to_bf16(1.25f);
  x[1] = to_bf16(0.62890625f);
  x[2] = to_bf16(0.6328125f);
  auto in = to_kernel(x);
  aligned_vector<bfloat16> out(n());
  aligned_vector<std::uint32_t> idx(n());
  aligned_vector<std::int32_t> count(8, -1);
  pse_collapse_indexed_bf16(in.data(), out.data(), idx.data(), count.data(), 129, GetParam());
  expect_compacted(kref::pse_collapse(x, 129), out, &idx, count[0], "frac_q8=129");
  EXPECT_EQ(count[0], 2);
  EXPECT_EQ(idx[0], 0u);
  EXPECT_EQ(idx[1], 2u);
  aligned_vector<bfloat16> plain(n());
  pse_collapse_bf16(in.data(), plain.data(), 129, GetParam());
  EXPECT_EQ(first_mismatch<bf16_bits>(from_kernel(plain), from_kernel(out)), -1);
}

INSTANTIATE_TEST_SUITE_P(Sizes, Compaction, ::testing::Values(32, 1024, 4096),
                         [](const auto& p) { return cat("N", p.param); });

}  // namespace
}  // namespace xdna::kernel_test
