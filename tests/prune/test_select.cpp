// Selection policies against an independent reference on bf16-rounded importances, the scaling
// that keeps small thresholds exact, ties, and CPU vs emulator survivors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "aie_api/detail/bfloat16.hpp"
#include "xdna/common/error.hpp"
#include "xdna/ops/backend.hpp"
#include "xdna/prune/random.hpp"
#include "xdna/prune/select.hpp"

namespace xdna::prune {
namespace {

using ops::Backend;

// Reference: the count largest by bf16 value, ties at the boundary all kept.
std::vector<std::uint32_t> reference_top(const std::vector<float>& v, std::size_t count) {
  std::vector<float> rounded(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) rounded[i] = static_cast<float>(bfloat16(v[i]));
  std::vector<float> sorted = rounded;
  std::sort(sorted.begin(), sorted.end(), std::greater<float>());
  const float kth = sorted[count - 1];
  std::vector<std::uint32_t> keep;
  for (std::uint32_t i = 0; i < v.size(); ++i) {
    if (rounded[i] >= kth) keep.push_back(i);
  }
  return keep;
}

std::vector<float> distinct_importances(std::size_t n, int scale_exponent, std::uint64_t seed) {
  // Distinct bf16 values (mantissa i % 128, exponent i / 128), times 2^scale_exponent, shuffled.
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    v[i] = static_cast<float>(std::ldexp(1.0 + static_cast<double>(i % 128) / 128.0,
                                         static_cast<int>(i / 128) + scale_exponent));
  }
  Rng rng(seed);
  rng.shuffle(std::span<float>(v));
  return v;
}

TEST(Select, TopCountMatchesReferenceAcrossScales) {
  for (int scale : {0, -23, -9, 15}) {
    const auto v = distinct_importances(700, scale, 9);
    for (std::size_t count : {1u, 10u, 350u, 699u, 700u}) {
      const auto s = select_top_count(v, count, Backend::cpu);
      EXPECT_EQ(s.indices.size(), count) << scale << " " << count;
      EXPECT_EQ(s.indices, reference_top(v, count)) << scale << " " << count;
    }
  }
}

TEST(Select, RandomImportancesMatchReferenceIncludingBf16Ties) {
  Rng rng(10);
  std::vector<float> v(2000);
  for (auto& x : v) x = static_cast<float>(std::fabs(rng.normal()) * 0.01);
  for (std::size_t count : {500u, 1000u, 1500u}) {
    const auto s = select_top_count(v, count, Backend::cpu);
    const auto ref = reference_top(v, count);
    EXPECT_EQ(s.indices, ref);
    EXPECT_GE(s.indices.size(), count);  // bf16 ties can only add survivors
  }
}

TEST(Select, TiesAtTheThresholdAreAllKept) {
  std::vector<float> v{5, 3, 3, 3, 1, 0.5f};
  EXPECT_EQ(select_top_count(v, 2, Backend::cpu).indices, (std::vector<std::uint32_t>{0, 1, 2, 3}));
  EXPECT_TRUE(select_top_count(v, 0, Backend::cpu).indices.empty());
  EXPECT_EQ(select_top_count(v, 6, Backend::cpu).indices.size(), 6u);
  EXPECT_EQ(select_top_fraction(v, 0.5, Backend::cpu).indices,
            (std::vector<std::uint32_t>{0, 1, 2, 3}));
  EXPECT_THROW(select_top_fraction(v, 1.5, Backend::cpu), InputError);
  EXPECT_THROW(select_top_fraction(v, -0.1, Backend::cpu), InputError);
}

TEST(Select, SmallThresholdsKeepTheirPrecision) {
  // A Q8 threshold alone would round 0.0013 to 0 (keeping everything) or 1/256; the power-of-two
  // scaling keeps it: values straddle it by 10%.
  std::vector<float> v{0.0012f, 0.0014f, 0.0010f, 0.0016f, -0.002f, 0.0f};
  const auto s = select_at_least(v, 0.0013f, Backend::cpu);
  EXPECT_EQ(s.indices, (std::vector<std::uint32_t>{1, 3}));
  EXPECT_NEAR(s.threshold, 0.0013f, 0.0013f * 1e-4);
  EXPECT_EQ(select_magnitude_at_least(v, 0.0013f, Backend::cpu).indices,
            (std::vector<std::uint32_t>{1, 3, 4}));
  EXPECT_EQ(select_magnitude_at_least(v, 0.0f, Backend::cpu).indices.size(), v.size());
  std::vector<std::uint32_t> top;
  select_magnitude_top_count(v, 2, Backend::cpu, top);
  EXPECT_EQ(top, (std::vector<std::uint32_t>{3, 4}));
}

TEST(Select, FractionOfPeak) {
  std::vector<float> v{0.1f, 1.0f, 0.49f, 0.51f, 0.75f};
  EXPECT_EQ(select_fraction_of_peak(v, 0.5f, Backend::cpu).indices,
            (std::vector<std::uint32_t>{1, 3, 4}));
  std::vector<float> tiny = v;
  for (auto& x : tiny) x *= 1e-6f;
  EXPECT_EQ(select_fraction_of_peak(tiny, 0.5f, Backend::cpu).indices,
            (std::vector<std::uint32_t>{1, 3, 4}));
}

TEST(Select, NonFiniteImportanceIsAnError) {
  std::vector<float> v{1.0f, NAN, 2.0f};
  EXPECT_THROW(select_top_count(v, 1, Backend::cpu), InputError);
  v[1] = INFINITY;
  EXPECT_THROW(select_at_least(v, 1.0f, Backend::cpu), InputError);
}

// The emulator runs the NPU's kernels; it must pick the same survivors as the CPU.
TEST(Select, EmulatorChoosesTheSameSurvivors) {
  Rng rng(12);
  std::vector<float> v(512);
  for (auto& x : v) x = static_cast<float>(std::fabs(rng.normal()));
  // No skip: the emulator path exists, so an error here is a failure, not "unavailable".
  const auto emu_top = select_top_count(v, 200, Backend::emu);
  // Its last step ran the compaction design on the emulator: a silent fall-back to the CPU would
  // leave no such record (no other test in this suite runs that design first).
  EXPECT_EQ(ops::last_emulator_run().designs, std::vector<std::string>{"ops_compact"});
  EXPECT_GT(ops::last_emulator_run().kernel_calls, 0u);
  EXPECT_EQ(emu_top.indices, select_top_count(v, 200, Backend::cpu).indices);
  EXPECT_EQ(select_at_least(v, 0.7f, Backend::emu).indices,
            select_at_least(v, 0.7f, Backend::cpu).indices);
  EXPECT_EQ(select_fraction_of_peak(v, 0.3f, Backend::emu).indices,
            select_fraction_of_peak(v, 0.3f, Backend::cpu).indices);
}

}  // namespace
}  // namespace xdna::prune
