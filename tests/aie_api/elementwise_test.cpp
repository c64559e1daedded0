// Lane-wise arithmetic per lane type against scalar references: add, sub (vector and scalar
// forms), neg, abs, max, min, bitwise operations, shifts, zeros, broadcast, operators.
#include <gtest/gtest.h>

#include "reference.hpp"

namespace {

using namespace aie::operators;

template <typename T>
class IntegerLanes : public ::testing::Test {};
using IntegerTypes = ::testing::Types<int8, uint8, int16, uint16, int32, uint32>;
TYPED_TEST_SUITE(IntegerLanes, IntegerTypes);

// Wrapping arithmetic reference: exact in int64, reduced modulo 2^bits.
template <typename T>
T wrap(std::int64_t x) {
  const std::uint64_t mask = sizeof(T) == 8 ? ~0ull : ((1ull << (8 * sizeof(T))) - 1);
  const std::uint64_t low = static_cast<std::uint64_t>(x) & mask;
  if (std::is_signed_v<T> && (low >> (8 * sizeof(T) - 1)))
    return static_cast<T>(static_cast<std::int64_t>(low) - static_cast<std::int64_t>(mask) - 1);
  return static_cast<T>(low);
}

TYPED_TEST(IntegerLanes, ArithmeticMatchesWrappingReference) {
  using T = TypeParam;
  constexpr unsigned N = 512 / (8 * sizeof(T));
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    auto a = ref::random_lanes<T>(N, seed), b = ref::random_lanes<T>(N, seed + 100);
    // Force edge lanes: min, max, zero.
    a[0] = std::numeric_limits<T>::min();
    a[1] = std::numeric_limits<T>::max();
    b[2] = 0;
    const auto va = ref::to_vec<T, N>(a.data()), vb = ref::to_vec<T, N>(b.data());
    const T s = b[3];
    const auto add = aie::add(va, vb), sub = aie::sub(va, vb), adds = aie::add(va, s),
               subs = aie::sub(s, va), neg = aie::neg(va), ab = aie::abs(va), mx = aie::max(va, vb),
               mn = aie::min(va, vb), band = aie::bit_and(va, vb), bor = aie::bit_or(va, vb),
               bxor = aie::bit_xor(va, vb), bnot = aie::bit_not(va), up = aie::upshift(va, 3),
               down = aie::downshift(va, 2);
    for (unsigned i = 0; i < N; ++i) {
      const std::int64_t x = a[i], y = b[i];
      ASSERT_EQ(add[i], wrap<T>(x + y)) << i;
      ASSERT_EQ(sub[i], wrap<T>(x - y)) << i;
      ASSERT_EQ(adds[i], wrap<T>(x + s)) << i;
      ASSERT_EQ(subs[i], wrap<T>(s - x)) << i;
      ASSERT_EQ(neg[i], wrap<T>(-x)) << i;
      ASSERT_EQ(ab[i], std::is_signed_v<T> ? wrap<T>(x < 0 ? -x : x) : a[i]) << i;
      ASSERT_EQ(mx[i], x >= y ? a[i] : b[i]) << i;
      ASSERT_EQ(mn[i], x <= y ? a[i] : b[i]) << i;
      ASSERT_EQ(band[i], wrap<T>(x & y)) << i;
      ASSERT_EQ(bor[i], wrap<T>(x | y)) << i;
      ASSERT_EQ(bxor[i], wrap<T>(x ^ y)) << i;
      ASSERT_EQ(bnot[i], wrap<T>(~x)) << i;
      ASSERT_EQ(up[i], wrap<T>(x * 8)) << i;
      // Arithmetic for signed lanes (floor of x / 4), logical for unsigned.
      const std::int64_t q = x >= 0 ? x / 4 : -((-x + 3) / 4);
      ASSERT_EQ(down[i], wrap<T>(q)) << i;
    }
    // Operator spellings are the same functions.
    EXPECT_TRUE(aie::equal(va + vb, add));
    EXPECT_TRUE(aie::equal(va - vb, sub));
    EXPECT_TRUE(aie::equal(-va, neg));
    EXPECT_TRUE(aie::equal((va & vb) | (va ^ vb), bor));
    EXPECT_TRUE(aie::equal(~va, bnot));
    EXPECT_TRUE(aie::equal(va << 3, up));
    EXPECT_TRUE(aie::equal(va >> 2, down));
    auto acc = va;
    acc += vb;
    EXPECT_TRUE(aie::equal(acc, add));
  }
}

TYPED_TEST(IntegerLanes, ZerosAndBroadcast) {
  using T = TypeParam;
  constexpr unsigned N = 256 / (8 * sizeof(T));
  const auto z = aie::zeros<T, N>();
  const auto b = aie::broadcast<T, N>(static_cast<T>(77));
  for (unsigned i = 0; i < N; ++i) {
    EXPECT_EQ(z[i], 0);
    EXPECT_EQ(b[i], 77);
  }
  // The native-width forms.
  EXPECT_EQ(decltype(aie::zeros<T>())::size(), 512 / (8 * sizeof(T)));
  EXPECT_EQ(decltype(aie::broadcast<T>(1))::size(), 512 / (8 * sizeof(T)));
}

