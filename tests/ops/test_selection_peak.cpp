// running_peak (one reduce_max_running_bf16 call: the lane pass, then the halving tree), and its
// integer-key fast path on its own, against a
// scalar model written here from its description in selection_plan.hpp: each lane folds its
// values in order with "running >= x ? running : x" (IEEE compare, so a NaN lane takes the next
// value and the earlier of -0 / +0 stays), then five halving steps by the same rule. Bit for bit,
// over inputs that take the integer-key fast path (no NaN, every lane's result non-zero) and
// inputs that must fall back to the ordered chain (NaN in x or the seed, lanes whose result is a
// zero of either sign, all-negative data, infinities, subnormals).
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "../../src/ops/selection_plan.hpp"

namespace {

using xdna::ops::detail::kLanes;
using xdna::ops::detail::running_peak;
using xdna::ops::detail::running_peak_by_keys;

float as_float(std::uint16_t b) {
  return std::bit_cast<float>(std::uint32_t{b} << 16);
}

std::uint16_t lane_rule(std::uint16_t running, std::uint16_t x) {
  return as_float(running) >= as_float(x) ? running : x;
}

std::uint16_t scalar_running_peak(const std::vector<std::uint16_t>& x, std::uint16_t seed) {
  std::vector<std::uint16_t> lanes(kLanes, seed);
  for (std::size_t i = 0; i < x.size(); ++i) lanes[i % kLanes] = lane_rule(lanes[i % kLanes], x[i]);
  for (std::size_t shift = kLanes / 2; shift >= 1; shift /= 2) {
    std::vector<std::uint16_t> next(kLanes);
    for (std::size_t i = 0; i < kLanes; ++i)
      next[i] = lane_rule(lanes[i], lanes[(i + shift) % kLanes]);
    lanes = next;
  }
  return lanes[0];
}

std::uint16_t bf16_bits(float f) {
  return static_cast<std::uint16_t>(std::bit_cast<std::uint32_t>(f) >> 16);
}

// Inputs of n values drawn by `draw`.
template <class Draw>
std::vector<std::uint16_t> make(std::size_t n, Draw draw) {
  std::vector<std::uint16_t> x(n);
  for (auto& v : x) v = draw();
  return x;
}

const std::uint16_t kSeeds[] = {
    0xff7f /* lowest */, 0xff80 /* -inf */, 0xf149 /* ~-1e30 */, 0x0000, 0x8000, 0x3f80 /* 1 */,
    0x7fc0 /* NaN */,    0xffc0 /* -NaN */, 0x7f00 /* large */,  0x0001 /* subnormal */};
const std::size_t kSizes[] = {32, 64, 96, 128, 2048, 4096};

// How often the integer-key fast path answered (AVX-512 builds; elsewhere it never does), and
// how often it declined.
struct FastPathUse {
  int answered = 0;
  int declined = 0;
};

void check_all(const std::string& what, const std::vector<std::uint16_t>& x, int& checked,
               FastPathUse* use = nullptr) {
  for (std::uint16_t seed : kSeeds) {
    const std::uint16_t want = scalar_running_peak(x, seed);
    ASSERT_EQ(running_peak(x.data(), x.size(), seed), want)
        << what << ", n = " << x.size() << ", seed 0x" << std::hex << seed;
    const auto fast = running_peak_by_keys(x.data(), x.size(), seed);
    if (fast) {
      ASSERT_EQ(*fast, want) << what << " (fast path), n = " << x.size() << ", seed 0x" << std::hex
                             << seed;
    }
    if (use) ++(fast ? use->answered : use->declined);
    ++checked;
  }
}

TEST(RunningPeak, MatchesTheScalarFoldOnOrdinaryAndAdversarialInputs) {
  std::mt19937 rng(11);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  const std::uint16_t specials[] = {0x0000, 0x8000, 0x0001, 0x8001, 0x7f80,
                                    0xff80, 0x7f7f, 0xff7f, 0x3f80, 0xbf80};
  std::uniform_int_distribution<std::size_t> pick(0, std::size(specials) - 1);
  std::uniform_int_distribution<int> coin(0, 99);
  int checked = 0;
  FastPathUse ordinary, zero_lane, with_nan, zero_peak;
  for (std::size_t n : kSizes) {
    for (int round = 0; round < 3; ++round) {
      // N(0, 1): no NaN and positive lane maxima (the fast path).
      check_all("normal", make(n, [&] { return bf16_bits(normal(rng)); }), checked, &ordinary);
      // Only zeros of both signs: every lane's result is a zero, decided by order.
      check_all("signed zeros", make(n, [&] { return coin(rng) < 50 ? 0x0000 : 0x8000; }), checked);
      // Only negative values and -0.
      check_all(
          "non-positive",
          make(n,
               [&] {
                 return static_cast<std::uint16_t>(bf16_bits(-std::abs(normal(rng))) | 0x8000);
               }),
          checked);
      // Specials mixed with ordinary values, and a NaN now and then.
      check_all(
          "specials",
          make(n, [&] { return coin(rng) < 30 ? specials[pick(rng)] : bf16_bits(normal(rng)); }),
          checked);
      // A NaN of one sign now and then (each sign alone, so that neither check hides the other).
      for (std::uint16_t nan : {std::uint16_t{0x7fc0}, std::uint16_t{0xffc1}}) {
        check_all("with NaN", make(n, [&] { return coin(rng) < 3 ? nan : bf16_bits(normal(rng)); }),
                  checked);
      }
    }
    // One lane whose values are all +0 after a -0 while the others are positive: that lane's
    // result is a zero decided by order, but the peak is positive (the fast path answers).
    auto x = make(n, [&] { return bf16_bits(1.0f + std::abs(normal(rng))); });
    for (std::size_t i = 5; i < n; i += kLanes) x[i] = i == 5 ? 0x8000 : 0x0000;
    check_all("one zero lane", x, checked, &zero_lane);
    // Exactly one NaN, somewhere: only the ordered fold can answer.
    auto z = make(n, [&] { return bf16_bits(normal(rng)); });
    z[std::uniform_int_distribution<std::size_t>(0, n - 1)(rng)] = 0x7fc1;
    check_all("one NaN", z, checked, &with_nan);
    // Zeros of both signs and negative values: a peak of +0 unless the seed is positive.
    auto w = make(n, [&] {
      const int c = coin(rng);
      return c < 30   ? std::uint16_t{0x0000}
             : c < 60 ? std::uint16_t{0x8000}
                      : static_cast<std::uint16_t>(bf16_bits(normal(rng)) | 0x8000);
    });
    check_all("peak +0", w, checked, &zero_peak);
    // Every value negative except one +inf at the very end.
    auto y = make(n, [&] { return static_cast<std::uint16_t>(bf16_bits(normal(rng)) | 0x8000); });
    y.back() = 0x7f80;
    check_all("+inf last", y, checked);
  }
  EXPECT_EQ(checked, static_cast<int>(std::size(kSizes) * (3 * 6 + 4) * std::size(kSeeds)));
#if defined(__AVX512F__)
  // The fast path answers exactly where the description says it can: every seed but the two
  // NaNs on ordinary data and on data with a zero lane, never with a NaN in x, and for a peak of
  // +0 only when a positive seed (1, large, subnormal) lifts the peak above it.
  const int arrays = static_cast<int>(std::size(kSizes));
  EXPECT_EQ(ordinary.answered, 3 * arrays * 8);
  EXPECT_EQ(ordinary.declined, 3 * arrays * 2);
  EXPECT_EQ(zero_lane.answered, arrays * 8);
  EXPECT_EQ(with_nan.answered, 0);
  EXPECT_EQ(zero_peak.answered, arrays * 3);
  EXPECT_EQ(zero_peak.declined, arrays * 7);
#else
  EXPECT_EQ(ordinary.answered + zero_lane.answered + with_nan.answered + zero_peak.answered, 0);
#endif
}

}  // namespace
