// The SIMD selection kernels (AVX-512 integer range check + compress) against a scalar fp32
// comparison written here, on every one of the 65536 bf16 patterns and on thresholds at the edges
// of the test: NaN, +-inf, +-0, float subnormals, bf16 subnormals, values between two bf16s, the
// largest float. Also checked: the portable path, in-place operation, and both store widths of
// the compact kernel (blocks of 32 with at most 16 survivors and with more).
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "../../src/ops/selection_cpu.hpp"

namespace {

bool keeps(std::uint16_t b, float t) {
  return std::bit_cast<float>(std::uint32_t{b} << 16) >= t;  // false for NaN on either side
}

struct Expected {
  std::vector<std::uint16_t> positional, packed;
  std::vector<std::uint32_t> index;
};

Expected expected(const std::vector<std::uint16_t>& x, float t) {
  Expected e;
  e.positional.resize(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    e.positional[i] = keeps(x[i], t) ? x[i] : std::uint16_t{0};
    if (keeps(x[i], t)) {
      e.packed.push_back(x[i]);
      e.index.push_back(static_cast<std::uint32_t>(i));
    }
  }
  e.packed.resize(x.size(), 0);
  return e;
}

float from_bits(std::uint32_t b) {
  return std::bit_cast<float>(b);
}

std::vector<float> edge_thresholds() {
  std::vector<float> t = {
      std::numeric_limits<float>::quiet_NaN(),
      -std::numeric_limits<float>::quiet_NaN(),
      -INFINITY,
      INFINITY,
      0.0f,
      -0.0f,
      from_bits(0x00000001),
      from_bits(0x80000001),  // float subnormals (below every bf16 one)
      from_bits(0x00010000),
      from_bits(0x80010000),  // smallest bf16 subnormals
      from_bits(0x00018000),
      from_bits(0x80018000),  // between two bf16 subnormals
      from_bits(0x007f0000),
      from_bits(0x00800000),  // largest bf16 subnormal, smallest normal
      1.0f,
      -1.0f,
      from_bits(0x3f800001),
      from_bits(0xbf800001),
      from_bits(0x3f80ffff),
      from_bits(0xbf80ffff),
      0.5f,
      1.0f / 256,
      -1e30f,
      std::numeric_limits<float>::max(),
      std::numeric_limits<float>::lowest(),
      from_bits(0x7f7f0000),
      from_bits(0xff7f0000),  // largest finite bf16, both signs
  };
  std::mt19937 rng(7);
  for (int i = 0; i < 8; ++i) t.push_back(from_bits(static_cast<std::uint32_t>(rng())));
  return t;
}

void check_all_kernels(const std::vector<std::uint16_t>& x, float t, const std::string& what) {
  const Expected want = expected(x, t);
  const std::size_t n = x.size();
  const std::size_t kept = want.index.size();
  namespace cpu = xdna::ops::cpu;

  std::vector<std::uint16_t> out(n, 0xdead);
  EXPECT_EQ(cpu::threshold_positional(x.data(), n, t, out.data()), kept) << what;
  EXPECT_EQ(out, want.positional) << what;
  std::fill(out.begin(), out.end(), 0xdead);
  EXPECT_EQ(cpu::portable::threshold_positional(x.data(), n, t, out.data()), kept) << what;
  EXPECT_EQ(out, want.positional) << what;

  std::vector<std::uint32_t> index(n, 0xdeadbeef);
  std::fill(out.begin(), out.end(), 0xdead);
  ASSERT_EQ(cpu::threshold_compact(x.data(), n, t, out.data(), index.data()), kept) << what;
  EXPECT_EQ(out, want.packed) << what;
  EXPECT_TRUE(std::equal(want.index.begin(), want.index.end(), index.begin())) << what;

  std::fill(out.begin(), out.end(), 0xdead);
  ASSERT_EQ(cpu::threshold_compact(x.data(), n, t, out.data(), nullptr), kept) << what;
  EXPECT_EQ(out, want.packed) << what;

  std::fill(out.begin(), out.end(), 0xdead);
  std::fill(index.begin(), index.end(), 0xdeadbeef);
  ASSERT_EQ(cpu::portable::threshold_compact(x.data(), n, t, out.data(), index.data()), kept)
      << what;
  EXPECT_EQ(out, want.packed) << what;
  EXPECT_TRUE(std::equal(want.index.begin(), want.index.end(), index.begin())) << what;

  // In place, as the public operators call the kernels.
  std::vector<std::uint16_t> in_place = x;
  ASSERT_EQ(cpu::threshold_compact(in_place.data(), n, t, in_place.data(), index.data()), kept)
      << what;
  EXPECT_EQ(in_place, want.packed) << what;
  in_place = x;
  EXPECT_EQ(cpu::threshold_positional(in_place.data(), n, t, in_place.data()), kept) << what;
  EXPECT_EQ(in_place, want.positional) << what;
}

std::vector<std::uint16_t> every_pattern() {
  std::vector<std::uint16_t> x(65536);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<std::uint16_t>(i);
  return x;
}

TEST(SelectionSimd, EveryPatternInOrderAgainstScalarCompare) {
  const auto x = every_pattern();
  for (float t : edge_thresholds()) check_all_kernels(x, t, "in order, t=" + std::to_string(t));
}

TEST(SelectionSimd, EveryPatternShuffledAgainstScalarCompare) {
  auto x = every_pattern();
  std::shuffle(x.begin(), x.end(), std::mt19937(11));
  x.resize(x.size() - 13);  // leave a partial block for the scalar tail
  for (float t : edge_thresholds()) check_all_kernels(x, t, "shuffled, t=" + std::to_string(t));
}

// Blocks of 32 where exactly j lanes survive, for every j: both store widths of the compact kernel
// and the switch between them, at every offset in the packed output.
TEST(SelectionSimd, EverySurvivorCountPerBlock) {
  std::vector<std::uint16_t> x;
  std::mt19937 rng(3);
  for (int round = 0; round < 3; ++round) {
    for (int j = 0; j <= 32; ++j) {
      std::vector<std::uint16_t> block(32, 0xbf80);   // -1: dropped
      for (int l = 0; l < j; ++l) block[l] = 0x3f80;  // 1: kept
      std::shuffle(block.begin(), block.end(), rng);
      x.insert(x.end(), block.begin(), block.end());
    }
  }
  check_all_kernels(x, 0.5f, "survivor counts");
}

TEST(SelectionSimd, ReportsWhichPathIsCompiled) {
#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VBMI2__)
  EXPECT_TRUE(xdna::ops::cpu::selection_simd_enabled());
#else
  EXPECT_FALSE(xdna::ops::cpu::selection_simd_enabled());
#endif
}

}  // namespace
