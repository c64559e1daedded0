// matmul on the CPU backend against the scalar reference: exhaustive on small odd shapes,
// sampled at the FFN shape 512 x 4096 x 4096; overflow, subnormal and special-value cases.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "../../src/ops/matmul_cpu.hpp"
#include "matmul_reference.hpp"
#include "xdna/common/error.hpp"
#include "xdna/ops/matmul.hpp"
#include "xdna/ops/synthetic.hpp"

namespace {

using xdna::ops::Backend;
using xdna::ops::MatmulShape;

std::vector<std::int16_t> random_i16(std::size_t n, std::uint32_t seed, int lo = -32768,
                                     int hi = 32767) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> d(lo, hi);
  std::vector<std::int16_t> v(n);
  for (auto& e : v) e = static_cast<std::int16_t>(d(rng));
  return v;
}

std::vector<bfloat16> random_bf16(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> d(0.0f, 1.0f);
  std::vector<bfloat16> v(n);
  for (auto& e : v) e = bfloat16(d(rng));
  return v;
}

bool same_float(float x, float y) {
  if (std::isnan(x) || std::isnan(y)) return std::isnan(x) && std::isnan(y);
  return std::bit_cast<std::uint32_t>(x) == std::bit_cast<std::uint32_t>(y);
}

void check_i16_exhaustive(const std::vector<std::int16_t>& a, const std::vector<std::int16_t>& b,
                          MatmulShape s) {
  const auto c = xdna::ops::matmul_i16(a, b, s, Backend::cpu);
  std::vector<std::int32_t> p(s.m * s.n);
  xdna::ops::cpu::portable::matmul_i16_i32(a.data(), b.data(), p.data(), s.m, s.k, s.n);
  for (std::size_t i = 0; i < s.m; ++i) {
    for (std::size_t j = 0; j < s.n; ++j) {
      const std::int32_t want = ref::dot_i16(a, b, s.k, s.n, i, j);
      ASSERT_EQ(c[i * s.n + j], want) << s.m << "x" << s.k << "x" << s.n << " at " << i << "," << j;
      ASSERT_EQ(p[i * s.n + j], want) << "portable path";
    }
  }
}

void check_bf16_exhaustive(const std::vector<bfloat16>& a, const std::vector<bfloat16>& b,
                           MatmulShape s) {
  const auto c = xdna::ops::matmul_bf16(a, b, s, Backend::cpu);
  const auto c16 = xdna::ops::matmul_bf16_out(a, b, s, Backend::cpu);
  std::vector<float> p(s.m * s.n);
  xdna::ops::cpu::portable::matmul_bf16_f32(reinterpret_cast<const std::uint16_t*>(a.data()),
                                            reinterpret_cast<const std::uint16_t*>(b.data()),
                                            p.data(), s.m, s.k, s.n);
  for (std::size_t i = 0; i < s.m; ++i) {
    for (std::size_t j = 0; j < s.n; ++j) {
      const float want = ref::dot_bf16(a, b, s.k, s.n, i, j);
      ASSERT_TRUE(same_float(c[i * s.n + j], want))
          << s.m << "x" << s.k << "x" << s.n << " at " << i << "," << j << ": " << c[i * s.n + j]
          << " vs " << want;
      ASSERT_TRUE(same_float(p[i * s.n + j], want)) << "portable path";
      ASSERT_TRUE(same_float(float(c16[i * s.n + j]), float(bfloat16(want))));
    }
  }
}

TEST(MatmulCpu, Int16SmallShapesExhaustive) {
  std::uint32_t seed = 1;
  for (MatmulShape s : {MatmulShape{1, 1, 1}, MatmulShape{1, 7, 1}, MatmulShape{7, 3, 5},
                        MatmulShape{6, 32, 32}, MatmulShape{13, 513, 33}, MatmulShape{97, 1025, 65},
                        MatmulShape{64, 64, 64}, MatmulShape{5, 2, 100}}) {
    const auto a = random_i16(s.m * s.k, seed++);
    check_i16_exhaustive(a, random_i16(s.k * s.n, seed++), s);
  }
}

TEST(MatmulCpu, Int16WrapsModulo2To32) {
  // -32768 * -32768 = 2^30 per product; 8 of them sum to 2^33, which wraps to 0; 5 to 5 * 2^30.
  for (std::size_t k : {4u, 5u, 8u, 1031u}) {
    const MatmulShape s{3, k, 35};
    check_i16_exhaustive(std::vector<std::int16_t>(s.m * k, -32768),
                         std::vector<std::int16_t>(k * s.n, -32768), s);
  }
  const MatmulShape s{1, 8, 1};
  const auto c = xdna::ops::matmul_i16(std::vector<std::int16_t>(8, -32768),
                                       std::vector<std::int16_t>(8, -32768), s, Backend::cpu);
  EXPECT_EQ(c[0], 0);  // 2^33 mod 2^32
}

