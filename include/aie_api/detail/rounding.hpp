// Shift-round-saturate (SRS) and the float datapath's number rules, as per-lane loops.
//
// Every rounding mode is expressed as "add a bias to the discarded bits, then shift": the bias
// depends on the sign of the value (directed modes) and on the parity of the kept part (the two
// convergent modes). That gives one branch-free loop for all ten modes, which the host compiler
// vectorises; the mode is decoded once per call, outside the loop. docs/AIE_API.md lists the
// rules and the choices made where AMD's documents are silent.
#pragma once

#include <bit>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "../types.hpp"
#include "core_state.hpp"

#ifndef XDNA_AIE_INLINE
#define XDNA_AIE_INLINE inline __attribute__((always_inline))
#endif

namespace aie::detail {

// Bias parameters of one rounding mode for `drop` discarded bits: result = (x >> drop) +
// ((low + bias) >> drop), bias = (negative ? neg_bias : pos_bias) + parity_coef * parity(kept).
// `negative` is the sign of the value (two's complement) or of the float (sign-magnitude);
// for sign-magnitude data "toward -inf" means "away from zero" when negative, so callers pass
// the mode already mapped to magnitude terms via `for_magnitude`.
struct round_bias {
  std::uint64_t pos_bias = 0;
  std::uint64_t neg_bias = 0;
  int parity_coef = 0;  // +1: conv_even, -1: conv_odd, 0: otherwise
};

// Bias for a two's complement value with `drop` (>= 1) discarded bits.
inline round_bias twos_complement_bias(rounding_mode mode, unsigned drop) {
  const std::uint64_t all = (std::uint64_t{1} << drop) - 1;  // round up any non-zero fraction
  const std::uint64_t half = std::uint64_t{1} << (drop - 1);
  switch (mode) {
    case rounding_mode::floor:
      return {0, 0, 0};
    case rounding_mode::ceil:
      return {all, all, 0};
    case rounding_mode::symmetric_floor:
      return {0, all, 0};  // toward zero
    case rounding_mode::symmetric_ceil:
      return {all, 0, 0};  // away from zero
    case rounding_mode::negative_inf:
      return {half - 1, half - 1, 0};
    case rounding_mode::positive_inf:
      return {half, half, 0};
    case rounding_mode::symmetric_zero:
      return {half - 1, half, 0};
    case rounding_mode::symmetric_inf:
      return {half, half - 1, 0};
    case rounding_mode::conv_even:
      return {half - 1, half - 1, +1};
    case rounding_mode::conv_odd:
      return {half, half, -1};
  }
  return {0, 0, 0};  // unreachable: set_rnd rejects other encodings
}

// Bias for a sign-magnitude value (the float -> bfloat16 path): a positive value rounds like
// two's complement; for a negative one the magnitude rounds in the opposite direction for the
// modes that look at the sign (floor/ceil, negative_inf/positive_inf).
inline round_bias sign_magnitude_bias(rounding_mode mode, unsigned drop) {
  const std::uint64_t all = (std::uint64_t{1} << drop) - 1;
  const std::uint64_t half = std::uint64_t{1} << (drop - 1);
  switch (mode) {
    case rounding_mode::floor:
      return {0, all, 0};  // toward -inf: grow negative magnitudes
    case rounding_mode::ceil:
      return {all, 0, 0};
    case rounding_mode::symmetric_floor:
      return {0, 0, 0};
    case rounding_mode::symmetric_ceil:
      return {all, all, 0};
    case rounding_mode::negative_inf:
      return {half - 1, half, 0};
    case rounding_mode::positive_inf:
      return {half, half - 1, 0};
    case rounding_mode::symmetric_zero:
      return {half - 1, half - 1, 0};
    case rounding_mode::symmetric_inf:
      return {half, half, 0};
    case rounding_mode::conv_even:
      return {half - 1, half - 1, +1};
    case rounding_mode::conv_odd:
      return {half, half, -1};
  }
  return {0, 0, 0};
}

// Throws for a shift the SRS unit cannot perform; kernels pass literal shifts, so a bad one is
// a programming error worth a clear message rather than silently different bits.
inline void check_shift(int shift, unsigned lane_bits, const char* what) {
  if (shift < 0 || static_cast<unsigned>(shift) >= lane_bits) [[unlikely]] {
    throw std::out_of_range(std::string(what) + ": shift " + std::to_string(shift) +
                            " outside [0, " + std::to_string(lane_bits - 1) +
                            "] for this accumulator");
  }
}

// SRS of integer accumulator lanes (int32_t or int64_t) to integer lanes of Out.
template <typename Out, typename Lane, unsigned N>
XDNA_AIE_INLINE void srs_integer(const Lane* in, Out* out, int shift, rounding_mode mode,
                                 saturation_mode sat) {
  using ULane = std::make_unsigned_t<Lane>;
  static_assert(sizeof(Out) <= sizeof(Lane), "to_vector: target lanes wider than the accumulator");
  // Rounded values before saturation, kept in the accumulator lane type.
  Lane rounded[N];
  if (shift == 0) {
    for (unsigned i = 0; i < N; ++i) rounded[i] = in[i];
  } else {
    const unsigned s = static_cast<unsigned>(shift);
    const round_bias b = twos_complement_bias(mode, s);
    const ULane low_mask = (ULane{1} << s) - 1;
    const ULane pos = static_cast<ULane>(b.pos_bias), neg = static_cast<ULane>(b.neg_bias);
    const ULane coef = static_cast<ULane>(static_cast<Lane>(b.parity_coef));
    for (unsigned i = 0; i < N; ++i) {
      const Lane v = in[i];
      const Lane kept = static_cast<Lane>(v >> s);
      const ULane parity = static_cast<ULane>(kept) & 1u;
      const ULane bias = (v < 0 ? neg : pos) + coef * parity;
      const ULane frac = (static_cast<ULane>(v) & low_mask) + bias;
      rounded[i] = static_cast<Lane>(kept + static_cast<Lane>(frac >> s));
    }
  }
  if (sat == saturation_mode::none) {
    for (unsigned i = 0; i < N; ++i) out[i] = static_cast<Out>(rounded[i]);  // drop high bits
    return;
  }
  constexpr Lane out_max =
      static_cast<Lane>(std::numeric_limits<Out>::max() > std::numeric_limits<Lane>::max()
                            ? std::numeric_limits<Lane>::max()
                            : std::numeric_limits<Out>::max());
  Lane lo = static_cast<Lane>(std::numeric_limits<Out>::min());
  if (std::is_signed_v<Out> && sat == saturation_mode::symmetric) lo = static_cast<Lane>(-out_max);
  for (unsigned i = 0; i < N; ++i) {
    const Lane r = rounded[i];
    out[i] = static_cast<Out>(r < lo ? lo : (r > out_max ? out_max : r));
  }
}

// The AIE-ML float datapath does not support subnormals (AM020, "Floating-Point Vector Unit"):
// we model that as flush-to-zero keeping the sign, on inputs and results of accfloat math.
XDNA_AIE_INLINE float flush_subnormal(float f) {
  const std::uint32_t u = std::bit_cast<std::uint32_t>(f);
  return (u & 0x7f800000u) == 0 ? std::bit_cast<float>(u & 0x80000000u) : f;
}

// SRS of fp32 lanes to bfloat16 under `mode`: the 16 discarded mantissa bits round like an
// integer's, on the magnitude (sign-magnitude format); a carry into the exponent rounds up to
// the next binade or to infinity, as IEEE does. NaN stays NaN (quiet, sign kept). `out` holds
// bfloat16 bit patterns (detail::raw).
template <unsigned N>
XDNA_AIE_INLINE void srs_float_to_bf16(const float* in, std::uint16_t* out, rounding_mode mode) {
  const round_bias b = sign_magnitude_bias(mode, 16);
  const std::uint32_t pos = static_cast<std::uint32_t>(b.pos_bias);
  const std::uint32_t neg = static_cast<std::uint32_t>(b.neg_bias);
  const std::uint32_t coef = static_cast<std::uint32_t>(b.parity_coef);
  for (unsigned i = 0; i < N; ++i) {
    const std::uint32_t u = std::bit_cast<std::uint32_t>(flush_subnormal(in[i]));
    const std::uint32_t sign = u & 0x80000000u;
    const std::uint32_t mag = u & 0x7fffffffu;
    const std::uint32_t parity = (mag >> 16) & 1u;
    const std::uint32_t bias = (sign ? neg : pos) + coef * parity;
    const std::uint32_t rounded = ((mag + bias) >> 16) | (sign >> 16);
    const std::uint32_t nan = (u >> 16) | 0x0040u;
    out[i] = static_cast<std::uint16_t>(mag > 0x7f800000u ? nan : rounded);
  }
}

}  // namespace aie::detail