TEST(FloatLanes, Bf16AddSubRoundThroughTheAccumulatorUnderEveryMode) {
  // All pairs of one random bf16 vector set with many others, every rounding mode.
  for (aie::rounding_mode mode : ref::kAllRounding) {
    ref::scoped_modes m(mode, aie::saturation_mode::none);
    for (std::uint32_t seed = 1; seed <= 64; ++seed) {
      auto a = ref::random_lanes<bfloat16>(32, seed), b = ref::random_lanes<bfloat16>(32, seed + 7);
      const auto va = ref::to_vec<bfloat16, 32>(a.data()), vb = ref::to_vec<bfloat16, 32>(b.data());
      const auto sum = aie::add(va, vb), diff = aie::sub(va, vb);
      for (unsigned i = 0; i < 32; ++i) {
        ASSERT_EQ(sum[i].bits(), ref::bf16_add(a[i].bits(), b[i].bits(), mode))
            << "mode " << static_cast<int>(mode) << std::hex << " a " << a[i].bits() << " b "
            << b[i].bits();
        ASSERT_EQ(diff[i].bits(), ref::bf16_add(a[i].bits(), b[i].bits(), mode, true));
      }
    }
  }
}

// FACTS §2: a bf16 add under the reset default (floor) differs from numpy's round-to-nearest-
// even on part of the elements, under conv_even on none.
TEST(FloatLanes, Bf16AddConvEvenMatchesRneFloorDoesNot) {
  std::mt19937 rng(3587);
  std::normal_distribution<float> dist(0.0f, 1.0f);
  unsigned floor_mismatch = 0, even_mismatch = 0, total = 0;
  for (unsigned block = 0; block < 64; ++block) {
    aie::vector<bfloat16, 32> a, b;
    for (unsigned i = 0; i < 32; ++i) {
      a[i] = bfloat16(dist(rng));
      b[i] = bfloat16(dist(rng));
    }
    aie::vector<bfloat16, 32> f, e;
    {
      ref::scoped_modes m(aie::rounding_mode::floor, aie::saturation_mode::none);
      f = aie::add(a, b);
    }
    {
      ref::scoped_modes m(aie::rounding_mode::conv_even, aie::saturation_mode::none);
      e = aie::add(a, b);
    }
    for (unsigned i = 0; i < 32; ++i) {
      const std::uint16_t rne = ref::float_to_bf16_rne_keep_subnormal(static_cast<float>(a[i]) +
                                                                      static_cast<float>(b[i]));
      floor_mismatch += f[i].bits() != rne;
      even_mismatch += e[i].bits() != rne;
      ++total;
    }
  }
  EXPECT_EQ(even_mismatch, 0u);
  EXPECT_GT(floor_mismatch, total / 20) << "floor should disagree with RNE on a sizeable part";
  EXPECT_LT(floor_mismatch, total / 2);
}

TEST(FloatLanes, FloatAddFlushesSubnormals) {
  aie::vector<float, 16> a, b;
  a[0] = 1.5e-38f;   // normal
  b[0] = -1.4e-38f;  // difference is subnormal -> +0
  a[1] = 1e-40f;     // subnormal input -> 0
  b[1] = 0.0f;
  a[2] = 1.0f;
  b[2] = 2.0f;
  const auto s = aie::add(a, b);
  EXPECT_EQ(std::bit_cast<std::uint32_t>(s[0]), 0u);
  EXPECT_EQ(std::bit_cast<std::uint32_t>(s[1]), 0u);
  EXPECT_EQ(s[2], 3.0f);
}

TEST(FloatLanes, Bf16MaxMinNegAbsAreExactBitOperations) {
  auto a = ref::random_lanes<bfloat16>(64, 11), b = ref::random_lanes<bfloat16>(64, 12);
  // Specials: NaN in a or b, signed zeros, infinities.
  a[0] = bfloat16::from_bits(0x7fc0);
  b[0] = bfloat16::from_bits(0x3f80);
  a[1] = bfloat16::from_bits(0x3f80);
  b[1] = bfloat16::from_bits(0xffc1);
  a[2] = bfloat16::from_bits(0x8000);
  b[2] = bfloat16::from_bits(0x0000);
  a[3] = bfloat16::from_bits(0x0000);
  b[3] = bfloat16::from_bits(0x8000);
  a[4] = bfloat16::from_bits(0xff80);
  b[4] = bfloat16::from_bits(0x7f80);
  const auto va = ref::to_vec<bfloat16, 64>(a.data()), vb = ref::to_vec<bfloat16, 64>(b.data());
  const auto mx = aie::max(va, vb), mn = aie::min(va, vb), ng = aie::neg(va), ab = aie::abs(va);
  for (unsigned i = 0; i < 64; ++i) {
    const std::uint16_t x = a[i].bits(), y = b[i].bits();
    const bool unordered = ref::bf16_is_nan(x) || ref::bf16_is_nan(y);
    const bool x_ge = !unordered && ref::bf16_order_key(x) >= ref::bf16_order_key(y);
    const bool x_le = !unordered && ref::bf16_order_key(x) <= ref::bf16_order_key(y);
    EXPECT_EQ(mx[i].bits(), x_ge ? x : y) << i;
    EXPECT_EQ(mn[i].bits(), x_le ? x : y) << i;
    EXPECT_EQ(ng[i].bits(), x ^ 0x8000) << i;
    EXPECT_EQ(ab[i].bits(), x & 0x7fff) << i;
  }
  EXPECT_EQ(mx[2].bits(), 0x8000);  // -0 vs +0: equal, the first operand is kept
  EXPECT_EQ(mx[3].bits(), 0x0000);
}

TEST(FloatLanes, ScalarOperandsConvertToTheLaneType) {
  aie::vector<bfloat16, 16> v = aie::broadcast<bfloat16, 16>(2.0f);
  const auto m = aie::max(v, 3.0f);
  const auto s = aie::add(v, bfloat16(0.5f));
  EXPECT_EQ(static_cast<float>(m[5]), 3.0f);
  EXPECT_EQ(static_cast<float>(s[5]), 2.5f);
}

}  // namespace