TEST(MatmulCpu, Bf16SmallShapesExhaustive) {
  std::uint32_t seed = 100;
  for (MatmulShape s : {MatmulShape{1, 1, 1}, MatmulShape{7, 3, 5}, MatmulShape{6, 32, 32},
                        MatmulShape{13, 513, 33}, MatmulShape{97, 600, 65}}) {
    const auto a = random_bf16(s.m * s.k, seed++);
    check_bf16_exhaustive(a, random_bf16(s.k * s.n, seed++), s);
  }
}

TEST(MatmulCpu, Bf16SubnormalsAndSpecials) {
  // Products below the normal range flush; sums that cancel into it flush; inputs that are
  // subnormal count as zero; inf and NaN propagate.
  const std::vector<std::uint16_t> pool = {0x0001, 0x8001, 0x0080, 0x8080, 0x1f80, 0x9f80,
                                           0x2000, 0x3f80, 0xbf80, 0x7f80, 0xff80, 0x7fc0,
                                           0x0000, 0x8000, 0x7f7f, 0x00ff, 0x3f81, 0xbf81};
  std::mt19937 rng(5);
  for (std::size_t trial = 0; trial < 20; ++trial) {
    const MatmulShape s{4 + trial % 5, 1 + trial % 9, 3 + trial % 31};
    std::vector<bfloat16> a(s.m * s.k), b(s.k * s.n);
    for (auto& e : a) e = bfloat16::from_bits(pool[rng() % pool.size()]);
    for (auto& e : b) e = bfloat16::from_bits(pool[rng() % pool.size()]);
    check_bf16_exhaustive(a, b, s);
  }
  // 2^-64 * 2^-64 = 2^-128 is below the normal range: flushed, so the sum stays +0.
  const auto c =
      xdna::ops::matmul_bf16(std::vector<bfloat16>{bfloat16(0x1p-64f)},
                             std::vector<bfloat16>{bfloat16(0x1p-64f)}, {1, 1, 1}, Backend::cpu);
  EXPECT_EQ(std::bit_cast<std::uint32_t>(c[0]), 0u);
}

// The seed's FFN shape that its 512^3 design could not take: full CPU product, outputs sampled.
TEST(MatmulCpu, FfnShapeInt16Sampled) {
  const MatmulShape s{512, 4096, 4096};
  const auto a = xdna::ops::synthetic_i16(s.m * s.k, 7, -2000, 2000);
  const auto b = xdna::ops::synthetic_i16(s.k * s.n, 8, -2000, 2000);
  const auto c = xdna::ops::matmul_i16(a, b, s, Backend::cpu);
  std::mt19937 rng(9);
  for (int t = 0; t < 300; ++t) {
    const std::size_t i = rng() % s.m, j = rng() % s.n;
    ASSERT_EQ(c[i * s.n + j], ref::dot_i16(a, b, s.k, s.n, i, j)) << i << "," << j;
  }
  // The corners exercise the last panel and the last row block.
  ASSERT_EQ(c.back(), ref::dot_i16(a, b, s.k, s.n, s.m - 1, s.n - 1));
}

TEST(MatmulCpu, FfnShapeBf16Sampled) {
  const MatmulShape s{512, 4096, 1024};  // K at FFN depth; N cut to keep the test fast
  const auto a = xdna::ops::synthetic_bf16(s.m * s.k, 11);
  const auto b = xdna::ops::synthetic_bf16(s.k * s.n, 12);
  const auto c = xdna::ops::matmul_bf16(a, b, s, Backend::cpu);
  std::mt19937 rng(13);
  for (int t = 0; t < 300; ++t) {
    const std::size_t i = rng() % s.m, j = rng() % s.n;
    ASSERT_TRUE(same_float(c[i * s.n + j], ref::dot_bf16(a, b, s.k, s.n, i, j))) << i << "," << j;
  }
}

TEST(MatmulCpu, BadShapesAreRefused) {
  const std::vector<std::int16_t> a(6), b(6);
  EXPECT_THROW(xdna::ops::matmul_i16(a, b, {2, 3, 3}, Backend::cpu), xdna::InputError);
  EXPECT_THROW(xdna::ops::matmul_i16(a, b, {0, 3, 2}, Backend::cpu), xdna::InputError);
  EXPECT_THROW(xdna::ops::matmul_i16(a, b, {SIZE_MAX, 3, 2}, Backend::cpu), xdna::InputError);
  EXPECT_NO_THROW(xdna::ops::matmul_i16(a, b, {2, 3, 2}, Backend::cpu));
  EXPECT_THROW(xdna::ops::matmul_i16(a, b, {2, 3, 2}, Backend::npu), xdna::Error);
}

}  // namespace
