// Raw lane access: bfloat16 lanes as their uint16_t bit patterns. bfloat16 is a standard-layout
// class whose only member is the uint16_t, so a pointer to it is pointer-interconvertible with a
// pointer to its bits. Loops over raw bits vectorise; loops that copy the class do not (GCC
// treats each class copy as a memory-to-memory statement).
#pragma once

#include <bit>
#include <cstdint>
#include <type_traits>

#include "../types.hpp"

#ifndef XDNA_AIE_INLINE
#define XDNA_AIE_INLINE inline __attribute__((always_inline))
#endif

namespace aie::detail {

static_assert(std::is_standard_layout_v<bfloat16> && sizeof(bfloat16) == sizeof(std::uint16_t));

template <typename T>
using raw_t = std::conditional_t<std::is_same_v<T, bfloat16>, std::uint16_t, T>;

template <typename T>
XDNA_AIE_INLINE raw_t<T>* raw(T* p) {
  return reinterpret_cast<raw_t<T>*>(p);
}
template <typename T>
XDNA_AIE_INLINE const raw_t<T>* raw(const T* p) {
  return reinterpret_cast<const raw_t<T>*>(p);
}

// The float value of a bfloat16 bit pattern (exact).
XDNA_AIE_INLINE float bf16_bits_to_float(std::uint16_t b) {
  return std::bit_cast<float>(static_cast<std::uint32_t>(b) << 16);
}

// The value a comparison or an fp operation sees for a raw lane of T: float for bfloat16.
template <typename T>
XDNA_AIE_INLINE auto value_of(raw_t<T> x) {
  if constexpr (std::is_same_v<T, bfloat16>)
    return bf16_bits_to_float(x);
  else
    return x;
}

}  // namespace aie::detail
