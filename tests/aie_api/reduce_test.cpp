// Reductions: reduce_max/min/add per lane type against scalar references (the documented
// combination orders), with NaN, -0 and saturation cases.
#include <gtest/gtest.h>

#include "reference.hpp"

namespace {

template <typename T>
class IntegerReduce : public ::testing::Test {};
using ReduceTypes = ::testing::Types<int8, uint8, int16, uint16, int32, uint32>;
TYPED_TEST_SUITE(IntegerReduce, ReduceTypes);

// Reference of the 8/16-bit reduce_add: wrapping halving down to 16 (8) lanes, exact sum,
// saturating narrowing with the core's saturation mode.
template <typename T, unsigned N>
T reference_add(const T* x, aie::saturation_mode sat) {
  std::vector<std::int64_t> w(x, x + N);
  const unsigned keep = sizeof(T) == 1 ? 16 : (sizeof(T) == 2 ? 8 : 1);
  unsigned width = N;
  while (width > keep) {
    for (unsigned i = 0; i < width / 2; ++i)
      w[i] = static_cast<T>(static_cast<std::make_unsigned_t<T>>(w[i] + w[i + width / 2]));
    width /= 2;
  }
  __int128 sum = 0;
  for (unsigned i = 0; i < (N < keep ? N : keep); ++i) sum += w[i];
  if (sizeof(T) == 4)
    return static_cast<T>(static_cast<std::make_unsigned_t<T>>(static_cast<std::uint64_t>(sum)));
  return ref::saturate_to<T>(sum, sat);
}

template <typename T, unsigned N>
void check_reduce(std::uint32_t seed) {
  auto a = ref::random_lanes<T>(N, seed);
  const auto v = ref::to_vec<T, N>(a.data());
  T mx = a[0], mn = a[0];
  for (unsigned i = 1; i < N; ++i) {
    mx = a[i] > mx ? a[i] : mx;
    mn = a[i] < mn ? a[i] : mn;
  }
  EXPECT_EQ(aie::reduce_max(v), mx);
  EXPECT_EQ(aie::reduce_min(v), mn);
  for (aie::saturation_mode s : ref::kAllSaturation) {
    ref::scoped_modes m(aie::rounding_mode::floor, s);
    EXPECT_EQ(aie::reduce_add(v), (reference_add<T, N>(a.data(), s)))
        << "sat " << static_cast<int>(s);
  }
}

TYPED_TEST(IntegerReduce, AllWidths) {
  using T = TypeParam;
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    check_reduce<T, 128 / (8 * sizeof(T))>(seed);
    check_reduce<T, 256 / (8 * sizeof(T))>(seed);
    check_reduce<T, 512 / (8 * sizeof(T))>(seed);
    check_reduce<T, 1024 / (8 * sizeof(T))>(seed);
  }
}

TEST(IntegerReduceAdd, SaturatesTheFinalNarrowing) {
  // 16 lanes of 100: the exact sum 1600 does not fit int8.
  const auto v = aie::broadcast<int8, 16>(100);
  {
    ref::scoped_modes m(aie::rounding_mode::floor, aie::saturation_mode::none);
    EXPECT_EQ(aie::reduce_add(v), static_cast<int8>(1600 - 7 * 256));
  }
  {
    ref::scoped_modes m(aie::rounding_mode::floor, aie::saturation_mode::saturate);
    EXPECT_EQ(aie::reduce_add(v), 127);
  }
}

