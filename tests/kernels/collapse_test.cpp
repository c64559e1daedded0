// collapse, collapse_rt, collapse_fused and collapse_peak against the scalar references, bit for
// bit, for N in {32, 1024, 4096}, under the reset rounding mode (floor) and conv_even.
#include <gtest/gtest.h>

#include <aie_api/aie.hpp>

#include "aie2/kernels.h"
#include "kernel_test_support.hpp"
#include "reference/collapse_ref.hpp"

namespace xdna::kernel_test {
namespace {

using kref::to_bf16;

struct Case {
  int n;
  aie::rounding_mode rounding;
};

class CollapseFamily : public ::testing::TestWithParam<Case> {
 protected:
  // Values in [-2, 2) plus exact ties at every threshold the tests use, and both zeros.
  std::vector<bf16_bits> mixed_data(std::uint32_t seed) const {
    auto x = random_bf16(static_cast<std::size_t>(GetParam().n), -2.0f, 2.0f, seed);
    const bf16_bits specials[] = {to_bf16(0.5f), to_bf16(0.25f), to_bf16(-0.5f), to_bf16(1.0f),
                                  0x0000,        0x8000,         to_bf16(0.5f),  to_bf16(-1.0f)};
    for (std::size_t k = 0; k < std::size(specials); ++k) x[(k * 7 + 3) % x.size()] = specials[k];
    return x;
  }
};

TEST_P(CollapseFamily, CollapseFixedHalfKeepsTies) {
  // collapse_bf16 is defined for N = 1024 only: every size runs it on 1024 values.
  CoreWithRounding core(GetParam().rounding);
  auto x = random_bf16(1024, -2.0f, 2.0f, 11 + static_cast<std::uint32_t>(GetParam().n));
  x[3] = to_bf16(0.5f);
  x[4] = 0x3EFF;  // the bf16 just below 0.5
  x[5] = 0x8000;
  auto in = to_kernel(x);
  aligned_vector<bfloat16> out(x.size());
  collapse_bf16(in.data(), out.data());
  const auto want = kref::collapse(x);
  const auto got = from_kernel(out);
  EXPECT_EQ(first_mismatch<bf16_bits>(got, want), -1);
  EXPECT_EQ(got[3], to_bf16(0.5f)) << "x == tau must be kept";
  EXPECT_EQ(got[4], 0x0000);
  EXPECT_EQ(got[5], 0x0000);
}

TEST_P(CollapseFamily, CollapseRuntimeThresholds) {
  CoreWithRounding core(GetParam().rounding);
  const auto x = mixed_data(12);
  auto in = to_kernel(x);
  aligned_vector<bfloat16> out(x.size());
  // 0.5, 0.25, 0, -0.5 (ties present), 1e4 (all pruned), -1e4 (none pruned), 0.3 (rounds to bf16)
  for (std::int32_t q : {128, 64, 0, -128, 10000 * 256, -10000 * 256, 77}) {
    collapse_rt_bf16(in.data(), out.data(), q, GetParam().n);
    const auto want = kref::collapse_rt(x, q, reference_rounding(GetParam().rounding));
    EXPECT_EQ(first_mismatch<bf16_bits>(from_kernel(out), want), -1) << "tau_q8 = " << q;
  }
}

TEST_P(CollapseFamily, CollapseRuntimeAllAndNonePruned) {
  CoreWithRounding core(GetParam().rounding);
  const auto x = mixed_data(13);
  auto in = to_kernel(x);
  aligned_vector<bfloat16> out(x.size());
  collapse_rt_bf16(in.data(), out.data(), 3 * 256, GetParam().n);  // every |x| < 2
  for (const bfloat16 v : out) ASSERT_EQ(v.bits(), 0x0000);
  collapse_rt_bf16(in.data(), out.data(), -3 * 256, GetParam().n);
  EXPECT_EQ(first_mismatch<bf16_bits>(from_kernel(out), x), -1);
}

TEST_P(CollapseFamily, CollapseRuntimeZeroThresholdKeepsNegativeZero) {
  CoreWithRounding core(GetParam().rounding);
  std::vector<bf16_bits> x(static_cast<std::size_t>(GetParam().n), 0x8000);  // all -0
  x[1] = 0x0000;
  x[2] = to_bf16(-1e-3f);
  auto in = to_kernel(x);
  aligned_vector<bfloat16> out(x.size());
  collapse_rt_bf16(in.data(), out.data(), 0, GetParam().n);
  const auto got = from_kernel(out);
  EXPECT_EQ(first_mismatch<bf16_bits>(
                got, kref::collapse_rt(x, 0, reference_rounding(GetParam().rounding))),
            -1);
  EXPECT_EQ(got[0], 0x8000) << "-0 - 0 = -0 >= 0: kept, copied bit for bit";
  EXPECT_EQ(got[2], 0x0000);
}

TEST_P(CollapseFamily, CollapseFusedFractions) {
  CoreWithRounding core(GetParam().rounding);
  const auto x = mixed_data(14);
  auto in = to_kernel(x);
  aligned_vector<bfloat16> out(x.size());
  for (std::int32_t q : {128, 64, 0, 256, 230, 255, -128, 512}) {
    collapse_fused_bf16(in.data(), out.data(), q, GetParam().n);
    EXPECT_EQ(first_mismatch<bf16_bits>(from_kernel(out), kref::collapse_fused(x, q)), -1)
        << "frac_q8 = " << q;
  }
}

TEST_P(CollapseFamily, CollapseFusedTieAtThreshold) {
  CoreWithRounding core(GetParam().rounding);
  // peak 2, frac 0.5 -> tau exactly 1.0, present in the data.
  auto x = random_bf16(static_cast<std::size_t>(GetParam().n), -1.5f, 1.5f, 15);
  x[0] = to_bf16(2.0f);
  x[x.size() - 1] = to_bf16(1.0f);
  auto in = to_kernel(x);
  aligned_vector<bfloat16> out(x.size());
  collapse_fused_bf16(in.data(), out.data(), 128, GetParam().n);
  const auto got = from_kernel(out);
  EXPECT_EQ(first_mismatch<bf16_bits>(got, kref::collapse_fused(x, 128)), -1);
  EXPECT_EQ(got.back(), to_bf16(1.0f));
}

TEST_P(CollapseFamily, CollapseFusedNegativePeak) {
  CoreWithRounding core(GetParam().rounding);
  auto x = random_bf16(static_cast<std::size_t>(GetParam().n), -8.0f, -1.0f, 16);
  auto in = to_kernel(x);
  aligned_vector<bfloat16> out(x.size());
  // frac 0.5: tau = peak / 2 > peak, so all pruned; frac 4: tau = 4 * peak keeps the upper part.
  for (std::int32_t q : {128, 1024, 256}) {
    collapse_fused_bf16(in.data(), out.data(), q, GetParam().n);
    EXPECT_EQ(first_mismatch<bf16_bits>(from_kernel(out), kref::collapse_fused(x, q)), -1)
        << "frac_q8 = " << q;
  }
  collapse_fused_bf16(in.data(), out.data(), 128, GetParam().n);
  for (const bfloat16 v : out) ASSERT_EQ(v.bits(), 0x0000);
  collapse_fused_bf16(in.data(), out.data(), 256, GetParam().n);  // tau = peak: the peak survives
  std::size_t kept = 0;
  for (const bfloat16 v : out) kept += v.bits() != 0;
  EXPECT_GE(kept, 1u);
}

TEST_P(CollapseFamily, CollapseFusedBelowPassOneFloor) {
  CoreWithRounding core(GetParam().rounding);
  // Every value below -1e30: the running max starts at bf16(-1e30), which becomes the peak, so
  // frac 2 gives tau = bf16(-2e30) and keeps the lanes at -1.5e30 (not -3e38 or -inf).
  std::vector<bf16_bits> x(static_cast<std::size_t>(GetParam().n), to_bf16(-1.5e30f));
  x[0] = 0xFF80;  // -inf
  x[1] = to_bf16(-3e38f);
  auto in = to_kernel(x);
  aligned_vector<bfloat16> out(x.size());
  collapse_fused_bf16(in.data(), out.data(), 512, GetParam().n);
  const auto got = from_kernel(out);
  EXPECT_EQ(first_mismatch<bf16_bits>(got, kref::collapse_fused(x, 512)), -1);
  EXPECT_EQ(got[0], 0x0000);
  EXPECT_EQ(got[1], 0x0000);
  EXPECT_EQ(got[2], to_bf16(-1.5e30f));
  EXPECT_EQ(kref::pass1_peak(x), to_bf16(-1e30f));
}

TEST_P(CollapseFamily, CollapseFusedRoundsTauToBf16) {
  CoreWithRounding core(GetParam().rounding);
  // peak 1.25, frac 129/256: tau = 0.6298828125 in fp32, which rounds down to the bf16
  // 0.62890625; that value is therefore kept (compare pse_collapse, which keeps tau in fp32).
  auto x = random_bf16(static_cast<std::size_t>(GetParam().n), -1.0f, 0.5f, 18);
  x[0] = to_bf16(1.25f);
  x[1] = to_bf16(0.62890625f);
  auto in = to_kernel(x);
  aligned_vector<bfloat16> out(x.size());
  collapse_fused_bf16(in.data(), out.data(), 129, GetParam().n);
  const auto got = from_kernel(out);
  EXPECT_EQ(first_mismatch<bf16_bits>(got, kref::collapse_fused(x, 129)), -1);
  EXPECT_EQ(got[1], to_bf16(0.62890625f));
}

TEST_P(CollapseFamily, CollapseFusedZeroPeakWithSignedZeros) {
  CoreWithRounding core(GetParam().rounding);
  std::vector<bf16_bits> x(static_cast<std::size_t>(GetParam().n), to_bf16(-0.75f));
  x[0] = 0x8000;
  x[5] = 0x0000;
  auto in = to_kernel(x);
  aligned_vector<bfloat16> out(x.size());
  collapse_fused_bf16(in.data(), out.data(), 128, GetParam().n);  // tau = +-0: both zeros kept
  const auto got = from_kernel(out);
  EXPECT_EQ(first_mismatch<bf16_bits>(got, kref::collapse_fused(x, 128)), -1);
  EXPECT_EQ(got[0], 0x8000);
}

TEST_P(CollapseFamily, CollapsePeakMatchesFusedOverSlices) {
  CoreWithRounding core(GetParam().rounding);
  // Four "tiles" of n each: running partial peak, then pass 2 per slice with the combined peak.
  const int n = GetParam().n;
  const auto x = random_bf16(static_cast<std::size_t>(4 * n), -3.0f, 5.0f, 17);
  auto in = to_kernel(x);
  aligned_vector<bfloat16> out(x.size()), whole(x.size());
  aligned_vector<bfloat16> peak(32, bfloat16(-1e30f));
  for (int t = 0; t < 4; ++t) reduce_max_running_bf16(in.data() + t * n, peak.data(), n);
  for (int t = 0; t < 4; ++t)
    collapse_peak_bf16(in.data() + t * n, out.data() + t * n, peak.data(), 179, n);
  EXPECT_EQ(first_mismatch<bf16_bits>(from_kernel(out), kref::collapse_fused(x, 179)), -1);
  collapse_fused_bf16(in.data(), whole.data(), 179, 4 * n);
  EXPECT_EQ(first_mismatch<bf16_bits>(from_kernel(out), from_kernel(whole)), -1);
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  return cat("N", info.param.n, "_", mode_name(info.param.rounding));
}

INSTANTIATE_TEST_SUITE_P(Sizes, CollapseFamily,
                         ::testing::Values(Case{32, aie::rounding_mode::floor},
                                           Case{1024, aie::rounding_mode::floor},
                                           Case{4096, aie::rounding_mode::floor},
                                           Case{32, aie::rounding_mode::conv_even},
                                           Case{1024, aie::rounding_mode::conv_even},
                                           Case{4096, aie::rounding_mode::conv_even}),
                         case_name);

}  // namespace
}  // namespace xdna::kernel_test
