// GEMM micro-kernels (C += A * B on the blocked tile layout) against scalar row-major
// references: int16 -> int32 exact (wrapping or saturating on overflow), bf16 -> fp32 and
// bf16 -> bf16 with the accumulation order and the final rounding spelled out in the reference.
#include <gtest/gtest.h>

#include <aie_api/aie.hpp>

#include <bit>
#include <cstring>
#include <random>

#include "aie2/kernels.h"
#include "kernel_test_support.hpp"
#include "reference/gemm_layout.hpp"
#include "reference/gemm_ref.hpp"

namespace xdna::kernel_test {
namespace {

using kref::from_blocked;
using kref::GemmShape;
using kref::to_blocked;

std::vector<std::int16_t> random_i16(std::size_t n, int lo, int hi, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> dist(lo, hi);
  std::vector<std::int16_t> v(n);
  for (auto& x : v) x = static_cast<std::int16_t>(dist(rng));
  return v;
}

template <typename T>
kref::aligned_vector<T> aligned(const std::vector<T>& v) {
  return kref::aligned_vector<T>(v.begin(), v.end());
}

using I16Kernel = void (*)(const std::int16_t*, const std::int16_t*, std::int32_t*);

struct I16Case {
  const char* name;
  I16Kernel kernel;
  unsigned dim;
};

class MatmulI16 : public ::testing::TestWithParam<I16Case> {
 protected:
  // Two calls (K continued) on top of a non-zero C: checks the load-accumulate-store contract.
  void check(int lo, int hi, bool saturate, std::uint32_t seed) {
    const unsigned d = GetParam().dim;
    const GemmShape s{d, d, d};
    const auto a1 = random_i16(d * d, lo, hi, seed), b1 = random_i16(d * d, lo, hi, seed + 1);
    const auto a2 = random_i16(d * d, lo, hi, seed + 2), b2 = random_i16(d * d, lo, hi, seed + 3);
    std::vector<std::int32_t> c(d * d);
    std::mt19937 rng(seed + 4);
    for (auto& v : c) v = static_cast<std::int32_t>(rng());  // any start value, full range

    aie::host::core_state core;
    if (saturate) core.saturation = aie::saturation_mode::saturate;
    aie::host::scoped_core scope(core);
    auto ka1 = aligned(to_blocked<std::int16_t>(a1, d, d, 4, 4));
    auto kb1 = aligned(to_blocked<std::int16_t>(b1, d, d, 4, 4));
    auto ka2 = aligned(to_blocked<std::int16_t>(a2, d, d, 4, 4));
    auto kb2 = aligned(to_blocked<std::int16_t>(b2, d, d, 4, 4));
    auto kc = aligned(to_blocked<std::int32_t>(c, d, d, 4, 4));
    GetParam().kernel(ka1.data(), kb1.data(), kc.data());
    GetParam().kernel(ka2.data(), kb2.data(), kc.data());

    kref::matmul_i16_i32(a1, b1, c, s, saturate);
    kref::matmul_i16_i32(a2, b2, c, s, saturate);
    const auto got =
        from_blocked<std::int32_t>(std::vector<std::int32_t>(kc.begin(), kc.end()), d, d, 4, 4);
    EXPECT_EQ(first_mismatch<std::int32_t>(got, c), -1);
  }
};

TEST_P(MatmulI16, SmallValuesExact) {
  check(-300, 300, false, 51);
}
TEST_P(MatmulI16, FullRangeWrapsModulo2To32) {
  check(-32768, 32767, false, 52);
}
TEST_P(MatmulI16, FullRangeSaturatesWhenTheCoreSaysSo) {
  check(-32768, 32767, true, 53);
}

TEST_P(MatmulI16, ZeroThenOneCall) {
  const unsigned d = GetParam().dim;
  const auto a = random_i16(d * d, -1000, 1000, 54), b = random_i16(d * d, -1000, 1000, 55);
  kref::aligned_vector<std::int32_t> kc(d * d, 12345);
  if (d == 64)
    zero_i32(kc.data());
  else
    zero_i32_32x32(kc.data());
  for (const auto v : kc) ASSERT_EQ(v, 0);
  auto ka = aligned(to_blocked<std::int16_t>(a, d, d, 4, 4));
  auto kb = aligned(to_blocked<std::int16_t>(b, d, d, 4, 4));
  GetParam().kernel(ka.data(), kb.data(), kc.data());
  std::vector<std::int32_t> c(d * d, 0);
  kref::matmul_i16_i32(a, b, c, GemmShape{d, d, d});
  const auto got =
      from_blocked<std::int32_t>(std::vector<std::int32_t>(kc.begin(), kc.end()), d, d, 4, 4);
  EXPECT_EQ(first_mismatch<std::int32_t>(got, c), -1);
}

INSTANTIATE_TEST_SUITE_P(Tiles, MatmulI16,
                         ::testing::Values(I16Case{"64x64x64", matmul_i16_i32, 64},
                                           I16Case{"32x32x32", matmul_i16_i32_32x32x32, 32}),
                         [](const auto& p) { return cat("T", p.param.name); });

using Bf16F32Kernel = void (*)(const bfloat16*, const bfloat16*, float*);
using Bf16Bf16Kernel = void (*)(const bfloat16*, const bfloat16*, bfloat16*);

struct Bf16Case {
  const char* name;
  Bf16F32Kernel to_f32;
  Bf16Bf16Kernel to_bf16;
  unsigned dim;
  aie::rounding_mode rounding;
};

class MatmulBf16 : public ::testing::TestWithParam<Bf16Case> {
 protected:
  unsigned d() const { return GetParam().dim; }
  std::vector<bf16_bits> a_ = random_bf16(GetParam().dim * GetParam().dim, -2.0f, 2.0f, 61);
  std::vector<bf16_bits> b_ = random_bf16(GetParam().dim * GetParam().dim, -2.0f, 2.0f, 62);
};

TEST_P(MatmulBf16, FloatOutputBitExact) {
  CoreWithRounding core(GetParam().rounding);  // fp32 stores do not round: same bits either way
  std::vector<float> c(d() * d());
  std::mt19937 rng(63);
  std::uniform_real_distribution<float> dist(-8.0f, 8.0f);
  for (auto& v : c) v = dist(rng);
  auto ka = to_kernel(to_blocked<bf16_bits>(a_, d(), d(), 4, 8));
  auto kb = to_kernel(to_blocked<bf16_bits>(b_, d(), d(), 8, 4));
  auto kc = aligned(to_blocked<float>(c, d(), d(), 4, 4));
  GetParam().to_f32(ka.data(), kb.data(), kc.data());
  GetParam().to_f32(ka.data(), kb.data(), kc.data());  // twice: C keeps accumulating
  kref::matmul_bf16_f32(a_, b_, c, GemmShape{d(), d(), d()});
  kref::matmul_bf16_f32(a_, b_, c, GemmShape{d(), d(), d()});
  const auto got = from_blocked<float>(std::vector<float>(kc.begin(), kc.end()), d(), d(), 4, 4);
  std::vector<std::uint32_t> got_bits(got.size()), want_bits(c.size());
  std::memcpy(got_bits.data(), got.data(), got.size() * 4);
  std::memcpy(want_bits.data(), c.data(), c.size() * 4);
  EXPECT_EQ(first_mismatch<std::uint32_t>(got_bits, want_bits), -1);
}

TEST_P(MatmulBf16, Bf16OutputRoundsOncePerCallUnderTheCoreMode) {
  CoreWithRounding core(GetParam().rounding);
  std::vector<bf16_bits> c = random_bf16(d() * d(), -4.0f, 4.0f, 64);
  auto ka = to_kernel(to_blocked<bf16_bits>(a_, d(), d(), 4, 8));
  auto kb = to_kernel(to_blocked<bf16_bits>(b_, d(), d(), 8, 4));
  auto kc = to_kernel(to_blocked<bf16_bits>(c, d(), d(), 4, 4));
  GetParam().to_bf16(ka.data(), kb.data(), kc.data());
  GetParam().to_bf16(ka.data(), kb.data(), kc.data());
  const auto mode = reference_rounding(GetParam().rounding);
  kref::matmul_bf16_bf16(a_, b_, c, GemmShape{d(), d(), d()}, mode);
  kref::matmul_bf16_bf16(a_, b_, c, GemmShape{d(), d(), d()}, mode);
  const auto got = from_blocked<bf16_bits>(from_kernel(kc), d(), d(), 4, 4);
  EXPECT_EQ(first_mismatch<bf16_bits>(got, c), -1);

  // The mode matters: the other rounding gives different bits on this data.
  const auto other = mode == kref::Bf16Rounding::floor ? kref::Bf16Rounding::nearest_even
                                                       : kref::Bf16Rounding::floor;
  std::vector<bf16_bits> c_other = random_bf16(d() * d(), -4.0f, 4.0f, 64);
  kref::matmul_bf16_bf16(a_, b_, c_other, GemmShape{d(), d(), d()}, other);
  kref::matmul_bf16_bf16(a_, b_, c_other, GemmShape{d(), d(), d()}, other);
  EXPECT_NE(first_mismatch<bf16_bits>(got, c_other), -1);
}

TEST_P(MatmulBf16, ZeroKernels) {
  const std::size_t n = d() * d();
  kref::aligned_vector<float> f(n, 1.5f);
  auto b = to_kernel(std::vector<bf16_bits>(n, 0x3F80));
  if (d() == 64) {
    zero_f32(f.data());
    zero_bf16(b.data());
  } else {
    zero_f32_32x32(f.data());
    zero_bf16_32x32(b.data());
  }
  for (const float v : f) ASSERT_EQ(std::bit_cast<std::uint32_t>(v), 0u);
  for (const bfloat16 v : b) ASSERT_EQ(v.bits(), 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Tiles, MatmulBf16,
    ::testing::Values(Bf16Case{"64_floor", matmul_bf16_f32, matmul_bf16_bf16, 64,
                               aie::rounding_mode::floor},
                      Bf16Case{"64_conv_even", matmul_bf16_f32, matmul_bf16_bf16, 64,
                               aie::rounding_mode::conv_even},
                      Bf16Case{"32_floor", matmul_bf16_f32_32x32x32, matmul_bf16_bf16_32x32x32, 32,
                               aie::rounding_mode::floor},
                      Bf16Case{"32_conv_even", matmul_bf16_f32_32x32x32, matmul_bf16_bf16_32x32x32,
                               32, aie::rounding_mode::conv_even}),
    [](const auto& p) { return cat("T", p.param.name); });

}  // namespace
}  // namespace xdna::kernel_test
