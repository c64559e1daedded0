// Scalar references for the multiplier tests, written from the documented semantics (FACTS §2,
// aie_api mmul / sliding_mul documentation) without calling the API under test.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <type_traits>
#include <vector>

#include <aie_api/aie.hpp>

namespace aie_ref {

using i128 = __int128;

// Two's complement wrap of an exact value to `bits` (32 or 64).
inline std::int64_t wrap_to(i128 v, unsigned bits) {
  const auto u = static_cast<unsigned __int128>(v);
  if (bits == 32) return static_cast<std::int32_t>(static_cast<std::uint32_t>(u));
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(u));
}

// Random lanes covering the whole range of T (integers), or normal bf16 values.
template <typename T>
std::vector<T> random_lanes(std::mt19937& rng, unsigned n) {
  std::vector<T> out(n);
  if constexpr (std::is_same_v<T, bfloat16>) {
    // Normal values over 2^-12 .. 2^13 with random sign and significand: wide enough that fp32
    // sums of products round (so the order of the additions shows), far from overflow and from
    // the subnormal range.
    std::uniform_int_distribution<int> exponent(-12, 12), significand(0, 127), sign(0, 1);
    for (auto& x : out) {
      const float mag =
          std::ldexp(1.0f + static_cast<float>(significand(rng)) / 128.0f, exponent(rng));
      x = bfloat16(sign(rng) ? -mag : mag);
    }
  } else {
    std::uniform_int_distribution<long long> d(std::numeric_limits<T>::min(),
                                               std::numeric_limits<T>::max());
    for (auto& x : out) x = static_cast<T>(d(rng));
  }
  return out;
}

// Shift-round-saturate of an exact integer `v` by `shift` into `bits`-bit lanes, from the mode
// definitions: floor/ceil round toward -inf/+inf, symmetric_floor/ceil toward/away from zero;
// the "nearest" modes break ties toward -inf (negative_inf), +inf (positive_inf), zero
// (symmetric_zero), away from zero (symmetric_inf), even (conv_even) or odd (conv_odd).
inline i128 round_shift(i128 v, int shift, aie::rounding_mode mode) {
  if (shift == 0) return v;
  const i128 scale = i128{1} << shift;
  i128 q = v / scale, r = v % scale;
  if (r < 0) {  // floor division
    q -= 1;
    r += scale;
  }
  const i128 half = scale / 2;
  const bool exact = r == 0, tie = r == half, above = r > half;
  const bool negative = v < 0;
  using M = aie::rounding_mode;
  switch (mode) {
    case M::floor:
      return q;
    case M::ceil:
      return exact ? q : q + 1;
    case M::symmetric_floor:
      return (exact || !negative) ? q : q + 1;
    case M::symmetric_ceil:
      return (exact || negative) ? q : q + 1;
    default:
      break;
  }
  if (above) return q + 1;
  if (!tie) return q;
  switch (mode) {
    case M::negative_inf:
      return q;
    case M::positive_inf:
      return q + 1;
    case M::symmetric_zero:
      return negative ? q + 1 : q;
    case M::symmetric_inf:
      return negative ? q : q + 1;
    case M::conv_even:
      return (q % 2 == 0) ? q : q + 1;
    case M::conv_odd:
      return (q % 2 != 0) ? q : q + 1;
    default:
      return q;
  }
}

template <typename T>
T saturate_to(i128 v, aie::saturation_mode sat) {
  const i128 lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  if (sat == aie::saturation_mode::none) {
    return static_cast<T>(static_cast<std::make_unsigned_t<T>>(static_cast<unsigned __int128>(v)));
  }
  const i128 floor_ = (sat == aie::saturation_mode::symmetric && std::is_signed_v<T>) ? -hi : lo;
  return static_cast<T>(v < floor_ ? floor_ : (v > hi ? hi : v));
}

template <typename T>
T srs(i128 v, int shift, aie::rounding_mode mode, aie::saturation_mode sat) {
  return saturate_to<T>(round_shift(v, shift, mode), sat);
}

}  // namespace aie_ref
