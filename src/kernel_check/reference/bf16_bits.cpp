// Float <-> bf16 conversions for the references, written from IEEE 754: truncate the low 16 bits
// of the binary32 pattern, then adjust the kept magnitude by one unit where the mode rounds away
// from zero. (Incrementing the 16-bit pattern carries into the exponent, which is exactly the
// next representable magnitude, up to infinity.)
#include "reference/bf16_bits.hpp"

#include <cstring>

namespace xdna::kref {

namespace {
std::uint32_t bits_of(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}
}  // namespace

float to_float(bf16_bits b) {
  const std::uint32_t u = static_cast<std::uint32_t>(b) << 16;
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

bool is_nan(bf16_bits b) {
  return (b & 0x7f80u) == 0x7f80u && (b & 0x007fu) != 0;
}

bf16_bits to_bf16(float f, Bf16Rounding mode) {
  const std::uint32_t u = bits_of(f);
  const bool negative = (u >> 31) != 0;
  if ((u & 0x7fffffffu) > 0x7f800000u) return static_cast<bf16_bits>((u >> 16) | 0x0040u);  // NaN
  const std::uint32_t kept = u >> 16;  // sign, exponent, top 7 mantissa bits
  const std::uint32_t dropped = u & 0xffffu;
  if (dropped == 0) return static_cast<bf16_bits>(kept);
  bool away_from_zero = false;  // round the magnitude up?
  switch (mode) {
    case Bf16Rounding::floor:
      away_from_zero = negative;
      break;
    case Bf16Rounding::ceil:
      away_from_zero = !negative;
      break;
    case Bf16Rounding::nearest_even:
      away_from_zero = dropped > 0x8000u || (dropped == 0x8000u && (kept & 1u) != 0);
      break;
    case Bf16Rounding::half_toward_pos:
      away_from_zero = dropped > 0x8000u || (dropped == 0x8000u && !negative);
      break;
  }
  return static_cast<bf16_bits>(away_from_zero ? kept + 1 : kept);
}

float q8_value(std::int32_t q) {
  return static_cast<float>(q) / 256.0f;
}

}  // namespace xdna::kref
