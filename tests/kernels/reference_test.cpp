// The references' own building blocks, against hand-worked values: bf16 rounding per mode and
// the blocked GEMM layout. (Everything else in the references is checked by agreeing with the
// kernels and, for threshold, with OpenCV.)
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "reference/bf16_bits.hpp"
#include "reference/gemm_layout.hpp"

namespace xdna::kref {
namespace {

float from_bits32(std::uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

TEST(Bf16Reference, RoundingModesOnHandPickedValues) {
  // 1 + 2^-8 lies exactly halfway between bf16 1.0 (0x3F80) and 1.0078125 (0x3F81).
  const float tie_even = from_bits32(0x3F808000u);
  EXPECT_EQ(to_bf16(tie_even, Bf16Rounding::nearest_even), 0x3F80);
  EXPECT_EQ(to_bf16(tie_even, Bf16Rounding::half_toward_pos), 0x3F81);
  EXPECT_EQ(to_bf16(tie_even, Bf16Rounding::floor), 0x3F80);
  EXPECT_EQ(to_bf16(tie_even, Bf16Rounding::ceil), 0x3F81);
  // Tie above an odd pattern rounds up to even.
  EXPECT_EQ(to_bf16(from_bits32(0x3F818000u), Bf16Rounding::nearest_even), 0x3F82);
  // Negative: floor moves away from zero, ceil toward it; positive_inf ties go toward +inf.
  const float neg = from_bits32(0xBF808001u);
  EXPECT_EQ(to_bf16(neg, Bf16Rounding::floor), 0xBF81);
  EXPECT_EQ(to_bf16(neg, Bf16Rounding::ceil), 0xBF80);
  EXPECT_EQ(to_bf16(from_bits32(0xBF808000u), Bf16Rounding::half_toward_pos), 0xBF80);
  // Overflow to infinity, NaN stays NaN, exact values unchanged.
  EXPECT_EQ(to_bf16(from_bits32(0x7F7FFFFFu), Bf16Rounding::nearest_even), 0x7F80);
  EXPECT_EQ(to_bf16(from_bits32(0x7F7FFFFFu), Bf16Rounding::floor), 0x7F7F);
  EXPECT_TRUE(is_nan(to_bf16(from_bits32(0x7F800001u))));
  EXPECT_EQ(to_bf16(-0.0f, Bf16Rounding::floor), 0x8000);
  EXPECT_EQ(to_float(0x3F00), 0.5f);
  EXPECT_EQ(q8_value(77), 0.30078125f);
  EXPECT_EQ(to_bf16(-1e30f), 0xF14A);  // fp32 0xF149F2CA rounds up in magnitude
}

TEST(GemmLayout, BlockedOffsetsAndRoundTrip) {
  // 8 x 8 matrix in 4 x 4 blocks: (1, 0) -> 4; (0, 4) -> 16; (4, 0) -> 32.
  EXPECT_EQ(blocked_offset(1, 0, 8, 4, 4), 4u);
  EXPECT_EQ(blocked_offset(0, 4, 8, 4, 4), 16u);
  EXPECT_EQ(blocked_offset(4, 0, 8, 4, 4), 32u);
  EXPECT_EQ(blocked_offset(3, 7, 16, 4, 8), 3u * 8 + 7);
  std::vector<int> m(8 * 16);
  std::iota(m.begin(), m.end(), 0);
  const auto b = to_blocked<int>(m, 8, 16, 4, 8);
  EXPECT_EQ(b[8], 16);  // element (1, 0)
  EXPECT_EQ(from_blocked<int>(b, 8, 16, 4, 8), m);
  EXPECT_THROW(to_blocked<int>(m, 8, 16, 3, 8), std::invalid_argument);
}

}  // namespace
}  // namespace xdna::kref
