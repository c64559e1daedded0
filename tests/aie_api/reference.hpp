// Scalar reference semantics for the host AIE API tests, written from the documented rules
// (docs/AIE_API.md, FACTS §2) with different arithmetic than the implementation: exact integer
// division and remainders instead of bias-and-shift, double-precision distances for rounding
// floats, sign-magnitude keys for ordering. Nothing here calls the API under test.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include <aie_api/aie.hpp>

namespace ref {

inline constexpr aie::rounding_mode kAllRounding[] = {
    aie::rounding_mode::floor,           aie::rounding_mode::ceil,
    aie::rounding_mode::symmetric_floor, aie::rounding_mode::symmetric_ceil,
    aie::rounding_mode::negative_inf,    aie::rounding_mode::positive_inf,
    aie::rounding_mode::symmetric_zero,  aie::rounding_mode::symmetric_inf,
    aie::rounding_mode::conv_even,       aie::rounding_mode::conv_odd};
inline constexpr aie::saturation_mode kAllSaturation[] = {
    aie::saturation_mode::none, aie::saturation_mode::saturate, aie::saturation_mode::symmetric};

// ---- integers -------------------------------------------------------------------------------

// Rounds the exact quotient q = num / 2^shift to an integer under `mode`. Uses floor division
// and the remainder compared with half the divisor.
inline __int128 round_shift(__int128 num, unsigned shift, aie::rounding_mode mode) {
  if (shift == 0) return num;
  const __int128 div = static_cast<__int128>(1) << shift;
  __int128 fl = num / div;
  __int128 rem = num % div;
  if (rem < 0) {  // make floor division
    fl -= 1;
    rem += div;
  }
  const bool exact = rem == 0;
  const __int128 twice = 2 * rem;  // compare rem with div/2 without losing bits
  const bool above_half = twice > div, is_half = twice == div;
  const bool negative = num < 0;
  using M = aie::rounding_mode;
  auto up = [&] { return fl + 1; };
  switch (mode) {
    case M::floor:
      return fl;
    case M::ceil:
      return exact ? fl : up();
    case M::symmetric_floor:
      return (negative && !exact) ? up() : fl;
    case M::symmetric_ceil:
      return (!negative && !exact) ? up() : fl;
    case M::negative_inf:
      return above_half ? up() : fl;
    case M::positive_inf:
      return (above_half || is_half) ? up() : fl;
    case M::symmetric_zero:
      return (above_half || (is_half && negative)) ? up() : fl;
    case M::symmetric_inf:
      return (above_half || (is_half && !negative)) ? up() : fl;
    case M::conv_even:
      return (above_half || (is_half && (fl & 1) != 0)) ? up() : fl;
    case M::conv_odd:
      return (above_half || (is_half && (fl & 1) == 0)) ? up() : fl;
  }
  return fl;
}

// Saturation of an exact integer to the range of Out.
template <typename Out>
Out saturate_to(__int128 v, aie::saturation_mode sat) {
  const __int128 hi = std::numeric_limits<Out>::max();
  __int128 lo = std::numeric_limits<Out>::min();
  if (sat == aie::saturation_mode::none) {
    // Keep the low bits: v modulo 2^bits, reinterpreted.
    const unsigned bits = sizeof(Out) * 8;
    const unsigned __int128 mod = static_cast<unsigned __int128>(1) << bits;
    unsigned __int128 u = static_cast<unsigned __int128>(v) % mod;
    if (std::numeric_limits<Out>::is_signed && u >= mod / 2)
      return static_cast<Out>(static_cast<__int128>(u) - static_cast<__int128>(mod));
    return static_cast<Out>(u);
  }
  if (sat == aie::saturation_mode::symmetric && std::numeric_limits<Out>::is_signed) lo = -hi;
  return static_cast<Out>(v < lo ? lo : (v > hi ? hi : v));
}

template <typename Out>
Out srs(__int128 acc, unsigned shift, aie::rounding_mode mode, aie::saturation_mode sat) {
  return saturate_to<Out>(round_shift(acc, shift, mode), sat);
}

// ---- bfloat16 / float ---------------------------------------------------------------------

inline float bf16_bits_to_float(std::uint16_t b) {
  return std::bit_cast<float>(static_cast<std::uint32_t>(b) << 16);
}
inline bool bf16_is_nan(std::uint16_t b) {
  return (b & 0x7f80u) == 0x7f80u && (b & 0x007fu) != 0;
}

// A total order key of non-NaN bf16 values in which -0 and +0 are equal.
inline int bf16_order_key(std::uint16_t b) {
  const int mag = b & 0x7fff;
  return (b & 0x8000) ? -mag : mag;
}

// Flush-to-zero rule of the AIE-ML float datapath (documented choice): subnormal -> signed 0.
inline float ftz(float f) {
  if (std::fpclassify(f) == FP_SUBNORMAL) return std::signbit(f) ? -0.0f : 0.0f;
  return f;
}

// float -> bfloat16 under a rounding mode, by choosing between the two neighbouring bf16 values
// with double-precision distances (every float and bf16 is exact in double).
inline std::uint16_t float_to_bf16(float f, aie::rounding_mode mode) {
  f = ftz(f);
  const std::uint32_t u = std::bit_cast<std::uint32_t>(f);
  if (std::isnan(f)) return static_cast<std::uint16_t>((u >> 16) | 0x40);
  const bool negative = std::signbit(f);
  const std::uint16_t toward_zero = static_cast<std::uint16_t>(u >> 16);
  if ((u & 0xffff) == 0) return toward_zero;
  const std::uint16_t away = static_cast<std::uint16_t>(toward_zero + 1);  // next magnitude
  const double x = std::fabs(static_cast<double>(f));
  const double lo = std::fabs(static_cast<double>(bf16_bits_to_float(toward_zero)));
  // The magnitude above may be infinity (bits 0x7f80): its "distance" uses 2^128.
  const double hi = (away & 0x7fff) == 0x7f80
                        ? std::ldexp(1.0, 128)
                        : std::fabs(static_cast<double>(bf16_bits_to_float(away)));
  const double d_lo = x - lo, d_hi = hi - x;
  const bool tie = d_lo == d_hi;
  const bool nearer_hi = d_hi < d_lo;
  const bool even_lo = (toward_zero & 1) == 0;
  using M = aie::rounding_mode;
  bool take_away = false;  // true: larger magnitude
  switch (mode) {
    case M::floor:
      take_away = negative;
      break;
    case M::ceil:
      take_away = !negative;
      break;
    case M::symmetric_floor:
      take_away = false;
      break;
    case M::symmetric_ceil:
      take_away = true;
      break;
    case M::negative_inf:
      take_away = nearer_hi || (tie && negative);
      break;
    case M::positive_inf:
      take_away = nearer_hi || (tie && !negative);
      break;
    case M::symmetric_zero:
      take_away = nearer_hi;
      break;
    case M::symmetric_inf:
      take_away = nearer_hi || tie;
      break;
    case M::conv_even:
      take_away = nearer_hi || (tie && !even_lo);
      break;
    case M::conv_odd:
      take_away = nearer_hi || (tie && even_lo);
      break;
  }
  return take_away ? away : toward_zero;
}

// The scalar compiler conversion (round to nearest even, subnormals kept).
inline std::uint16_t float_to_bf16_rne_keep_subnormal(float f) {
  const std::uint32_t u = std::bit_cast<std::uint32_t>(f);
  if (std::isnan(f)) return static_cast<std::uint16_t>((u >> 16) | 0x40);
  const std::uint16_t tz = static_cast<std::uint16_t>(u >> 16);
  if ((u & 0xffff) == 0) return tz;
  const std::uint16_t aw = static_cast<std::uint16_t>(tz + 1);
  const double x = std::fabs(static_cast<double>(f));
  const double lo = std::fabs(static_cast<double>(bf16_bits_to_float(tz)));
  const double hi = (aw & 0x7fff) == 0x7f80
                        ? std::ldexp(1.0, 128)
                        : std::fabs(static_cast<double>(bf16_bits_to_float(aw)));
  if (x - lo < hi - x) return tz;
  if (x - lo > hi - x) return aw;
  return (tz & 1) ? aw : tz;
}

// bf16 a + b as AIE2 computes it: exact operands to fp32 (flushed), fp32 add (RNE), flush,
// then the SRS rounding to bf16.
inline std::uint16_t bf16_add(std::uint16_t a, std::uint16_t b, aie::rounding_mode mode,
                              bool subtract = false) {
  const float fa = ftz(bf16_bits_to_float(a)), fb = ftz(bf16_bits_to_float(b));
  return float_to_bf16(ftz(subtract ? fa - fb : fa + fb), mode);
}

// ---- random data --------------------------------------------------------------------------

template <typename T>
std::vector<T> random_lanes(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<T> out(n);
  for (auto& x : out) {
    if constexpr (std::is_same_v<T, bfloat16>) {
      std::uint16_t bits = static_cast<std::uint16_t>(rng());
      out[&x - out.data()] = bfloat16::from_bits(bits);
    } else if constexpr (std::is_same_v<T, float>) {
      x = std::bit_cast<float>(static_cast<std::uint32_t>(rng()));
    } else {
      x = static_cast<T>(rng());
    }
  }
  return out;
}

template <typename T, unsigned N>
aie::vector<T, N> to_vec(const T* lanes) {
  aie::vector<T, N> v;
  for (unsigned i = 0; i < N; ++i) v[i] = lanes[i];
  return v;
}

// Bits of a lane for bit-exact comparisons.
template <typename T>
auto lane_bits(T x) {
  if constexpr (std::is_same_v<T, bfloat16>)
    return x.bits();
  else if constexpr (std::is_same_v<T, float>)
    return std::bit_cast<std::uint32_t>(x);
  else
    return x;
}

// Restores the calling thread's default core state (rounding, saturation) at scope exit.
class scoped_modes {
 public:
  scoped_modes(aie::rounding_mode r, aie::saturation_mode s)
      : old_r_(aie::get_rounding()), old_s_(aie::get_saturation()) {
    aie::set_rounding(r);
    aie::set_saturation(s);
  }
  ~scoped_modes() {
    aie::set_rounding(old_r_);
    aie::set_saturation(old_s_);
  }

 private:
  aie::rounding_mode old_r_;
  aie::saturation_mode old_s_;
};

}  // namespace ref
