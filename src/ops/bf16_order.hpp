// A total order on bfloat16 bit patterns, used by the max and top-k paths so that their results
// do not depend on the order in which lanes are combined.
//
// key(b) maps the sign-magnitude encoding to a two's-complement int16 that increases with the
// value: -inf < ... < -0 < +0 < ... < +inf. NaNs are not ordered values; callers map them to
// kNanKey (below every real key) so that they never win a max.
#pragma once

#include <cstdint>

namespace xdna::ops::detail {

constexpr std::int16_t kNanKey = INT16_MIN;

constexpr bool is_nan_bits(std::uint16_t b) {
  return (b & 0x7fffu) > 0x7f80u;
}

constexpr std::int16_t order_key(std::uint16_t b) {
  if (is_nan_bits(b)) return kNanKey;
  const std::uint16_t flipped = (b & 0x8000u) ? static_cast<std::uint16_t>(b ^ 0x7fffu) : b;
  return static_cast<std::int16_t>(flipped);
}

// Inverse of order_key for non-NaN keys.
constexpr std::uint16_t bits_from_key(std::int16_t k) {
  const auto u = static_cast<std::uint16_t>(k);
  return (u & 0x8000u) ? static_cast<std::uint16_t>(u ^ 0x7fffu) : u;
}

}  // namespace xdna::ops::detail
