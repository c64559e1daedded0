// bfloat16 conversions, exhaustive over all 65536 bit patterns: bf16 -> float, the scalar
// float -> bf16 conversion (round to nearest even), and float -> bf16 through the SRS unit
// (accfloat::to_vector<bfloat16>) under every rounding mode.
#include <gtest/gtest.h>

#include <cstring>

#include "reference.hpp"

namespace {

TEST(Bf16Conversion, EveryBitPatternWidensExactly) {
  for (std::uint32_t b = 0; b < 65536; ++b) {
    const bfloat16 x = bfloat16::from_bits(static_cast<std::uint16_t>(b));
    const float f = static_cast<float>(x);
    std::uint32_t u;
    std::memcpy(&u, &f, 4);
    ASSERT_EQ(u, b << 16) << "bf16 bits " << std::hex << b;
  }
}

// Every bf16 value with each of a set of low halves (exact, just below/at/above the tie, max)
// as the float to narrow; covers ties, carries into the exponent, overflow to inf, NaNs.
const std::uint16_t kLowHalves[] = {0x0000, 0x0001, 0x3fff, 0x7fff, 0x8000, 0x8001, 0xc000, 0xffff};

float make_float(std::uint32_t hi, std::uint16_t lo) {
  const std::uint32_t u = (hi << 16) | lo;
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

TEST(Bf16Conversion, ScalarConversionIsRoundToNearestEven) {
  for (std::uint32_t hi = 0; hi < 65536; ++hi) {
    for (std::uint16_t lo : kLowHalves) {
      const float f = make_float(hi, lo);
      ASSERT_EQ(bfloat16(f).bits(), ref::float_to_bf16_rne_keep_subnormal(f))
          << std::hex << "float bits " << ((hi << 16) | lo);
    }
  }
}

// All floats above, in 32-lane accumulators, narrowed under one rounding mode.
void check_srs_mode(aie::rounding_mode mode) {
  ref::scoped_modes modes(mode, aie::saturation_mode::none);
  aie::accum<accfloat, 32> acc;
  std::uint32_t failures = 0;
  for (std::uint32_t hi = 0; hi < 65536; hi += 4) {
    unsigned lane = 0;
    float inputs[32];
    for (std::uint32_t h = hi; h < hi + 4; ++h)
      for (std::uint16_t lo : kLowHalves) inputs[lane++] = make_float(h, lo);
    for (unsigned i = 0; i < 32; ++i) acc.set(inputs[i], i);
    const aie::vector<bfloat16, 32> out = acc.to_vector<bfloat16>();
    for (unsigned i = 0; i < 32; ++i) {
      const std::uint16_t want = ref::float_to_bf16(inputs[i], mode);
      if (out[i].bits() != want && ++failures < 10) {
        std::uint32_t u;
        std::memcpy(&u, &inputs[i], 4);
        ADD_FAILURE() << "mode " << static_cast<int>(mode) << std::hex << " float bits 0x" << u
                      << ": got 0x" << out[i].bits() << " want 0x" << want;
      }
    }
  }
  EXPECT_EQ(failures, 0u);
}

TEST(Bf16Conversion, SrsEveryRoundingMode) {
  for (aie::rounding_mode mode : ref::kAllRounding) check_srs_mode(mode);
}

TEST(Bf16Conversion, SrsKnownValues) {
  // 1 + 2^-8 is a tie between 1 and 1 + 2^-7: floor/conv_even keep 1, positive_inf rounds up.
  aie::accum<accfloat, 8> acc;
  const float tie = 1.0f + 1.0f / 256.0f;
  for (unsigned i = 0; i < 8; ++i) acc.set(i % 2 ? -tie : tie, i);
  {
    ref::scoped_modes m(aie::rounding_mode::floor, aie::saturation_mode::none);
    auto v = acc.to_vector<bfloat16>();
    EXPECT_EQ(v[0].bits(), 0x3f80);  // 1.0
    EXPECT_EQ(v[1].bits(), 0xbf81);  // -(1 + 2^-7): floor goes toward -inf
  }
  {
    ref::scoped_modes m(aie::rounding_mode::conv_even, aie::saturation_mode::none);
    auto v = acc.to_vector<bfloat16>();
    EXPECT_EQ(v[0].bits(), 0x3f80);
    EXPECT_EQ(v[1].bits(), 0xbf80);
  }
  {
    ref::scoped_modes m(aie::rounding_mode::positive_inf, aie::saturation_mode::none);
    auto v = acc.to_vector<bfloat16>();
    EXPECT_EQ(v[0].bits(), 0x3f81);
    EXPECT_EQ(v[1].bits(), 0xbf80);  // the negative tie goes toward +inf
  }
}

TEST(Bf16Conversion, SubnormalsFlushInTheFloatDatapath) {
  aie::vector<bfloat16, 16> v;
  v[0] = bfloat16::from_bits(0x0001);  // smallest positive subnormal
  v[1] = bfloat16::from_bits(0x807f);  // largest negative subnormal
  v[2] = bfloat16::from_bits(0x0080);  // smallest normal survives
  aie::accum<accfloat, 16> acc(v);
  auto out = acc.to_vector<bfloat16>();
  EXPECT_EQ(out[0].bits(), 0x0000);
  EXPECT_EQ(out[1].bits(), 0x8000);
  EXPECT_EQ(out[2].bits(), 0x0080);
  // The scalar conversion (compiler, not the float datapath) keeps subnormals.
  EXPECT_EQ(bfloat16(static_cast<float>(bfloat16::from_bits(0x0001))).bits(), 0x0001);
}

}  // namespace
