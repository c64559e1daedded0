// Lane arithmetic shared by the multiplier operations (mmul, sliding_mul): the exact product of
// two operand lanes and the wrap-around accumulation of integer accumulator lanes.
//
// Integer products are computed exactly in a type wide enough for them and added to the accumulator
// lane modulo 2^32 (acc32) or 2^64 (acc64), as the hardware adders drop the carry. bfloat16
// products are exact in binary32 (8-bit x 8-bit significands), so the only rounding of a bf16
// multiply-accumulate is in the additions. The AIE2 float datapath has no subnormals (AM020):
// inputs, products and sums that would be subnormal are flushed to zero keeping their sign
// (detail::flush_subnormal, as the rest of the accfloat math does).
#pragma once

#include <cstdint>
#include <type_traits>

#include "../detail/core_state.hpp"
#include "../detail/legal.hpp"
#include "../detail/rounding.hpp"
#include "../types.hpp"

#ifndef XDNA_AIE_INLINE
#define XDNA_AIE_INLINE inline __attribute__((always_inline))
#endif

namespace aie::detail {

template <typename T>
inline constexpr unsigned mul_operand_bits = sizeof(T) * 8;

template <typename T>
inline constexpr bool is_int_mul_operand =
    std::is_same_v<T, int8> || std::is_same_v<T, uint8> || std::is_same_v<T, int16> ||
    std::is_same_v<T, uint16> || std::is_same_v<T, int32> || std::is_same_v<T, uint32>;

// A type that holds a * b exactly for integer operands A and B: 16 bits for 8-bit operands
// (|a * b| <= 2^14 signed, < 2^16 unsigned, and mixed products fit int16), 32 bits for up to
// 16-bit operands, 64 bits otherwise. The narrowest exact type lets the host use its fastest
// multiplies.
template <typename A, typename B>
using exact_product_t = std::conditional_t<
    (mul_operand_bits<A> <= 8 && mul_operand_bits<B> <= 8),
    std::conditional_t<std::is_unsigned_v<A> && std::is_unsigned_v<B>, std::uint16_t, std::int16_t>,
    std::conditional_t<(mul_operand_bits<A> <= 16 && mul_operand_bits<B> <= 16),
                       std::conditional_t<std::is_unsigned_v<A> && std::is_unsigned_v<B>,
                                          std::uint32_t, std::int32_t>,
                       std::conditional_t<std::is_unsigned_v<A> && std::is_unsigned_v<B>,
                                          std::uint64_t, std::int64_t>>>;

// Integer lanes: acc + p modulo 2^bits(S). Conversions to and from the unsigned type are defined
// modulo 2^n (C++20), so the result is the two's complement wrap of the exact sum.
template <typename S, typename P>
XDNA_AIE_INLINE S add_product(S acc, P p) {
  if constexpr (std::is_floating_point_v<S>) {
    return flush_subnormal(acc + p);
  } else {
    using U = std::make_unsigned_t<S>;
    return static_cast<S>(static_cast<U>(static_cast<U>(acc) + static_cast<U>(p)));
  }
}

template <typename S, typename P>
XDNA_AIE_INLINE S sub_product(S acc, P p) {
  if constexpr (std::is_floating_point_v<S>) {
    return flush_subnormal(acc - p);
  } else {
    using U = std::make_unsigned_t<S>;
    return static_cast<S>(static_cast<U>(static_cast<U>(acc) - static_cast<U>(p)));
  }
}

// The exact product of one lane of A and one lane of B.
template <typename A, typename B>
XDNA_AIE_INLINE auto lane_product(A a, B b) {
  if constexpr (std::is_same_v<A, bfloat16> && std::is_same_v<B, bfloat16>) {
    return flush_subnormal(flush_subnormal(static_cast<float>(a)) *
                           flush_subnormal(static_cast<float>(b)));
  } else {
    using P = exact_product_t<A, B>;
    return static_cast<P>(static_cast<P>(a) * static_cast<P>(b));
  }
}

// Integer accumulator bits a tag asks for: up to 32 -> acc32 lanes, up to 64 -> acc64 lanes.
// accfloat counts as 32 bits, as in the real API (mlir-aie's int16 GEMM passes accfloat to an
// integer mmul and gets 32-bit accumulation).
template <typename Tag>
inline constexpr unsigned requested_accum_bits =
    std::is_same_v<Tag, accauto> ? 0 : (std::is_same_v<Tag, accfloat> ? 32 : accum_lane_bits<Tag>);

template <unsigned Bits>
using int_accum_tag_for_bits = std::conditional_t<Bits == 64, acc64, acc32>;

}  // namespace aie::detail
