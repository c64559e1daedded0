// Calibration quantiles and the fixed-seed generator.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "xdna/common/error.hpp"
#include "xdna/prune/calibration.hpp"
#include "xdna/prune/random.hpp"

namespace xdna::prune {
namespace {

TEST(Calibration, ThresholdIsTheEmpiricalQuantileOfMagnitudes) {
  MagnitudeHistogram h;
  std::vector<float> v(100);
  for (int i = 0; i < 100; ++i) v[i] = (i % 2 ? -1.0f : 1.0f) * static_cast<float>(i + 1);
  h.add(v);
  EXPECT_EQ(h.threshold_for(0.25), 26.0f);  // 25 magnitudes (1..25) fall below 26
  EXPECT_DOUBLE_EQ(h.fraction_below(26.0f), 0.25);
  EXPECT_EQ(h.threshold_for(0.0), 0.0f);
  EXPECT_EQ(h.threshold_for(0.999), 100.0f);
  EXPECT_THROW(h.threshold_for(1.0), InputError);
  EXPECT_THROW(h.threshold_for(-0.5), InputError);
  EXPECT_THROW(MagnitudeHistogram().threshold_for(0.5), InputError);
}

TEST(Random, SameSeedSameStreamDifferentSeedDifferentStream) {
  Rng a(5), b(5), c(6);
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next_u64();
    EXPECT_EQ(x, b.next_u64());
    EXPECT_NE(x, c.next_u64());
  }
}

TEST(Random, NormalHasUnitMomentsAndUniformStaysInRange) {
  Rng rng(7);
  const int n = 200000;
  double sum = 0, sq = 0;
  for (int i = 0; i < n; ++i) {
    const double x = rng.normal();
    sum += x;
    sq += x * x;
  }
  // Standard errors: mean 1/sqrt(n) = 0.0022, variance sqrt(2/n) = 0.0032; allow 5 of them.
  EXPECT_NEAR(sum / n, 0.0, 0.011);
  EXPECT_NEAR(sq / n, 1.0, 0.016);
  for (int i = 0; i < 10000; ++i) {
    const double u = rng.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    ASSERT_LT(rng.below(7), 7u);
  }
}

TEST(Random, ShuffleIsAPermutation) {
  Rng rng(8);
  std::vector<int> v(1000);
  std::iota(v.begin(), v.end(), 0);
  rng.shuffle(std::span<int>(v));
  std::vector<int> sorted = v;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(sorted[i], i);
  int fixed = 0;
  for (int i = 0; i < 1000; ++i) fixed += v[i] == i;
  EXPECT_LT(fixed, 10);  // a shuffle leaves about one element in place
}

}  // namespace
}  // namespace xdna::prune
