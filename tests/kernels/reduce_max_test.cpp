// reduce_max, its running partial and the partial combine, against the scalar maximum.
#include <gtest/gtest.h>

#include <aie_api/aie.hpp>

#include "aie2/kernels.h"
#include "kernel_test_support.hpp"
#include "reference/elementwise_ref.hpp"

namespace xdna::kernel_test {
namespace {

using kref::to_bf16;

class ReduceMax : public ::testing::TestWithParam<int> {
 protected:
  std::size_t n() const { return static_cast<std::size_t>(GetParam()); }
  bf16_bits run(const std::vector<bf16_bits>& x) {
    auto in = to_kernel(x);
    aligned_vector<bfloat16> out(32, bfloat16(7.0f));
    reduce_max_bf16(in.data(), out.data(), GetParam());
    EXPECT_EQ(out[1].bits(), to_bf16(7.0f)) << "only out[0] is written";
    return out[0].bits();
  }
};

TEST_P(ReduceMax, RandomData) {
  for (std::uint32_t seed : {31u, 32u, 33u}) {
    const auto x = random_bf16(n(), -100.0f, 100.0f, seed);
    EXPECT_EQ(run(x), kref::max_of(x, kref::kLowestBf16)) << "seed " << seed;
  }
}

TEST_P(ReduceMax, MaximumInEveryLanePosition) {
  // Exercises every step of the in-register tree: the winner sits in each of the 32 lanes.
  for (std::size_t lane = 0; lane < 32; ++lane) {
    auto x = random_bf16(n(), -5.0f, 5.0f, 34);
    const std::size_t pos = (n() - 32) + lane;
    x[pos] = to_bf16(9.5f);
    ASSERT_EQ(run(x), to_bf16(9.5f)) << "lane " << lane;
  }
}

TEST_P(ReduceMax, NegativeAndInfiniteInputs) {
  auto x = random_bf16(n(), -9.0f, -2.0f, 35);
  EXPECT_EQ(run(x), kref::max_of(x, kref::kLowestBf16));
  std::vector<bf16_bits> all_neg_inf(n(), 0xFF80);
  EXPECT_EQ(run(all_neg_inf), kref::kLowestBf16) << "the start value is the lowest finite bf16";
  x[3] = 0x7F80;  // +inf
  EXPECT_EQ(run(x), 0x7F80);
}

TEST_P(ReduceMax, SignedZeros) {
  std::vector<bf16_bits> x(n(), to_bf16(-1.0f));
  x[0] = 0x8000;
  EXPECT_EQ(run(x), 0x8000) << "-0 alone is the maximum";
  x[n() - 1] = 0x0000;
  // +0 and -0 compare equal: which one wins is aie::max's tie rule, not part of the contract.
  const bf16_bits got = run(x);
  EXPECT_TRUE(got == 0x0000 || got == 0x8000) << std::hex << got;
}

TEST_P(ReduceMax, RunningPartialsAndCombine) {
  // Four slices: running partial from the lowest bf16 equals one call over everything; the
  // per-slice maxima combined on the scalar unit agree too.
  const auto x = random_bf16(4 * n(), -50.0f, 50.0f, 36);
  auto in = to_kernel(x);
  aligned_vector<bfloat16> running(32, bfloat16::from_bits(kref::kLowestBf16));
  aligned_vector<bfloat16> partials(32), combined(32);
  for (int t = 0; t < 4; ++t) {
    reduce_max_running_bf16(in.data() + t * GetParam(), running.data(), GetParam());
    reduce_max_bf16(in.data() + t * GetParam(), partials.data() + t, GetParam());
  }
  max_combine_bf16(partials.data(), combined.data(), 4);
  const bf16_bits want = kref::max_of(x, kref::kLowestBf16);
  EXPECT_EQ(running[0].bits(), want);
  EXPECT_EQ(combined[0].bits(), want);
}

TEST(MaxCombine, SingleAndTies) {
  aligned_vector<bfloat16> p(32), out(32);
  p[0] = bfloat16(-3.0f);
  max_combine_bf16(p.data(), out.data(), 1);
  EXPECT_EQ(out[0].bits(), to_bf16(-3.0f));
  p[0] = bfloat16::from_bits(0x8000);
  p[1] = bfloat16::from_bits(0x0000);
  p[2] = bfloat16(-1.0f);
  max_combine_bf16(p.data(), out.data(), 3);
  EXPECT_EQ(out[0].bits(), 0x8000) << "ties keep the earlier partial";
}

INSTANTIATE_TEST_SUITE_P(Sizes, ReduceMax, ::testing::Values(32, 1024, 4096),
                         [](const auto& p) { return cat("N", p.param); });

}  // namespace
}  // namespace xdna::kernel_test