TEST(Bf16Reduce, MaxMinWithSpecials) {
  aie::vector<bfloat16, 32> v;
  for (unsigned i = 0; i < 32; ++i) v[i] = bfloat16(-100.0f + static_cast<float>(i));
  v[17] = bfloat16(42.0f);
  EXPECT_EQ(static_cast<float>(aie::reduce_max(v)), 42.0f);
  EXPECT_EQ(static_cast<float>(aie::reduce_min(v)), -100.0f);
  // All negative: the peak is the least negative.
  for (unsigned i = 0; i < 32; ++i) v[i] = bfloat16(-3.0f - static_cast<float>(i));
  EXPECT_EQ(static_cast<float>(aie::reduce_max(v)), -3.0f);
  // -0 and +0 are equal: the halving tree keeps the lower lane of a tie.
  aie::vector<bfloat16, 16> z;
  z[0] = bfloat16::from_bits(0x8000);
  z[8] = bfloat16::from_bits(0x0000);
  for (unsigned i = 1; i < 16; ++i)
    if (i != 8) z[i] = bfloat16(-1.0f);
  EXPECT_EQ(aie::reduce_max(z).bits(), 0x8000);
}

TEST(Bf16Reduce, NanFollowsTheHalvingTree) {
  // Lane rule x >= y ? x : y: a NaN wins a step from the upper half and loses from the lower
  // half, so it survives only from lane 15 (upper at every step: 15 -> 7 -> 3 -> 1 -> 0).
  for (unsigned pos = 0; pos < 16; ++pos) {
    aie::vector<bfloat16, 16> v = aie::broadcast<bfloat16, 16>(1.0f);
    v[pos] = bfloat16::from_bits(0x7fc0);
    EXPECT_EQ(aie::reduce_max(v).bits(), pos == 15 ? 0x7fc0 : 0x3f80) << pos;
    // reduce_min has the mirrored rule x <= y ? x : y, the same survival pattern.
    EXPECT_EQ(aie::reduce_min(v).bits(), pos == 15 ? 0x7fc0 : 0x3f80) << pos;
  }
}

// bf16 reduce_add: rows of 8 in fp32, (r0 + r2) + (r1 + r3), one rounding at the end.
TEST(Bf16Reduce, AddFollowsTheRowOrder) {
  for (std::uint32_t seed = 1; seed <= 50; ++seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.0f, 100.0f);
    aie::vector<bfloat16, 64> v;
    for (unsigned i = 0; i < 64; ++i) v[i] = bfloat16(dist(rng));
    for (aie::rounding_mode mode : {aie::rounding_mode::floor, aie::rounding_mode::conv_even}) {
      ref::scoped_modes m(mode, aie::saturation_mode::none);
      auto row = [&](unsigned base) {
        float s = static_cast<float>(v[base]);
        for (unsigned k = 1; k < 8; ++k) s += static_cast<float>(v[base + k]);
        return s;
      };
      // 32 lanes.
      const aie::vector<bfloat16, 32> h = v.extract<32>(0);
      float r32 = (row(0) + row(16)) + (row(8) + row(24));
      EXPECT_EQ(aie::reduce_add(h).bits(), ref::float_to_bf16(r32, mode));
      // 64 lanes: rows of the second half add onto the first.
      float r[4];
      for (unsigned k = 0; k < 4; ++k) r[k] = row(8 * k) + row(32 + 8 * k);
      EXPECT_EQ(aie::reduce_add(v).bits(), ref::float_to_bf16((r[0] + r[2]) + (r[1] + r[3]), mode));
      // 16 and 8 lanes.
      EXPECT_EQ(aie::reduce_add(v.extract<16>(0)).bits(),
                ref::float_to_bf16(row(0) + row(8), mode));
      EXPECT_EQ(aie::reduce_add(v.extract<8>(0)).bits(), ref::float_to_bf16(row(0), mode));
    }
  }
}

TEST(FloatReduce, AddIsAHalvingTree) {
  aie::vector<float, 16> v;
  for (unsigned i = 0; i < 16; ++i) v[i] = 1.0f + static_cast<float>(i) * 1e-3f;
  float w[16];
  for (unsigned i = 0; i < 16; ++i) w[i] = v[i];
  for (unsigned width = 16; width > 1; width /= 2)
    for (unsigned i = 0; i < width / 2; ++i) w[i] = w[i] + w[i + width / 2];
  EXPECT_EQ(aie::reduce_add(v), w[0]);
}

}  // namespace
